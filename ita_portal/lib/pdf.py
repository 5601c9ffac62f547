"""WeasyPrint wrapper: a fetcher that reads only the project's own files, one font set per process.

Nothing a user types can make the server fetch a URL: only data: URLs and files under the
fonts, static and media folders are read; redirects are off.

One render at a time per process: WeasyPrint, Pango and GLib are not safe in two threads at
once (seen here: "realloc(): invalid next size" killed a threaded server when two approvers
published together). A threaded web server therefore renders one PDF after another; parallel
rendering comes from more processes (gunicorn workers, Celery worker processes).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf_text import exact_text

PDF_VARIANT = "pdf/a-3a"  # PDF/A-3 level A: tagged, with language, headings, alt texts
ERROR_FORBIDDEN_URL = "ไม่อนุญาตให้อ่านไฟล์นี้ในรายงาน: {url}"


def allowed_roots() -> tuple[Path, ...]:
    """Folders WeasyPrint may read: fonts, the project's static files and the media root."""
    roots = [Path(settings.FONT_DIR), *(Path(d) for d in settings.STATICFILES_DIRS)]
    roots.append(Path(settings.MEDIA_ROOT))
    return tuple(root.resolve() for root in roots)


class ForbiddenURL(ValueError):
    """A URL the report may not fetch (network, or a file outside the allowed folders)."""


class SafeURLFetcher(URLFetcher):
    """Fetch data: URLs and file:// URLs under allowed_roots(); refuse everything else."""

    def __init__(self, **kwargs):
        kwargs.update(allowed_protocols=("data", "file"), allow_redirects=False)
        super().__init__(**kwargs)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
        path = self.path_of(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )

    @staticmethod
    def path_of(url: str) -> Path:
        """The local path of a file:// URL if it lies under an allowed folder (symlinks resolved)."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
        path = Path(unquote(parts.path)).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in allowed_roots()):
            raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
        return path


_font_config: FontConfiguration | None = None
# Held for the whole of a render (and while the font set is built, which calls fontconfig):
# reentrant so that font_config() may be called inside render_pdf.
_render_lock = threading.RLock()


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it scans fontconfig, which is slow."""
    global _font_config
    with _render_lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return _font_config


def base_url() -> str:
    """file:// URL of the static folder: relative URLs in a report resolve inside it."""
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def render_pdf(
    html: str, *, stylesheets: tuple[str, ...] = (), variant: str | None = PDF_VARIANT
) -> bytes:
    """PDF bytes of an HTML document; its <title>, <meta name=author> and lang become metadata.

    Renders wait for each other within a process (see the module docstring).
    """
    with _render_lock:
        fetcher = SafeURLFetcher()
        fonts = font_config()
        document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
        css = [
            CSS(string=sheet, base_url=base_url(), url_fetcher=fetcher, font_config=fonts)
            for sheet in stylesheets
        ]
        # write_pdf has no fetcher option of its own: it reuses the document's (attachments, XMP).
        # exact_text: Thai ำ reads back as ำ, not า (see pdf_text).
        with exact_text():
            return document.write_pdf(stylesheets=css, font_config=fonts, pdf_variant=variant)


_FILE_URL = re.compile(r"file://[^\"'\s)<>]+")


def document_digest(html: str, *, variant: str | None = PDF_VARIANT) -> str:
    """SHA-256 of what render_pdf makes a PDF from: stable across renders and checkouts.

    Each file:// URL in the document is replaced by the digest of the file's bytes, so a
    changed stylesheet or photo changes the digest while a moved installation does not.
    """

    def file_digest(match: re.Match[str]) -> str:
        url = html_lib.unescape(match.group(0))
        try:
            path = SafeURLFetcher.path_of(url)
        except ForbiddenURL:
            return url
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()

    normalised = _FILE_URL.sub(file_digest, html)
    return hashlib.sha256(f"{variant}\n{normalised}".encode()).hexdigest()
