"""Workflow e-mails: sent after the commit, never able to undo or fail the user's action.

With a broker (CELERY_BROKER_URL) the message goes to the queue, which retries while the mail
server is down; without one it is sent inline. Either way a failure is logged, not raised.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.db import transaction

from ita_portal.lib.mail import deliver, header_line

from .tasks import send_plan_mail

logger = logging.getLogger(__name__)


def mail_after_commit(*, subject: str, body: str, recipients: Sequence[str], what: str) -> None:
    """Send the message once the current transaction commits (not at all if it rolls back)."""
    if not recipients:
        return
    transaction.on_commit(partial(_dispatch, header_line(subject), body, list(recipients), what))


def _dispatch(subject: str, body: str, recipients: list[str], what: str) -> None:
    if settings.CELERY_BROKER_URL:
        try:
            send_plan_mail.delay(subject, body, recipients, what)
        except Exception:
            logger.exception("plan mail not queued, sending inline: %s to=%s", what, recipients)
        else:
            logger.info("plan mail queued: %s to=%s", what, recipients)
            return
    try:
        deliver(subject, body, recipients)
    except Exception:
        # The plan is saved; the message is lost for now and the log says so, with whom to tell.
        logger.exception("plan mail failed: %s to=%s", what, recipients)
    else:
        logger.info("plan mail sent: %s to=%s", what, recipients)
