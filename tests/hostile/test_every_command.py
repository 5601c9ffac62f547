"""Every management command of the portal, given hostile arguments: a Thai CommandError or a
normal end, never another exception (a traceback on the operator's screen).

Generic on purpose (issue 24): the commands are listed from get_commands() (the portal's own
apps), their arguments read from their parsers. Each argument that takes a value is given, in
turn and with the others valid, a NUL byte (any text), a 25-digit number (text and numbers),
1 MB of text (text), and for a file or folder: a missing one, a folder for a file and a NUL
in the path. Run on both databases (DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import io
from argparse import Action
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.db import transaction

from tests.hostile.forms import HUGE, NUL

# The arguments every Django command has (verbosity, settings…): not the portal's to check.
DJANGO_DESTS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}
# A word in an argument's name saying it is a file or a folder.
PATH_WORDS = ("file", "dir", "folder", "output", "archive", "identity", "html", "path")
ONE_MB_TEXT = "ก" * (1024 * 1024)

# Commands whose work is not called, each with the reason; their arguments are still parsed.
NOT_CALLED = {
    "load_demo": "loads the whole demo (a minute and more): its arguments are only parsed",
}


class Rollback(Exception):
    """Raised to undo what one call wrote, so each call meets the same data."""


def portal_commands() -> dict[str, str]:
    """name → app of every command of the portal's own apps (not Django's, not a package's)."""
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in config.path
    }
    return {name: app for name, app in get_commands().items() if app in ours}


def _results_file(folder: Path) -> Path:
    path = folder / "results.csv"
    path.write_text("code,preliminary_result,preliminary_comment,final_result\nO1,ผ่าน,,\n")
    return path


def _archive(folder: Path) -> str:
    from tests.hostile.test_manifests import _archive, _good

    return _archive(folder, _good())


def valid_arguments(folder: Path, admin: str) -> dict[str, list[str]]:
    """Arguments each command accepts, about the demo agency: one is changed at a time."""
    (folder / "backups").mkdir(exist_ok=True)
    scores = folder / "scores.csv"
    scores.write_text("agency_code,fiscal_year,name\n")
    agencies = folder / "agencies.csv"
    agencies.write_text("code,name\n")
    return {
        "assessment_summary": ["pathumthani-2", "2562"],
        "check_evidence": ["pathumthani-2", "2563"],
        "export_results": ["--year", "2562", "--output", str(folder / "out.csv")],
        "generate_national": ["--agencies", "2", "--years", "2562", "--schools-per-esa", "1"],
        "import_agencies": [str(agencies)],
        "import_scores": [str(scores)],
        "import_oit_results": [
            "pathumthani-2",
            "2563",
            str(_results_file(folder)),
            "--user",
            "demo-staff",
        ],
        "show_framework": ["nacc", "2562"],
        "backup": [str(folder / "backups")],
        "backup_prune": [str(folder / "backups"), "--daily", "1", "--dry-run"],
        "restore": [_archive(folder), "--check"],
        "proofread": ["pathumthani-2", "2562"],
        "publish_reports": ["--year", "2562", "--agency", "pathumthani-2", "--user", admin],
        "render_report": ["pathumthani-2", "2562", "--output", str(folder / "r.pdf")],
        # No argument that takes a value: nothing to sweep, called once with none.
        "clean_stored_photos": [],
        "migration_phases": [],
        "portal_version": [],
        "send_reminders": [],
        "verify_published": [],
        "load_demo": [],
    }


def _actions(name: str, app: str) -> list[Action]:
    parser = load_command_class(app, name).create_parser("manage.py", name)
    return [a for a in parser._actions if a.dest not in DJANGO_DESTS and a.nargs != 0]


def _hostile_values(action: Action, folder: Path) -> list[str]:
    if action.choices:
        return [f"{next(iter(action.choices))}{NUL}", HUGE]
    words = f"{action.dest} {action.help or ''}"
    if action.type is Path or any(w in action.dest for w in PATH_WORDS) or "แฟ้ม" in words:
        missing = folder / f"missing-{action.dest}" / "x.csv"  # a folder no call creates
        return [str(folder / f"x{NUL}y"), str(missing), str(folder)]
    if action.type in {int, float}:
        return [HUGE, f"-{HUGE}"]
    return [f"x{NUL}y", HUGE, ONE_MB_TEXT]


