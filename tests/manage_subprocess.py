"""Run manage.py in a fresh process with chosen environment variables (start-up tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Anything of the caller's environment that would change the outcome.
CLEARED = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL",
    "ALLOW_SQLITE_IN_PRODUCTION", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SENTRY_DSN", "CELERY_BROKER_URL",
    "DATABASE_STATEMENT_TIMEOUT",
]  # fmt: skip


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run manage.py in a fresh process with exactly these settings variables."""
    environ = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environ |= env
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
