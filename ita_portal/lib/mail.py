"""E-mail helpers: header values on one line, links that work outside the site (no app imports)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail

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
