"""Production settings pass Django's deployment checklist; settings helpers refuse bad values."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from ita_portal.settings import env_bool, env_int


@override_settings(
    DEBUG=False,
    SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_check_deploy_is_clean_with_production_settings():
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_env_bool_refuses_a_vague_value(monkeypatch):
    monkeypatch.setenv("ITA_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ITA_TEST_FLAG", False)


def test_env_int_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("ITA_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("ITA_TEST_NUMBER", 1)


def test_axes_lockout_is_temporary_and_per_username_and_address(settings):
    assert settings.AXES_COOLOFF_TIME is not None
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
