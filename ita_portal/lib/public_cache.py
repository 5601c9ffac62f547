"""Public pages served from the shared cache until the next change to what they show (issue 23).

A view marked with `public_page` is answered from the cache to anonymous visitors: the first
GET renders it, the next ones get the stored bytes and headers (0 queries). The key holds the
generations of what the page shows, so a change never needs to find the pages it touches:

- `site`: frameworks, cohorts, agencies' names — every public page;
- `results`: publications and published figures — the lists, rankings, open data, agency pages;
- `agency:<code>`: one agency's own data — its agency, report and ITA pages.

A write bumps the generations it affects (`bump`, called by the signal receivers the reports
app connects); the pages keyed with the old number are never read again and expire. Anything
but an anonymous visitor without cookies (a session, a message) is served as before, uncached.
The cache is an aid, never a dependency: when it is down, pages are rendered as if uncached.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from .caching import CACHE_ERRORS, COUNTER_ERRORS

logger = logging.getLogger(__name__)

SITE = "site"
RESULTS = "results"
AGENCY = "agency"
MARK = "public_page_scopes"
HIT_HEADER = "X-Public-Cache"
# Headers the outer middleware (sessions, security) adds again on every response.
_NOT_STORED = frozenset({"vary", "set-cookie", "content-length"})

View = TypeVar("View", bound=Callable[..., Any])


def public_page(*, results: bool = True, agency_kwarg: str | None = None) -> Callable[[View], View]:
    """Mark a view as a public page: cached for anonymous visitors under the named generations."""

    def mark(view: View) -> View:
        setattr(view, MARK, (results, agency_kwarg))
        return view

    return mark


def _gen_key(scope: str) -> str:
    return f"public:gen:{scope}"


def _agency_scope(code: str) -> str:
    return f"{AGENCY}:{code}"


def bump(*scopes: str) -> None:
    """Invalidate every page keyed with these generations, now and again when the transaction
    commits (a page rendered from the old rows before the commit is stored under the old number)."""
    _bump_now(scopes)
    transaction.on_commit(lambda: _bump_now(scopes))


def bump_agency(code: str, *, results: bool) -> None:
    """The agency's own pages; with results, every page that lists published results too."""
    bump(_agency_scope(code), *([RESULTS] if results else []))


def bump_site() -> None:
    bump(SITE)


def _bump_now(scopes: tuple[str, ...]) -> None:
    for scope in scopes:
        key = _gen_key(scope)
        try:
            # A generation that was never set (or lost) starts from the clock, never from a
            # number an older page may still be stored under.
            if not cache.add(key, time.time_ns(), timeout=None):
                cache.incr(key)
        except COUNTER_ERRORS as exc:
            logger.error("public cache: generation %s not bumped: %r", scope, exc)


def _generations(scopes: list[str]) -> list[int]:
    keys = [_gen_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _cookies_allow(request: HttpRequest) -> bool:
    """Only a visitor without cookies beyond the CSRF one sees the shared page (a session or a
    pending message changes what the page shows)."""
    return all(name == settings.CSRF_COOKIE_NAME for name in request.COOKIES)


def _scopes(request: HttpRequest) -> list[str] | None:
    if request.method not in ("GET", "HEAD") or not _cookies_allow(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    mark = getattr(match.func, MARK, None)
    if mark is None:
        return None
    results, agency_kwarg = mark
    scopes = [SITE, *([RESULTS] if results else [])]
    if agency_kwarg is not None:
        scopes.append(_agency_scope(str(match.kwargs[agency_kwarg])))
    return scopes


def _page_key(request: HttpRequest, generations: list[int]) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    # The date: pages that count days to a deadline change at midnight.
    day = timezone.localdate().isoformat()
    gens = ".".join(map(str, generations))
    return f"public:page:{translation.get_language()}:{day}:{gens}:{digest}"


def _storable(response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _stored(response: HttpResponse) -> dict[str, Any]:
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
    return {"content": response.content, "headers": headers}


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponseBase:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    # The page depends on the visitor having no session: shared caches must know it too.
    patch_vary_headers(response, ("Cookie",))
    modified = response.get("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(modified) if modified else None,
        response=response,
    )
    return not_modified if not_modified is not None else response


class PublicPageCacheMiddleware:
    """Serve marked public pages from the shared cache (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        scopes = _scopes(request) if settings.PUBLIC_PAGE_CACHE else None
        if scopes is None:
            return self.get_response(request)
        try:
            # The key is taken before rendering: a page made from rows read before a publish
            # commits lands under the old generation, never under the new one.
            key = _page_key(request, _generations(scopes))
            stored = cache.get(key)
        except CACHE_ERRORS as exc:
            logger.warning(
                "public cache unavailable, %s rendered without it: %r", request.path, exc
            )
            return self.get_response(request)
        if stored is not None:
            return _replay(request, stored)
        response = self.get_response(request)
        if isinstance(response, HttpResponse) and _storable(response):
            try:
                cache.set(key, _stored(response), timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
            except CACHE_ERRORS as exc:
                logger.warning("public cache unavailable, %s not kept: %r", request.path, exc)
            response[HIT_HEADER] = "miss"
        return response
