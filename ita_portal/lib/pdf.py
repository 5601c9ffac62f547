"""WeasyPrint wrapper: a fetcher that reads only the project's own files, one font set per process.

Nothing a user types can make the server fetch a URL: only data: URLs, files under the fonts and
static folders, and stored media named by ita-media: URLs (read through Django's storage, the file
system or an S3 bucket alike; ita_portal/lib/media.py) are read; redirects are off.

One render at a time per process: WeasyPrint, Pango and GLib are not safe in two threads at
once (seen here: "realloc(): invalid next size" killed a threaded server when two approvers
published together). A threaded web server therefore renders one PDF after another; parallel
rendering comes from more processes (gunicorn workers, Celery worker processes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils import timezone

from . import media

PDF_VARIANT = "pdf/a-3a"  # PDF/A-3 level A: tagged, with language, headings, alt texts
ERROR_FORBIDDEN_URL = "ไม่อนุญาตให้อ่านไฟล์นี้ในรายงาน: {url}"


def allowed_roots() -> tuple[Path, ...]:
    """Folders WeasyPrint may read by file://: fonts and the project's static files. Media are
    not among them: they are read through the storage (ita-media: URLs)."""
    roots = [Path(settings.FONT_DIR), *(Path(d) for d in settings.STATICFILES_DIRS)]
    return tuple(root.resolve() for root in roots)


class ForbiddenURL(ValueError):
    """A URL the report may not fetch (network, or a file outside the allowed folders)."""


# Held for the whole of a render (and while the font set is built, which calls fontconfig):
# reentrant so that font_config() may be called inside render_pdf.
_render_lock = threading.RLock()


def base_url() -> str:
    """file:// URL of the static folder: relative URLs in a report resolve inside it."""
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


def render_pdf(
    html: str, *, stylesheets: tuple[str, ...] = (), variant: str | None = PDF_VARIANT
) -> bytes:
    """PDF bytes of an HTML document; its <title>, <meta name=author> and lang become metadata,
    and an element marked data-continuation-cue gets the cues of an official form at the foot of
    its pages (pdf_engine.continuation_cues).

    Renders wait for each other within a process (see the module docstring). WeasyPrint is
    imported here, on the first render, not when a page or command merely imports this module.
    """
    from .pdf_engine import render

    return render(document_for_pdf(html), stylesheets=stylesheets, variant=variant)


def document_for_pdf(html: str) -> str:
    """The HTML exactly as WeasyPrint is given it: with its creation date and the continuation
    cues. The cues are read from a layout, so they are added here, where a PDF is made: a page
    that only builds the document (the publish confirmation and its digest) lays nothing out.
    Calling it again on its result changes nothing."""
    from .pdf_engine import continuation_cues

    return continuation_cues(with_creation_date(html))


_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def with_creation_date(html: str, now: dt.datetime | None = None) -> str:
    """The document with its creation time (dcterms.created, which WeasyPrint writes to the PDF's
    CreationDate and XMP alike) unless it gives one. Added here, after the caller has taken the
    document's digest: the same data renders to the same digest whenever it is rendered."""
    if "dcterms.created" in html:
        return html
    created = (now or timezone.localtime()).isoformat(timespec="seconds")
    meta = f'<meta name="dcterms.created" content="{created}">'
    return _HEAD.sub(lambda m: m.group(0) + meta, html, count=1)


def allowed_path(url: str) -> Path:
    """The local path of a file:// URL if it lies under an allowed folder (symlinks resolved)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
    path = Path(unquote(parts.path)).resolve()
    if not path.is_file() or not any(path.is_relative_to(root) for root in allowed_roots()):
        raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
    return path


def read_url(url: str) -> bytes:
    """The bytes a file:// URL under an allowed folder or an ita-media: URL names, read through
    the media storage; ForbiddenURL for anything else, OSError when the file is missing."""
    name = media.name_of(url)
    if name is not None:
        return media.read_bytes(name)
    if url.split(":", 1)[0].lower() != "file":
        raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
    return allowed_path(url).read_bytes()


def __getattr__(name: str) -> Any:
    """SafeURLFetcher and font_config live with WeasyPrint in pdf_engine, imported on first use."""
    if name in ("SafeURLFetcher", "font_config"):
        from . import pdf_engine

        return getattr(pdf_engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FILE_URL = re.compile(r"(?:file://|ita-media:)[^\"'\s)<>]+")


def document_digest(html: str, *, variant: str | None = PDF_VARIANT) -> str:
    """SHA-256 of what render_pdf makes a PDF from: stable across renders and checkouts.

    Each file:// and ita-media: URL in the document is replaced by the digest of the file's
    bytes, so a changed stylesheet or photo changes the digest while a moved installation does
    not (nor a move of the media between the file system and a bucket).
    """

    def file_digest(match: re.Match[str]) -> str:
        url = html_lib.unescape(match.group(0))
        try:
            data = read_url(url)
        except (ForbiddenURL, OSError):
            return url
        return "sha256:" + hashlib.sha256(data).hexdigest()

    normalised = _FILE_URL.sub(file_digest, html)
    return hashlib.sha256(f"{variant}\n{normalised}".encode()).hexdigest()
