"""The maintenance switch (docs/deploy.md 2.3): while the file settings.MAINTENANCE_FILE names
exists, every request but /healthz/ gets a Thai 503 page. A file, not a setting, so that every
process of every machine sharing it turns at once, without a restart: `touch` to close,
`rm` to reopen."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ita_portal.errors import MESSAGE_MAINTENANCE as MAINTENANCE_MESSAGE
from ita_portal.errors import TITLE_MAINTENANCE as MAINTENANCE_TITLE
from ita_portal.errors import render_page

__all__ = ["MAINTENANCE_MESSAGE", "MAINTENANCE_TITLE", "MaintenanceMiddleware"]
RETRY_AFTER_SECONDS = 300
# Load balancers and the operator's checks keep asking while the portal is closed.
EXEMPT_PATHS = ("/healthz/",)


def maintenance_on() -> bool:
    return settings.MAINTENANCE_FILE.exists()


def maintenance_response() -> HttpResponse:
    # The error pages' one standalone template, rendered without the request: no context
    # processor, no session, no database query (the schema may be changing under it).
    return render_page(
        "maintenance",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


class MaintenanceMiddleware:
    """Answers the maintenance page before sessions, authentication or any view run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path not in EXEMPT_PATHS and maintenance_on():
            return maintenance_response()
        return self.get_response(request)
