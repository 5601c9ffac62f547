"""A 304 answered from the public page cache carries the security headers of the stored 200.

Django's 304 keeps only the validators and the caching headers of the page it revalidates; the
headers the middleware stack put on the stored page (nosniff, the referrer and opener policies,
frame options, the CSP, HSTS over HTTPS) must come back with it, and the body's own headers must
not (RFC 9110 § 15.4.5). The cache middleware is first in MIDDLEWARE, so nothing after it adds
them again; the WSGI front leaves conditional requests to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pytest
from django.test import Client
from django.utils.datastructures import CaseInsensitiveMapping
from django.utils.encoding import iri_to_uri

from ita_portal.lib.public_cache import HIT_HEADER, front
from reports.models import ReportPublication
from reports.publishing import report_publish

from .test_public_cache import _environ, committed, public_urls
from .test_public_pdf_cache import pdf_urls

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

# The cache is on: each test commits what it writes (`committed`).
PUBLIC_PAGE_CACHE_TESTED = True

# What the middleware after the cache's adds to every answer (ita_portal/settings.py).
SECURITY_HEADERS = (
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Frame-Options",
    "Content-Security-Policy",
    "Strict-Transport-Security",
)
# The ITA embed is meant for other sites' frames: its CSP names them, it has no X-Frame-Options.
FRAMED = {"ita embed"}
# The body's own headers, which a 304 has no body for.
BODY_HEADERS = ("Content-Type", "Content-Length", "Content-Disposition")
HTTPS = {"wsgi.url_scheme": "https", "SERVER_PORT": "443"}


@pytest.fixture
def published(demo, approved_plan, settings) -> ReportPublication:
    # HSTS is sent over HTTPS only, and off with DEBUG (the tests' settings): on here, before
    # the client's first request builds its middleware.
    settings.SECURE_HSTS_SECONDS = 3600
    with committed():
        return report_publish(assessment=approved_plan, user=demo.users["demo-approver"])


def cached_urls(publication: ReportPublication) -> dict[str, str]:
    """Every kind of stored public page: the pages, their data files and the published PDF."""
    pdfs = {f"pdf {name}": url for name, url in pdf_urls(publication).items()}
    pages = {**public_urls(publication.assessment), **pdfs}
    return {name: iri_to_uri(url) for name, url in pages.items()}  # the search asks in Thai


def expected(name: str) -> set[str]:
    return set(SECURITY_HEADERS) - ({"X-Frame-Options"} if name in FRAMED else set())


def security(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: headers[name] for name in SECURITY_HEADERS if name in headers}


def conditions(first: Mapping[str, str]) -> list[dict[str, str]]:
    """The conditional requests a browser's copy of the page makes."""
    asked = [{"if-none-match": first["ETag"]}]
    if "Last-Modified" in first:
        asked.append({"if-modified-since": first["Last-Modified"]})
    return asked


def assert_same_security_headers(name: str, ok: Mapping[str, str], unchanged: Any) -> None:
    assert unchanged.status_code == 304, name
    assert set(security(ok)) == expected(name), name
    assert security(unchanged) == security(ok), name
    assert unchanged[HIT_HEADER] == "hit", name
    assert not [header for header in BODY_HEADERS if header in unchanged], name


def test_a_304_from_the_cache_carries_the_security_headers_of_the_stored_page(
    anonymous_client, published
):
    for name, url in cached_urls(published).items():
        first = anonymous_client.get(url, secure=True)
        assert first.status_code == 200 and first[HIT_HEADER] == "miss", name
        for condition in conditions(first):
            unchanged = anonymous_client.get(url, secure=True, headers=condition)
            assert_same_security_headers(name, first, unchanged)
            assert unchanged.getvalue() == b"", name


def through_django(client: Client) -> Callable[..., Iterable[bytes]]:
    """Django's WSGI application as the front calls it, answered by the test client."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        response = client.request(**environ)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.getvalue()]

    return application


class Answer:
    """What a WSGI application answered, read like a test client's response."""

    def __init__(self, application: Callable[..., Iterable[bytes]], environ: dict) -> None:
        started: dict[str, Any] = {}
        self.body = b"".join(application(environ, lambda s, h: started.update(s=s, h=h)))
        self.status_code = int(started["s"].split()[0])
        self.headers = CaseInsensitiveMapping(dict(started["h"]))

    def __getitem__(self, header: str) -> str:
        return self.headers[header]

    def __contains__(self, header: str) -> bool:
        return header in self.headers


def test_a_304_through_the_wsgi_front_carries_the_security_headers_it_answers_200_with(
    anonymous_client, published
):
    application = front(through_django(anonymous_client))
    for name, url in cached_urls(published).items():
        assert Answer(application, _environ(url, **HTTPS))[HIT_HEADER] == "miss", name
        stored = Answer(application, _environ(url, **HTTPS))  # the front's own answer
        assert stored.status_code == 200 and stored[HIT_HEADER] == "hit", name
        for condition in conditions(stored.headers):
            asked = {
                f"HTTP_{header.upper().replace('-', '_')}": v for header, v in condition.items()
            }
            unchanged = Answer(application, _environ(url, **HTTPS, **asked))
            assert_same_security_headers(name, stored.headers, unchanged)
            assert unchanged.body == b"", name


def test_a_412_from_the_cache_carries_the_security_headers_but_no_caching_rule(
    anonymous_client, published
):
    url = pdf_urls(published)["version"]
    first = anonymous_client.get(url, secure=True)
    failed = anonymous_client.get(url, secure=True, headers={"if-match": '"another"'})
    assert failed.status_code == 412
    assert security(failed) == security(first) and set(security(first)) == expected("pdf version")
    assert failed[HIT_HEADER] == "hit"
    # A shared cache must not keep the 412 as the year-long copy of the version.
    assert "Cache-Control" not in failed and "ETag" not in failed


def test_the_downloads_own_304_carries_the_security_headers_of_its_200(
    anonymous_client, published, settings
):
    # Rendered by the view (reports/views/downloads.py), through the whole middleware stack:
    # with the cache off, or to a visitor it does not serve.
    settings.PUBLIC_PAGE_CACHE = False
    for name, url in pdf_urls(published).items():
        first = anonymous_client.get(url, secure=True)
        assert first.status_code == 200 and HIT_HEADER not in first, name
        for condition in conditions(first):
            unchanged = anonymous_client.get(url, secure=True, headers=condition)
            assert unchanged.status_code == 304 and unchanged.getvalue() == b"", name
            assert security(unchanged) == security(first), name
            assert set(security(first)) == expected(name), name
