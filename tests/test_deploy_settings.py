"""Production settings pass Django's deployment checklist; start-up without DEBUG refuses unsafe
settings, each with a message saying what to set; settings helpers refuse bad values."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from ita_portal.lib.env import (
    ERROR_ALLOWED_HOSTS_EMPTY,
    ERROR_SECRET_KEY_MISSING,
    ERROR_SECRET_KEY_WEAK,
    ERROR_SQLITE_IN_PRODUCTION,
    env_float,
    env_header_pair,
)
from ita_portal.settings import env_bool, env_int
from tests.manage_subprocess import manage

STRONG_KEY = "k7Qe-production-secret-with-enough-entropy-0123456789-abcdefXYZ"
# What an operator sets (deploy/env.example); no database connection is made by `check`.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "ita.example.go.th",
    "CSRF_TRUSTED_ORIGINS": "https://ita.example.go.th",
    "DATABASE_URL": "postgres://ita@127.0.0.1:5432/ita_deploy_check",
}


def setting_values(names: str, **env: str) -> str:
    code = (
        f"from django.conf import settings as s; print([getattr(s, n) for n in {names.split()!r}])"
    )
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_is_clean_with_the_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@override_settings(
    DEBUG=False,
    SECRET_KEY=STRONG_KEY,
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_check_deploy_is_clean_with_production_settings():
    call_command("check", "--deploy", "--fail-level", "WARNING")


def test_production_defaults_are_https_only():
    values = setting_values(
        "SECURE_SSL_REDIRECT SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS "
        "SECURE_HSTS_PRELOAD SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_PROXY_SSL_HEADER "
        "CSRF_TRUSTED_ORIGINS",
        **PRODUCTION_ENV,
    )
    assert values == "[True, 31536000, True, True, True, True, None, ['https://ita.example.go.th']]"


def test_behind_a_tls_proxy_the_redirect_can_be_left_to_the_proxy():
    values = setting_values(
        "SECURE_SSL_REDIRECT SECURE_PROXY_SSL_HEADER",
        **PRODUCTION_ENV,
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert values == "[False, ('HTTP_X_FORWARDED_PROTO', 'https')]"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, ERROR_SECRET_KEY_MISSING),
        ({"SECRET_KEY": "too-short-0123456789"}, ERROR_SECRET_KEY_WEAK),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, ERROR_SECRET_KEY_WEAK),
        ({"SECRET_KEY": "ab" * 40}, ERROR_SECRET_KEY_WEAK),
        ({"ALLOWED_HOSTS": ""}, ERROR_ALLOWED_HOSTS_EMPTY),
        ({"DATABASE_URL": "sqlite:////tmp/ita.sqlite3"}, ERROR_SQLITE_IN_PRODUCTION),
        ({"DATABASE_URL": ""}, ERROR_SQLITE_IN_PRODUCTION),
    ],
)
def test_start_up_without_debug_refuses_with_a_line_saying_what_to_set(change, message):
    result = manage("check", **(PRODUCTION_ENV | change))
    assert result.returncode != 0
    # The message alone, one line, no traceback.
    assert result.stderr.strip() == message
    assert "\n" not in message


def test_every_problem_is_named_at_once():
    result = manage("check", DEBUG="false")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        ERROR_SECRET_KEY_MISSING,
        ERROR_ALLOWED_HOSTS_EMPTY,
        ERROR_SQLITE_IN_PRODUCTION,
    ]


def test_sqlite_is_allowed_in_production_only_when_asked_for():
    env = PRODUCTION_ENV | {"DATABASE_URL": "sqlite:////tmp/ita.sqlite3"}
    result = manage("check", **env, ALLOW_SQLITE_IN_PRODUCTION="true")
    assert result.returncode == 0, result.stderr


def test_development_needs_nothing_set():
    result = manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_value_stops_the_start_naming_the_variable():
    result = manage("check", **PRODUCTION_ENV, SECURE_SSL_REDIRECT="maybe")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_env_bool_refuses_a_vague_value(monkeypatch):
    monkeypatch.setenv("ITA_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ITA_TEST_FLAG", False)


def test_env_int_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("ITA_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("ITA_TEST_NUMBER", 1)


@pytest.mark.parametrize("raw", ["x", "1.5", "-0.1", "nan"])
def test_env_float_refuses_a_value_out_of_range(monkeypatch, raw):
    monkeypatch.setenv("ITA_TEST_RATE", raw)
    with pytest.raises(ImproperlyConfigured):
        env_float("ITA_TEST_RATE", 0.0, low=0.0, high=1.0)


@pytest.mark.parametrize("raw", ["X_FORWARDED_PROTO,https", "HTTP_X_FORWARDED_PROTO", "a,b,c"])
def test_env_header_pair_refuses_a_malformed_header(monkeypatch, raw):
    monkeypatch.setenv("ITA_TEST_HEADER", raw)
    with pytest.raises(ImproperlyConfigured):
        env_header_pair("ITA_TEST_HEADER")


def test_axes_lockout_is_temporary_and_per_username_and_address(settings):
    assert settings.AXES_COOLOFF_TIME is not None
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_media_stay_on_the_file_system_unless_a_bucket_is_asked_for():
    from ita_portal.lib.storage_settings import FILE_SYSTEM_BACKEND, media_storage

    assert media_storage({}) == {"BACKEND": FILE_SYSTEM_BACKEND}
    assert media_storage({"MEDIA_STORAGE": "file", "AWS_STORAGE_BUCKET_NAME": "ita-media"}) == {
        "BACKEND": FILE_SYSTEM_BACKEND
    }


@pytest.mark.parametrize("env", [{"MEDIA_STORAGE": "s3"}, {}])
def test_a_bucket_is_private_path_addressed_and_never_overwritten(env):
    from ita_portal.lib.storage_settings import S3_BACKEND, media_storage

    config = media_storage(
        env
        | {
            "AWS_STORAGE_BUCKET_NAME": "ita-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.go.th",
            "AWS_S3_REGION_NAME": "th-1",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        }
    )
    assert config["BACKEND"] == S3_BACKEND
    assert config["OPTIONS"] == {
        "bucket_name": "ita-media",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
        "location": "",
        "endpoint_url": "https://s3.example.go.th",
        "region_name": "th-1",
        "access_key": "key",
        "secret_key": "secret",
    }


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MEDIA_STORAGE": "nfs"}, "MEDIA_STORAGE ต้องเป็น file หรือ s3"),
        ({"MEDIA_STORAGE": "s3"}, "ยังไม่ได้ตั้ง AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "x"}, "AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_a_wrong_media_storage_stops_the_start_in_thai(env, message):
    from ita_portal.lib.storage_settings import media_storage

    with pytest.raises(ImproperlyConfigured) as refused:
        media_storage(env)
    assert message in str(refused.value)
