"""Background jobs of the plans app (Celery when a broker is configured)."""

from __future__ import annotations

import logging
from smtplib import SMTPException
from typing import Any

from celery import shared_task

from ita_portal.lib.mail import deliver

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_plan_mail(self: Any, subject: str, body: str, recipients: list[str], what: str) -> None:
    """Send a workflow e-mail; a mail server that is down is tried again for about five hours."""
    try:
        deliver(subject, body, recipients)
    except Exception:
        logger.warning(
            "plan mail failed (attempt %s): %s to=%s", self.request.retries + 1, what, recipients
        )
        raise
    logger.info("plan mail sent: %s to=%s", what, recipients)
