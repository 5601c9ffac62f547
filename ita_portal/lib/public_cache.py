"""Public pages served from the shared cache until the next change to what they show (issue 23).

A view marked with `public_page` is answered from the cache to anonymous visitors: the first
GET renders it, the next ones get the stored bytes and headers (0 queries, one cache round
trip). A stored page carries the generations of what it shows, and is served only while they
are current, so a change never needs to find the pages it touches:

- `site`: frameworks, cohorts, agencies' names — every public page;
- `results`: publications and published figures — the lists, rankings, open data, agency pages;
- `agency:<code>`: one agency's own data — its agency, report and ITA pages.

A write records the generations it affects (`record`/`bump`, called by the signal receivers the
reports app connects); each is bumped once when the transaction commits, however many rows it
wrote, and a page stored with an older number is rendered again on its next request. Anything
but an anonymous visitor without cookies (a session, a message) is served as before, uncached.
The cache is an aid, never a dependency: when it is down, pages are rendered as if uncached.

A marked view may answer a file (a FileResponse, streamed): one of a known size up to
PUBLIC_PAGE_CACHE_MAX_FILE_BYTES, asked without a query string, is read into memory once, stored
like a page and sent from there; a larger one is streamed as before, never stored. What is stored is what the view sent:
the published PDF (reports.views.portal.report_pdf) is stored only once its bytes matched their
SHA-256 (an altered file answers the 503 page, never stored). A file altered on disk after it
was stored is not read again while its generations hold: its visitors get the verified bytes as
published (intended), and `manage.py verify_published` reports the alteration.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from .caching import cache_errors, counter_errors

logger = logging.getLogger(__name__)

SITE = "site"
RESULTS = "results"
AGENCY = "agency"
MARK = "public_page_scopes"
HIT_HEADER = "X-Public-Cache"
# Not stored: a stored page is shared (no visitor's cookie), its length is set when it is sent.
_NOT_STORED = frozenset({"set-cookie", "content-length"})
# Headers of the stored page's body, which a 304 (or 412) it answers has not (RFC 9110 § 15.4.5),
# and the caching rule and validators, which Django's 304 keeps and a 412 must not have.
_NOT_CONDITIONAL = frozenset(
    {
        "content-type",
        "content-length",
        "content-disposition",
        "content-encoding",
        "content-language",
        "content-location",
        "cache-control",
        "expires",
        "etag",
        "last-modified",
        "vary",
        "date",
    }
)
# Which generations each path's page is stored under, learned by the middleware, so that the
# WSGI front (`front`) can answer a stored page in one cache round trip without Django.
_PATH_SCOPES: dict[str, list[str]] = {}
_PATH_SCOPES_MAX = 20_000
# Where a connection keeps its open transaction's changes (one _Commit per kind).
_HELD = "_public_cache_changes"

View = TypeVar("View", bound=Callable[..., Any])
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def public_page(*, results: bool = True, agency_kwarg: str | None = None) -> Callable[[View], View]:
    """Mark a view as a public page: cached for anonymous visitors under the named generations."""

    def mark(view: View) -> View:
        setattr(view, MARK, (results, agency_kwarg))
        return view

    return mark


def _gen_key(scope: str) -> str:
    return f"public:gen:{scope}"


def agency_scope(code: str) -> str:
    return f"{AGENCY}:{code}"


class Changes:
    """What one transaction changed: the generations to bump once when it commits. A kind of
    changes may defer work to the commit (`scopes` runs then, outside the transaction)."""

    def __init__(self) -> None:
        self.named: set[str] = set()

    def scopes(self) -> set[str]:
        return self.named


C = TypeVar("C", bound=Changes)


class _Commit:
    """The one on_commit callback of a transaction for one kind of changes."""

    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def __call__(self) -> None:
        _bump_now(_scopes_of(self.changes))


def _scopes_of(changes: Changes) -> tuple[str, ...]:
    try:
        return tuple(sorted(changes.scopes()))
    except DatabaseError as exc:  # what changed cannot be read: every page is rendered again
        logger.error("public cache: changes not resolved, every page bumped: %r", exc)
        return (SITE,)


def record(kind: type[C], add: Callable[[C], None]) -> None:
    """Add to the current transaction's changes of this kind; their generations are bumped once,
    when the transaction commits (at once outside a transaction). A page rendered meanwhile read
    its generations before its rows, so it is stored under the old number and never replayed
    after the commit; a rolled-back transaction bumps nothing."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        changes = kind()
        add(changes)
        _Commit(changes)()
        return
    held: dict[type[Changes], _Commit] = connection.__dict__.setdefault(_HELD, {})
    commit = held.get(kind)
    # Still registered: not run yet and not dropped by a rollback (to a savepoint or the whole).
    if commit is None or not any(entry[1] is commit for entry in connection.run_on_commit):
        commit = held[kind] = _Commit(kind())
        transaction.on_commit(commit)
    add(cast(C, commit.changes))


