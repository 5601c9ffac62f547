"""The console's summary PDF: the same access as the console (404 for whoever may not
supervise the agency, the login page for nobody), GET only."""

from __future__ import annotations

import io
import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from reports.views.downloads import pdf_response

from .summary_pdf import file_name, summary_pdf
from .views import _console

logger = logging.getLogger(__name__)


@login_required
@require_safe
def summary(request: HttpRequest, code: str, year: int) -> HttpResponseBase:
    """รายงานสรุปผลการประเมิน ITA ของหน่วยงานในสังกัด of the console (its filters applied)."""
    data = _console(request, code, year)
    pdf = summary_pdf(data)
    logger.info(
        "supervision.summary_pdf user=%s agency=%s year=%s units=%s bytes=%s outcome=ok",
        request.user.get_username(),
        data.root.code,
        year,
        len(data.rows),
        len(pdf),
    )
    response = pdf_response(io.BytesIO(pdf), filename=file_name(data))
    response["Cache-Control"] = "private, no-store"
    return response
