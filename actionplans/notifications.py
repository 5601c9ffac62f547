"""Workflow e-mails: sent after the commit, never able to undo or fail the user's action.

With a broker (CELERY_BROKER_URL) the message goes to the queue (send_plan_mail), which retries
while the mail server is down; without one it is sent inline. Either way a failure is logged,
not raised (ita_portal.lib.mail.mail_after_commit).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ita_portal.lib import mail

from .tasks import PLAN_MAIL, send_plan_mail

logger = logging.getLogger(__name__)


def mail_after_commit(*, subject: str, body: str, recipients: Sequence[str], what: str) -> None:
    """Send the message once the current transaction commits (not at all if it rolls back)."""
    mail.mail_after_commit(
        subject=subject,
        body=body,
        recipients=recipients,
        what=what,
        task=send_plan_mail,
        kind=PLAN_MAIL,
        log=logger,
    )
