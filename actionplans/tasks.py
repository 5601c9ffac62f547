"""Background jobs of the plans app (Celery when a broker is configured)."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from ita_portal.lib.mail import MAIL_TASK_OPTIONS, deliver_in_task

logger = logging.getLogger(__name__)

# How the log names these messages ("plan mail sent: …").
PLAN_MAIL = "plan mail"


@shared_task(**MAIL_TASK_OPTIONS)
def send_plan_mail(self: Any, subject: str, body: str, recipients: list[str], what: str) -> None:
    """Send a workflow e-mail; a mail server that is down is tried again for about five hours."""
    deliver_in_task(self, subject, body, recipients, what, kind=PLAN_MAIL, log=logger)
