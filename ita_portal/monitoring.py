"""Optional error reports to Sentry: settings call init_sentry() only when SENTRY_DSN is set."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

ERROR_SENTRY_MISSING = (
    "ตั้ง SENTRY_DSN แล้วแต่ยังไม่ได้ติดตั้ง sentry-sdk: pip install -r requirements/prod.txt "
    "หรือลบ SENTRY_DSN / SENTRY_DSN is set but sentry-sdk is not installed"
)


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    """Send unhandled errors of Django and Celery to Sentry, without personal data."""
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as exc:
        raise ImproperlyConfigured(ERROR_SENTRY_MISSING) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        # Users are Thai officials: their names and addresses stay out of error reports.
        send_default_pii=False,
    )
