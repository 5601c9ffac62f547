"""Typed readers of environment variables, and the refusals of an unsafe production start-up.

Each reader returns the default for an unset or empty variable and raises ImproperlyConfigured
for a value it cannot read: a typo in a deployment must stop the start, never be guessed at.
"""

from __future__ import annotations

import os

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

# One line each, Thai then English, naming what to set (shown when start-up is refused).
ERROR_SECRET_KEY_MISSING = (
    "ยังไม่ได้ตั้ง SECRET_KEY: ตั้งเป็นค่าสุ่มยาวอย่างน้อย 50 ตัวอักษร "
    "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') หรือ DEBUG=true บนเครื่องพัฒนา"
    " / SECRET_KEY is not set: set a random value of at least 50 characters"
)
ERROR_SECRET_KEY_WEAK = (
    "SECRET_KEY อ่อนเกินไป: ต้องยาวอย่างน้อย 50 ตัวอักษร มีอักขระต่างกันอย่างน้อย 5 ตัว "
    "และไม่ขึ้นต้นด้วย django-insecure- (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
    " / SECRET_KEY is too weak: use at least 50 random characters"
)
ERROR_ALLOWED_HOSTS_EMPTY = (
    "ยังไม่ได้ตั้ง ALLOWED_HOSTS: ใส่ชื่อโดเมนของเว็บ คั่นด้วยจุลภาค เช่น "
    "ALLOWED_HOSTS=ita.example.go.th / ALLOWED_HOSTS is empty: set the site's host names, comma-separated"
)
ERROR_SQLITE_IN_PRODUCTION = (
    "ไม่ใช้ SQLite เมื่อ DEBUG ปิด: ตั้ง DATABASE_URL=postgres://ผู้ใช้:รหัสผ่าน@เครื่อง:5432/ชื่อฐานข้อมูล "
    "หรือ ALLOW_SQLITE_IN_PRODUCTION=true ถ้าตั้งใจ / SQLite is refused without DEBUG: "
    "set DATABASE_URL to PostgreSQL, or ALLOW_SQLITE_IN_PRODUCTION=true"
)
ERROR_BOOL = "{name} ต้องเป็น true หรือ false แต่ได้ {raw!r} / {name} must be true or false"
ERROR_INT = "{name} ต้องเป็นจำนวนเต็ม แต่ได้ {raw!r} / {name} must be an integer"
ERROR_FLOAT = "{name} ต้องเป็นตัวเลขระหว่าง {low} ถึง {high} แต่ได้ {raw!r} / {name} must be a number from {low} to {high}"
ERROR_MILLISECONDS = (
    "{name} ต้องเป็นจำนวนเต็มของมิลลิวินาที ตั้งแต่ 0 ขึ้นไป (เช่น 30000 คือ 30 วินาที, 0 คือไม่จำกัด)"
    " แต่ได้ {raw!r} / {name} must be a whole number of milliseconds, 0 or more"
)
ERROR_HEADER_PAIR = (
    "{name} ต้องอยู่ในรูป HTTP_X_FORWARDED_PROTO,https แต่ได้ {raw!r} "
    "/ {name} must look like HTTP_X_FORWARDED_PROTO,https"
)


class UnsafeProductionSettings(ImproperlyConfigured):
    """Settings that must not run without DEBUG; the message says what to set."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    return raw


def env_str(name: str, default: str) -> str:
    raw = _raw(name)
    return default if raw is None else raw.strip()


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; refuse anything that is not clearly yes or no."""
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(ERROR_BOOL.format(name=name, raw=raw))


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError as exc:
        raise ImproperlyConfigured(ERROR_INT.format(name=name, raw=raw)) from exc


def env_milliseconds(name: str) -> int:
    """A duration in whole milliseconds; unset, blank or 0 is none (0)."""
    raw = _raw(name)
    if raw is None:
        return 0
    text = raw.strip()
    if not (text.isascii() and text.isdigit()):
        raise ImproperlyConfigured(ERROR_MILLISECONDS.format(name=name, raw=raw))
    return int(text)


