"""A runaway query cannot hold a web or Celery worker for ever: on PostgreSQL each statement of
theirs is cancelled after DATABASE_STATEMENT_TIMEOUT milliseconds; management commands
(migrate, backup, restore) run without it; a value that is no number of milliseconds stops the
start with a Thai message."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ita_portal.lib.env import ERROR_MILLISECONDS, env_milliseconds
from tests.manage_subprocess import CLEARED, ROOT, manage

# No connection is made by reading the settings: any PostgreSQL address will do.
POSTGRES = "postgres://ita@127.0.0.1:5432/ita_statement_timeout_check"
PRINT_OPTIONS = (
    "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"
)


def worker_process(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run code after django.setup() the way gunicorn (wsgi.py) and Celery load the settings."""
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ |= {"DJANGO_SETTINGS_MODULE": "ita_portal.settings", "DEBUG": "true"} | env
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def options(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_a_worker_on_postgresql_gets_the_statement_timeout():
    result = worker_process(PRINT_OPTIONS, DATABASE_URL=POSTGRES, DATABASE_STATEMENT_TIMEOUT="1500")
    assert options(result)["options"] == "-c statement_timeout=1500"


@pytest.mark.parametrize("value", [None, "", "0"])
def test_no_statement_timeout_unless_one_is_set(value):
    env = {"DATABASE_URL": POSTGRES}
    if value is not None:
        env["DATABASE_STATEMENT_TIMEOUT"] = value
    assert "options" not in options(worker_process(PRINT_OPTIONS, **env))


def test_sqlite_has_no_statement_timeout():
    result = worker_process(PRINT_OPTIONS, DATABASE_STATEMENT_TIMEOUT="1500")
    assert "options" not in options(result)


def test_management_commands_run_without_the_statement_timeout():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_OPTIONS,
        DEBUG="true",
        DATABASE_URL=POSTGRES,
        DATABASE_STATEMENT_TIMEOUT="1500",
    )
    assert "options" not in options(result)


@pytest.mark.parametrize("raw", ["30s", "-1", "1.5", "สามหมื่น"])
def test_a_value_that_is_no_number_of_milliseconds_is_refused_in_thai(monkeypatch, raw):
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", raw)
    with pytest.raises(ImproperlyConfigured) as caught:
        env_milliseconds("DATABASE_STATEMENT_TIMEOUT")
    assert str(caught.value) == ERROR_MILLISECONDS.format(
        name="DATABASE_STATEMENT_TIMEOUT", raw=raw
    )


@pytest.mark.parametrize("starts", ["manage", "worker"])
def test_a_bad_value_stops_every_start_naming_the_variable(starts):
    env = {"DATABASE_URL": POSTGRES, "DATABASE_STATEMENT_TIMEOUT": "30s"}
    if starts == "manage":
        result = manage("check", DEBUG="true", **env)
    else:
        result = worker_process("pass", **env)
    assert result.returncode != 0
    assert ERROR_MILLISECONDS.format(name="DATABASE_STATEMENT_TIMEOUT", raw="30s") in result.stderr


@pytest.mark.django_db
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statement_timeout is a PostgreSQL setting"
)
def test_postgresql_applies_the_timeout_to_the_connection():
    code = (
        "from django.db import connection; c = connection.cursor();"
        " c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
    )
    # The test database, which exists whenever this runs (the URL's own may not: CI makes it,
    # a developer's run may name any database).
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    result = worker_process(code, DATABASE_URL=urlunsplit(url), DATABASE_STATEMENT_TIMEOUT="1500")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1500ms"