def bump(*scopes: str) -> None:
    """Invalidate every page keyed with these generations when the transaction commits."""
    record(Changes, lambda changes: changes.named.update(scopes))


def bump_agency(code: str, *, results: bool) -> None:
    """The agency's own pages; with results, every page that lists published results too."""
    bump(agency_scope(code), *([RESULTS] if results else []))


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
        except counter_errors() as exc:
            logger.error("public cache: generation %s not bumped: %r", scope, exc)


def _lookup(page_key: str, scopes: list[str]) -> tuple[str, Any]:
    """The page's version (its generations and the day) and what is stored for the page, read
    in one round trip; a generation never set starts from the clock."""
    keys = [_gen_key(scope) for scope in scopes]
    found = cache.get_many([page_key, *keys])
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    # The day: pages that count days to a deadline change at midnight.
    version = ".".join([timezone.localdate().isoformat(), *(str(found[key]) for key in keys)])
    return version, found.get(page_key)


def _cookies_allow(names: Iterable[str]) -> bool:
    """Only a visitor without cookies beyond the CSRF one sees the shared page (a session or a
    pending message changes what the page shows)."""
    return all(name == settings.CSRF_COOKIE_NAME for name in names)


def _closed() -> bool:
    """The maintenance switch (ita_portal/maintenance.py) wins over any stored page."""
    return settings.MAINTENANCE_FILE.exists()


def _scopes(request: HttpRequest) -> list[str] | None:
    if request.method not in ("GET", "HEAD") or not _cookies_allow(request.COOKIES):
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
        scopes.append(agency_scope(str(match.kwargs[agency_kwarg])))
    return scopes


def _page_key(meta: dict[str, Any]) -> str:
    """From the WSGI environment as received, so that the front and the middleware agree; a host
    Django refuses never has a stored page (it is never answered 200)."""
    host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME')}:{meta.get('SERVER_PORT')}"
    where = "|".join(
        [
            str(meta.get("wsgi.url_scheme", "")),
            str(meta.get("HTTP_X_FORWARDED_PROTO", "")),
            str(host),
            str(meta.get("PATH_INFO", "")),
            str(meta.get("QUERY_STRING", "")),
        ]
    )
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    return f"public:page:{settings.LANGUAGE_CODE}:{digest}"


