"""Sentry is optional: imported and started only when SENTRY_DSN is set, without personal data."""

from __future__ import annotations

import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal.monitoring import ERROR_SENTRY_MISSING, init_sentry
from tests.manage_subprocess import manage

PROBE = (
    "import sys; loaded = 'sentry_sdk' in sys.modules; "
    "client = sys.modules['sentry_sdk'].get_client() if loaded else None; "
    "print(loaded, client is not None and client.is_active(), "
    "client.options['send_default_pii'] if client else None)"
)


def test_without_a_dsn_sentry_is_not_even_imported():
    result = manage("shell", "--no-imports", "-c", PROBE, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "None"]


def test_with_a_dsn_errors_go_to_sentry_without_personal_data():
    # A DSN on the loopback: nothing is sent at start-up, and nothing could leave the machine.
    result = manage(
        "shell", "--no-imports", "-c", PROBE, DEBUG="true", SENTRY_DSN="http://k@127.0.0.1:9/1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "False"]


def test_a_dsn_without_sentry_sdk_installed_stops_the_start(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # import fails as if not installed
    with pytest.raises(ImproperlyConfigured, match="sentry-sdk"):
        init_sentry(dsn="http://k@127.0.0.1:9/1", environment="test", traces_sample_rate=0.0)
    assert "sentry-sdk" in ERROR_SENTRY_MISSING