def _with(arguments: list[str], action: Action, value: str, index: int) -> list[str]:
    """The arguments with this action's value replaced (or added, for an option not given)."""
    changed = list(arguments)
    if not action.option_strings:
        positionals = [i for i, a in enumerate(changed) if not a.startswith("--")]
        positionals = [i for i in positionals if i == 0 or not changed[i - 1].startswith("--")]
        changed[positionals[index]] = value
        return changed
    option = action.option_strings[-1]
    for i, argument in enumerate(changed):
        if argument in action.option_strings:
            changed[i + 1] = value
            return changed
    return [*changed, option, value]


def _call(name: str, arguments: list[str]) -> str | None:
    """What went wrong (None: a CommandError or a normal end), what was written undone."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with transaction.atomic():
            call_command(name, *arguments, stdout=out, stderr=err)
            raise Rollback
    except (Rollback, CommandError):
        return None
    except Exception as exc:  # noqa: BLE001 - what the sweep is looking for
        return f"{type(exc).__name__}: {str(exc)[:160]}"


@pytest.fixture
def quiet_commands(monkeypatch, fast_pdf):
    """No PDF rendered, no link fetched, no dump: the sweep is about arguments, not the work."""
    from oit import services
    from tests.reports.conftest import fake_pdf

    monkeypatch.setattr("reports.management.commands.render_report.render_pdf", fake_pdf)
    monkeypatch.setattr(services, "evidence_check_links", lambda **kwargs: _NoLinks())
    # A real dump waits on the test's open transaction (SQLite) or runs pg_dump: a stand-in.
    monkeypatch.setattr("ita_portal.backup.dump_database", _fake_dump)


def _fake_dump(target: Path) -> dict[str, Any]:
    target.write_bytes(b"dump")
    return {"vendor": "sqlite", "sqlite": "3"}


class _NoLinks:
    def __init__(self) -> None:
        self.__dict__.update(checked=0, ok=0, broken=0, slow=0, unknown=0)


def test_every_command_of_the_portal_is_swept(tmp_path):
    """A new command must say how it is called (or why it is not): it cannot slip by."""
    missing = sorted(set(portal_commands()) - set(valid_arguments(tmp_path, "sweeper")))
    assert not missing, f"add these commands to valid_arguments(): {missing}"


@pytest.mark.django_db
def test_every_command_refuses_hostile_arguments(demo, tmp_path, media_root, quiet_commands):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("sweeper", "s@example.invalid", "x")
    valid = valid_arguments(tmp_path, "sweeper")
    failures, calls = [], 0
    for name, app in sorted(portal_commands().items()):
        for action in _actions(name, app):
            index = _positional_index(name, app, action)
            for value in _hostile_values(action, tmp_path):
                arguments = _with(valid[name], action, value, index)
                calls += 1
                if name in NOT_CALLED:
                    problem = _parse_only(name, app, arguments)
                else:
                    problem = _call(name, arguments)
                if problem:
                    shown = value if len(value) < 40 else f"{value[:10]}…({len(value)})"
                    failures.append(f"{name} {action.dest}={shown!r}: {problem}")
    print(f"{calls} calls")
    assert calls > 50
    assert not failures, "\n".join(failures)


def _positional_index(name: str, app: str, action: Action) -> int:
    positionals = [a.dest for a in _actions(name, app) if not a.option_strings]
    return positionals.index(action.dest) if action.dest in positionals else -1


def _parse_only(name: str, app: str, arguments: list[str]) -> str | None:
    parser = load_command_class(app, name).create_parser("manage.py", name)
    try:
        parser.parse_args(arguments)
    except CommandError:
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


def test_the_sweep_reports_a_traceback(db, monkeypatch):
    """The sweep's own check: a command raising anything but CommandError is reported."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")

    monkeypatch.setattr("tests.hostile.test_every_command.call_command", broken)
    assert _call("portal_version", []) == (
        "ValueError: A string literal cannot contain NUL (0x00) characters."
    )


def test_every_command_of_the_portal_refuses_a_nul_byte_first():
    """The refusal lives in one place (PortalCommand.execute): every command must inherit it."""
    from ita_portal.lib.arguments import PortalCommand

    plain = [
        n
        for n, app in portal_commands().items()
        if not isinstance(load_command_class(app, n), PortalCommand)
    ]
    assert not plain, f"these commands must subclass PortalCommand: {plain}"