def env_float(name: str, default: float, *, low: float, high: float) -> float:
    """Read a number within [low, high]."""
    raw = _raw(name)
    if raw is None:
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ImproperlyConfigured(ERROR_FLOAT.format(name=name, raw=raw, low=low, high=high))
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    raw = _raw(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_header_pair(name: str) -> tuple[str, str] | None:
    """A (META header, value) pair such as SECURE_PROXY_SSL_HEADER, written `HEADER,value`."""
    raw = _raw(name)
    if raw is None:
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not parts[0].startswith("HTTP_") or not parts[1]:
        raise ImproperlyConfigured(ERROR_HEADER_PAIR.format(name=name, raw=raw))
    return parts[0], parts[1]


def secret_key_is_weak(key: str) -> bool:
    """Django's own test of a weak key (the --deploy check W009)."""
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def production_problems(
    *, secret_key: str, allowed_hosts: list[str], database_engine: str, allow_sqlite: bool
) -> list[str]:
    """What stops a start-up without DEBUG: one message per problem, empty when all is well."""
    problems = []
    if not secret_key:
        problems.append(ERROR_SECRET_KEY_MISSING)
    elif secret_key_is_weak(secret_key):
        problems.append(ERROR_SECRET_KEY_WEAK)
    if not allowed_hosts:
        problems.append(ERROR_ALLOWED_HOSTS_EMPTY)
    if database_engine.endswith("sqlite3") and not allow_sqlite:
        problems.append(ERROR_SQLITE_IN_PRODUCTION)
    return problems


ERROR_HARD_LIMIT_BELOW_SOFT = (
    "REPORT_PUBLISH_HARD_TIME_LIMIT ({hard} วินาที) ต้องมากกว่า REPORT_PUBLISH_TIME_LIMIT ({soft} วินาที)"
    " / the hard time limit must exceed the soft one"
)
ERROR_VISIBILITY_TOO_SHORT = (
    "CELERY_BROKER_VISIBILITY_TIMEOUT ({visibility} วินาที) ต้องมากกว่า REPORT_PUBLISH_HARD_TIME_LIMIT"
    " ({hard} วินาที) มิฉะนั้นงานที่ยังทำอยู่จะถูกส่งให้ทำซ้ำ / the visibility timeout must exceed"
    " the task's hard time limit"
)
ERROR_STALE_TOO_SHORT = (
    "PUBLICATION_JOB_STALE_MINUTES ({minutes} นาที) ต้องนานกว่า CELERY_BROKER_VISIBILITY_TIMEOUT"
    " รวมกับ REPORT_PUBLISH_HARD_TIME_LIMIT ({seconds} วินาที) มิฉะนั้นงานจะถูกปิดว่าล้มเหลว"
    "ขณะที่รายงานยังกลับมาทำต่อได้ / a job must not go stale while its tasks can still come back"
)


def celery_redelivery_problems(
    *, hard_time_limit: int, soft_time_limit: int, visibility_timeout: int, stale_minutes: int
) -> list[str]:
    """What makes a lost task come back too early (twice) or too late (after its job closed)."""
    problems = []
    if hard_time_limit <= soft_time_limit:
        problems.append(
            ERROR_HARD_LIMIT_BELOW_SOFT.format(hard=hard_time_limit, soft=soft_time_limit)
        )
    if visibility_timeout <= hard_time_limit:
        problems.append(
            ERROR_VISIBILITY_TOO_SHORT.format(visibility=visibility_timeout, hard=hard_time_limit)
        )
    if stale_minutes * 60 <= visibility_timeout + hard_time_limit:
        problems.append(
            ERROR_STALE_TOO_SHORT.format(
                minutes=stale_minutes, seconds=visibility_timeout + hard_time_limit
            )
        )
    return problems
