"""Staff pages write every number in Thai digits (issue 21).

The staff and approver pages (the admin, the workspace, plans, committees, the report manager,
supervision) are Thai documents: their own figures were Thai (`thai_digits` in templates), but
the values they show came in both scripts (an agency's name with "เขต ๒" beside a year, a score
or an admin date in Arabic digits), so one line could mix the two. The page's text is given its
one script here, once, as the report's builder and the summary PDF do for theirs
(`thai.digits_in_html`): tags, attributes (form values), scripts, styles and typed text
(textarea, pre, code) are left as they are, and so are words with Latin letters (O42, a URL).

A view whose page has digits of its own choosing (the report preview follows the report's
setting) marks its response with `own_digits`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from ita_portal.lib.thai import thai_digits_in_page

# The paths of the pages only signed-in staff reach; the public portal keeps its own digits.
STAFF_PREFIXES = ("/admin/", "/manage/", "/plans/", "/committees/", "/supervise/")


def own_digits(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view's responses as written in the digits they chose themselves."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        response = view(*args, **kwargs)
        response.own_digits = True
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class StaffDigitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(STAFF_PREFIXES)
            and not getattr(response, "own_digits", False)
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and response.status_code == 200
        ):
            charset = response.charset or "utf-8"
            response.content = thai_digits_in_page(response.content.decode(charset)).encode(charset)
        return response
