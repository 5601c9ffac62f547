"""E-mail helpers: header values on one line, links that work outside the site, and workflow
mails sent after the commit through an app's Celery task or inline (no app imports)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from smtplib import SMTPException
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

# A subject longer than this is cut (RFC 5322 asks for lines under 998 characters).
SUBJECT_MAX_LENGTH = 250


def header_line(text: str, max_length: int = SUBJECT_MAX_LENGTH) -> str:
    """text fit for an e-mail header: CR, LF and every other control or line separator become a
    space (a header value with a newline is refused by Django, or injects headers elsewhere)."""
    cleaned = "".join(" " if unicodedata.category(ch) in {"Cc", "Zl", "Zp"} else ch for ch in text)
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1].rstrip() + "…"
    return cleaned


def absolute_url(path: str) -> str:
    """A link for an e-mail: settings.SITE_URL (the address users open) followed by path."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def deliver(subject: str, body: str, recipients: Sequence[str]) -> None:
    """Send one message now through the configured backend; errors reach the caller."""
    send_mail(header_line(subject), body, settings.DEFAULT_FROM_EMAIL, list(recipients))


# The retry policy of every mail task (Celery's shared_task options): a mail server that is
# down is tried again with growing pauses, for about five hours in all.
MAIL_TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": 8,
}


class MailTask(Protocol):
    """A Celery task sending (subject, body, recipients, what) with deliver_in_task."""

    def delay(self, subject: str, body: str, recipients: list[str], what: str) -> Any: ...


def mail_after_commit(
    *,
    subject: str,
    body: str,
    recipients: Sequence[str],
    what: str,
    task: MailTask,
    kind: str,
    log: logging.Logger,
) -> None:
    """Send the message once the current transaction commits (not at all if it rolls back),
    as send_or_queue does."""
    if not recipients:
        return
    message = _Message(header_line(subject), body, list(recipients), what, task, kind, log)
    transaction.on_commit(message.dispatch)


def send_or_queue(
    *,
    subject: str,
    body: str,
    recipients: Sequence[str],
    what: str,
    task: MailTask,
    kind: str,
    log: logging.Logger,
) -> None:
    """Send the message now, from code that runs after the commit already.

    With a broker (CELERY_BROKER_URL) it goes to task's queue, which retries while the mail
    server is down; without one, or when the broker refuses it, it is sent inline. A failure is
    logged on log as "<kind> failed: <what> to=<recipients>", never raised: the user's action
    is committed already and a message cannot undo it.
    """
    if recipients:
        _Message(header_line(subject), body, list(recipients), what, task, kind, log).dispatch()


@dataclass(frozen=True)
class _Message:
    subject: str
    body: str
    recipients: list[str]
    what: str
    task: MailTask
    kind: str
    log: logging.Logger

    def dispatch(self) -> None:
        args = (self.kind, self.what, self.recipients)
        if settings.CELERY_BROKER_URL:
            try:
                self.task.delay(self.subject, self.body, self.recipients, self.what)
            except Exception:
                self.log.exception("%s not queued, sending inline: %s to=%s", *args)
            else:
                self.log.info("%s queued: %s to=%s", *args)
                return
        try:
            deliver(self.subject, self.body, self.recipients)
        except Exception:
            # The action is saved; the message is lost for now and the log says so, with whom.
            self.log.exception("%s failed: %s to=%s", *args)
        else:
            self.log.info("%s sent: %s to=%s", *args)


def deliver_in_task(
    task: Any,
    subject: str,
    body: str,
    recipients: list[str],
    what: str,
    *,
    kind: str,
    log: logging.Logger,
) -> None:
    """The body of a mail task (bound, MAIL_TASK_OPTIONS): a failure is logged and raised so
    that Celery tries again."""
    try:
        deliver(subject, body, recipients)
    except Exception:
        attempt = task.request.retries + 1
        log.warning("%s failed (attempt %s): %s to=%s", kind, attempt, what, recipients)
        raise
    log.info("%s sent: %s to=%s", kind, what, recipients)
