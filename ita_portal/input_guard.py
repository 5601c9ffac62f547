"""Input no view should ever see: refused once, here, in Thai, before any view or the database.

- A NUL byte (\\x00) in a query parameter or a posted field: PostgreSQL refuses NUL in
  text, so a reason or comment a view read from request.POST itself (not through a form's
  ProhibitNullCharactersValidator), a search or an admin filter answered 500. No text of the
  portal may hold one: 400 with the Thai page. In the path it names no address: 404.
- An integer past the database's 64-bit range reaching a query (an admin filter such as
  ?agency=99999999999999999999; SQLite raises OverflowError): no such row, the Thai 404.
  Ids in URLs never get that far: they use the `dbint` converter (ita_portal/lib/converters.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

from ita_portal.errors import MESSAGE_NUL, render_page

logger = logging.getLogger(__name__)
__all__ = ["MESSAGE_NUL", "InputGuardMiddleware", "has_nul_byte"]

# The one OverflowError a query raises: SQLite's, for an integer above 2**63 - 1.
SQLITE_OVERFLOW = "too large to convert to SQLite INTEGER"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())


def has_nul_byte(request: HttpRequest) -> bool:
    """Whether the query string or a posted field (name or value) holds a NUL byte."""
    if _has_nul(request.GET):
        return True
    return request.method in BODY_METHODS and _has_nul(request.POST)


class InputGuardMiddleware:
    """A NUL byte anywhere in the request: 400; a database integer overflow: 404 (both Thai)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            # No address holds one: not found (as /media/ always answered), whatever the view.
            return render_page("404")
        if has_nul_byte(request):
            logger.warning("request refused: NUL byte path=%r", request.path)
            return render_page("nul_byte")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError) and SQLITE_OVERFLOW in str(exception):
            logger.warning("request refused: integer out of range path=%s", request.path)
            return render_page("404")
        return None
