"""Fetch what a visitor and an administrator would from a running portal; exit 1 on any miss.

Usage: smoke_fetch.py BASE_URL. Every answer must be 200 with the expected content type:
the home page, a stylesheet it links, a font that stylesheet loads, the admin login page and
its stylesheet, the API docs, /healthz/ and the newest published PDF listed on the home page.
"""

from __future__ import annotations

import re
import sys
import urllib.request
from urllib.parse import urljoin

LINKED_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
CSS_URL = re.compile(r"url\(\"?([^\")]+\.(?:ttf|woff2?|otf))\"?\)")
PDF_LINK = re.compile(r'href="([^"]+/v\d+\.pdf)"')


class NotRedirected(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own here (e.g. an unwanted HTTPS redirect)."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NotRedirected)


def fetch(url: str, content_type: str) -> bytes:
    try:
        with OPENER.open(url, timeout=60) as response:
            status, kind, body = response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"FAIL {url}: HTTP {error.code}") from error
    if status != 200 or not (kind or "").startswith(content_type):
        raise SystemExit(f"FAIL {url}: {status} {kind} (expected 200 {content_type})")
    print(f"ok   {status} {kind:<32} {len(body):>8} B  {url}")
    return body


def first(pattern: re.Pattern[str], text: str, what: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise SystemExit(f"FAIL: no {what} found")
    return found.group(1)


def main(base: str) -> None:
    home = fetch(urljoin(base, "/"), "text/html").decode()
    css_url = urljoin(base, first(LINKED_STYLESHEET, home, "stylesheet on the home page"))
    css = fetch(css_url, "text/css").decode()
    fetch(urljoin(css_url, first(CSS_URL, css, "font in the stylesheet")), "font/")
    login = fetch(urljoin(base, "/admin/login/"), "text/html").decode()
    fetch(
        urljoin(base, first(LINKED_STYLESHEET, login, "stylesheet on the admin login")), "text/css"
    )
    fetch(urljoin(base, "/api/docs/"), "text/html")
    fetch(urljoin(base, "/healthz/"), "application/json")
    pdf = fetch(
        urljoin(base, first(PDF_LINK, home, "published PDF on the home page")), "application/pdf"
    )
    if not pdf.startswith(b"%PDF-"):
        raise SystemExit("FAIL: the published PDF is not a PDF")


if __name__ == "__main__":
    main(sys.argv[1])
