"""Staff views of the follow-up report: download it, or attach it to the follow-up O-item."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from oit import services as oit_services

from .. import follow_up
from .downloads import pdf_response
from .staff import _assessment_for

MESSAGE_ATTACHED = "แนบรายงานผลการดำเนินการเป็นหลักฐานข้อ {code} ปีงบประมาณ พ.ศ. {year} แล้ว"


@login_required
@require_safe
def follow_up_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The follow-up report as of today, for the agency's members."""
    assessment = _assessment_for(request, pk)
    try:
        pdf = follow_up.follow_up_pdf(assessment, today=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:report_manage", pk=assessment.pk)
    return pdf_response(io.BytesIO(pdf), filename=follow_up.file_name(assessment))


@login_required
@require_POST
def follow_up_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff attach today's follow-up report to the plan year's follow-up O-item."""
    assessment = _assessment_for(request, pk, roles=oit_services.EVIDENCE_EDIT_ROLES)
    try:
        attachment = follow_up.follow_up_attach(
            user=request.user, assessment=assessment, today=timezone.localdate()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        evidence = attachment.evidence
        where = {"code": evidence.item.code, "year": evidence.assessment.fiscal_year}
        if attachment.added:
            messages.success(request, MESSAGE_ATTACHED.format(**where))
        else:
            messages.info(request, follow_up.MESSAGE_ALREADY_ATTACHED.format(**where))
    return redirect("reports:report_manage", pk=assessment.pk)
