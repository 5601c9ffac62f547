"""Background jobs of the assessments app (Celery when a broker is configured)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from ita_portal.lib.mail import MAIL_TASK_OPTIONS, deliver_in_task

logger = logging.getLogger(__name__)

# How the log names these messages ("public fact mail sent: …").
FACT_MAIL = "public fact mail"


@shared_task(**MAIL_TASK_OPTIONS)
def send_fact_mail(self: Any, subject: str, body: str, recipients: list[str], what: str) -> None:
    """Send a public-fact e-mail; a mail server that is down is tried again for hours."""
    deliver_in_task(self, subject, body, recipients, what, kind=FACT_MAIL, log=logger)
