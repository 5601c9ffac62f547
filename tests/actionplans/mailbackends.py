"""Mail backends for tests: a server that is down, and one that comes back after two tries."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class DownBackend(BaseEmailBackend):
    """Every send fails as when the SMTP server refuses the connection."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class FlakyBackend(LocmemBackend):
    """The first `failures` sends fail, later ones land in django.core.mail.outbox."""

    failures = 2
    attempts = 0

    def send_messages(self, email_messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)
