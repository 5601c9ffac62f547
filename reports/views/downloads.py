"""PDF download responses shared by the staff preview and the public portal."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import FileResponse

from assessments.models import Assessment


def pdf_response(file: Any, *, filename: tuple[str, str], sha256: str = "") -> FileResponse:
    # RFC 6266/5987: the Thai name in filename*, an ASCII name in filename for older clients
    # (FileResponse alone writes only filename* for a non-ASCII name).
    thai_name, ascii_name = filename
    response = FileResponse(file, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(thai_name)}"
    )
    if sha256:
        response["ETag"] = f'"{sha256}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def file_name(assessment: Assessment, version: int | None) -> tuple[str, str]:
    return file_name_for(assessment.agency.display_short_name, assessment.fiscal_year, version)


def file_name_for(agency_short_name: str, fiscal_year: int, version: int | None) -> tuple[str, str]:
    """The Thai file name and its ASCII fallback."""
    base = f"รายงานการวิเคราะห์ผลการประเมิน ITA {agency_short_name} ปีงบประมาณ {fiscal_year}"
    if version:
        return f"{base} ฉบับที่ {version}.pdf", f"ita-report-{fiscal_year}-v{version}.pdf"
    return f"{base} (ฉบับร่าง).pdf", f"ita-report-{fiscal_year}-draft.pdf"
