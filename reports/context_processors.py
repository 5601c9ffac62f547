"""Template context of every page: the count of what waits for the user's decision (plans to
approve, requests to reopen an approved plan)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ita_portal.lib.thai import to_thai_digits

from .overview import inbox_count


def approval_inbox_count(request: HttpRequest) -> dict[str, object]:
    """Counted only where a template shows it (the admin header): one COUNT query."""
    user = getattr(request, "user", None)

    def count() -> str:
        if user is None or not user.is_authenticated:
            return ""
        n = inbox_count(user)
        return to_thai_digits(n) if n else ""

    return {"approval_inbox_count": SimpleLazyObject(count)}