def _storable(response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def _body(request: HttpRequest, response: HttpResponseBase) -> bytes | None:
    """The bytes to store: a rendered page's, or a file's of a known size up to
    PUBLIC_PAGE_CACHE_MAX_FILE_BYTES asked without a query string (each query would store its
    own copy), read here and sent on from memory; None for anything else (a larger file, a
    stream of unknown length), which goes out as before."""
    if isinstance(response, HttpResponse):
        return response.content
    if (
        not isinstance(response, FileResponse)
        or response.is_async
        or request.META.get("QUERY_STRING")
    ):
        return None
    size = response.get("Content-Length", "")
    if not size.isdigit() or int(size) > settings.PUBLIC_PAGE_CACHE_MAX_FILE_BYTES:
        return None
    content = b"".join(cast(Iterable[bytes], response.streaming_content))
    response.streaming_content = [content]
    return content if len(content) == int(size) else None


def _stored(response: HttpResponseBase, content: bytes, version: str) -> dict[str, Any]:
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
    return {"version": version, "content": content, "headers": headers}


def _replay(request: HttpRequest, stored: dict[str, Any]) -> HttpResponseBase:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response[name] = value
    response[HIT_HEADER] = "hit"
    # What CommonMiddleware adds to a rendered page (this one skips it): no chunked encoding.
    response["Content-Length"] = str(len(response.content))
    modified = response.get("Last-Modified")
    conditional = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(modified) if modified else None,
        response=response,
    )
    if conditional is None:
        return response
    # Django's 304 or 412 is a fresh response: the headers the middleware after this one put on
    # the stored page (security headers: nosniff, CSP, frame options, HSTS…) and the cache's
    # mark are copied from it, as no middleware adds them again.
    for name, value in response.items():
        if name.lower() not in _NOT_CONDITIONAL:
            conditional[name] = value
    return conditional


class PublicPageCacheMiddleware:
    """Serve marked public pages from the shared cache (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        scopes = _scopes(request) if settings.PUBLIC_PAGE_CACHE else None
        if scopes is None or _closed():
            return self.get_response(request)
        _remember(request.path_info, scopes)
        key = _page_key(request.META)
        try:
            # The version is read before rendering: a page made from rows read before a
            # publish commits is kept as of the old generation, never as of the new one.
            version, stored = _lookup(key, scopes)
        except cache_errors() as exc:
            logger.warning(
                "public cache unavailable, %s rendered without it: %r", request.path, exc
            )
            return self.get_response(request)
        if stored is not None and stored.get("version") == version:
            return _replay(request, stored)
        response = self.get_response(request)
        content = _body(request, response) if _storable(response) else None
        if content is not None:
            _stored_headers(response)
            try:
                cache.set(
                    key,
                    _stored(response, content, version),
                    timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
                )
            except cache_errors() as exc:
                logger.warning("public cache unavailable, %s not kept: %r", request.path, exc)
            response[HIT_HEADER] = "miss"
        return response


def _stored_headers(response: HttpResponseBase) -> None:
    """The page depends on the visitor having no session: shared caches must know it too."""
    patch_vary_headers(response, ("Cookie",))


def _remember(path: str, scopes: list[str]) -> None:
    if len(_PATH_SCOPES) >= _PATH_SCOPES_MAX:
        _PATH_SCOPES.clear()
    _PATH_SCOPES[path] = scopes


def _front_hit(environ: dict[str, Any]) -> tuple[list[tuple[str, str]], bytes] | None:
    """The stored page for this request, or None to let Django answer (never an error)."""
    scopes = _PATH_SCOPES.get(environ.get("PATH_INFO", ""))
    if (
        scopes is None
        or not settings.PUBLIC_PAGE_CACHE
        or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
        # Conditional requests go to the middleware, which answers 304.
        or "HTTP_IF_NONE_MATCH" in environ
        or "HTTP_IF_MODIFIED_SINCE" in environ
        or not _cookies_allow(parse_cookie(environ.get("HTTP_COOKIE", "")))
        or _closed()
    ):
        return None
    try:
        version, stored = _lookup(_page_key(environ), scopes)
    except cache_errors():
        return None  # the middleware renders the page and logs the cache's state
    if stored is None or stored.get("version") != version:
        return None
    content = stored["content"]
    headers = [*stored["headers"], (HIT_HEADER, "hit"), ("Content-Length", str(len(content)))]
    return headers, b"" if environ["REQUEST_METHOD"] == "HEAD" else content


def front(app: WSGIApp) -> WSGIApp:
    """The WSGI application answering stored public pages before Django's handler is built
    for the request (the speed of a static file, issue 23); everything else goes to `app`."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        hit = _front_hit(environ)
        if hit is None:
            return app(environ, start_response)
        headers, body = hit
        start_response("200 OK", headers)
        return [body]

    return application
