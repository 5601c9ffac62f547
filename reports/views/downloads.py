"""Download responses shared by the staff preview, the public portal and /media/.

Every download answers conditional GETs (If-None-Match with its ETag, If-Modified-Since with
its Last-Modified) with 304 and no body. A published version never changes, so its own URL
(/vN/, /vN.pdf) may be cached for a year; the "latest" URLs are revalidated on every use.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from assessments.models import Assessment
from ita_portal.errors import render_page

from ..integrity import PdfAltered, StoredPdf, read_verified

# A published version's own URL: its bytes never change (a withdrawn one answers 404 here,
# but copies already cached elsewhere may live on for up to this year).
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
# The latest version of a report: may change with the next publication; revalidated each time.
CACHE_REVALIDATE = "public, no-cache"
# Staff drafts and access-checked files: never in a shared cache.
CACHE_PRIVATE = "private, no-cache"


def conditional(
    request: HttpRequest,
    *,
    etag: str,
    last_modified: dt.datetime | None,
    cache_control: str,
    make: Callable[[], HttpResponseBase],
) -> HttpResponseBase:
    """304 without calling make() when the client's copy is current, else make()'s response.

    Either way the answer carries the validators and the caching rule (RFC 9110 § 15.4.5).
    """
    stamp = int(last_modified.timestamp()) if last_modified is not None else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    if not_modified is not None and not_modified.status_code != 304:
        return not_modified  # 412: a failed If-Match/If-Unmodified-Since
    response: HttpResponseBase = make() if not_modified is None else not_modified
    if response.status_code >= 400:
        return response  # an error page (an altered PDF) gets no validators and no caching rule
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Cache-Control"] = cache_control
    return response


def pdf_response(file: Any, *, filename: tuple[str, str], sha256: str = "") -> FileResponse:
    # RFC 6266/5987: the Thai name in filename*, an ASCII name in filename for older clients
    # (FileResponse alone writes only filename* for a non-ASCII name).
    response = FileResponse(file, content_type="application/pdf")
    response["Content-Disposition"] = disposition("attachment", *filename)
    if sha256:
        response["ETag"] = f'"{sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def disposition(kind: str, name: str, ascii_name: str) -> str:
    """A Content-Disposition naming the file: RFC 6266/5987 filename* with the real (Thai) name,
    and an ASCII filename for older clients (FileResponse alone writes only filename*)."""
    fallback = ascii_name.replace("\\", "_").replace('"', "_")
    return f"{kind}; filename=\"{fallback}\"; filename*=utf-8''{quote(name, safe='')}"


def verified(pdf: StoredPdf, respond: Callable[[io.BytesIO], HttpResponseBase]) -> HttpResponseBase:
    """respond() with the published bytes, checked against their SHA-256 first; else the Thai
    503 page (never cached: the file may be put right)."""
    try:
        data = read_verified(pdf)
    except PdfAltered:
        return render_page("pdf_altered", headers={"Cache-Control": "no-store"})
    return respond(io.BytesIO(data))


def file_name(assessment: Assessment, version: int | None) -> tuple[str, str]:
    return file_name_for(assessment.agency.display_short_name, assessment.fiscal_year, version)


def file_name_for(agency_short_name: str, fiscal_year: int, version: int | None) -> tuple[str, str]:
    """The Thai file name and its ASCII fallback."""
    base = f"รายงานการวิเคราะห์ผลการประเมิน ITA {agency_short_name} ปีงบประมาณ {fiscal_year}"
    if version:
        return f"{base} ฉบับที่ {version}.pdf", f"ita-report-{fiscal_year}-v{version}.pdf"
    return f"{base} (ฉบับร่าง).pdf", f"ita-report-{fiscal_year}-draft.pdf"
