"""Staff views of the analysis report: preview, publish, unpublish, bulk publishing of a year."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from actionplans.selectors import latest_approved_plan
from assessments import access
from assessments.models import Assessment
from assessments.services import assessment_reopen
from indicators.scoring import IncompleteScores
from ita_portal.lib.pdf import document_digest, render_pdf
from ita_portal.lib.users import signed_in
from oit import services as oit_services

from .. import publishing, selectors
from ..follow_up import plan_year_follow_up_item
from ..models import PublicationJob
from ..new_year import new_year_create
from ..previews import report_preview_record
from ..proofreading.sources import assessment_findings
from ..publish_check import publish_check
from ..report.builder import build_report
from ..tasks import enqueue_job
from .downloads import CACHE_PRIVATE, conditional, file_name, pdf_response

MESSAGE_PUBLISHED = "เผยแพร่รายงานฉบับที่ {version} แล้ว"
MESSAGE_UNPUBLISHED = "ยกเลิกการเผยแพร่รายงานแล้ว ({count} ฉบับ)"
MESSAGE_REOPENED = "เปิดให้แก้ไขแล้ว ฉบับที่เผยแพร่อยู่ยังคงเผยแพร่ต่อไปจนกว่าจะเผยแพร่ฉบับใหม่"
ERROR_BAD_YEAR = "กรุณาเลือกปีงบประมาณ"
MESSAGE_NEW_YEAR = (
    "สร้างปีงบประมาณ พ.ศ. {year} จากปีนี้แล้ว: {parts} "
    '<a href="{url}">เปิดผลการประเมินปีงบประมาณ พ.ศ. {year}</a>'
)
PART_ASSESSMENT = "ผลการประเมิน (ยังไม่มีคะแนน)"
PART_COMMITTEE = "คำสั่งแต่งตั้งคณะกรรมการฉบับร่าง (ยังไม่ออกเลขที่และยังไม่ลงนาม)"
PART_PLAN = "แผนปฏิบัติการฉบับร่าง ({rows} รายการจากแผนเดิม)"
PART_PLAN_WEAK = "เพิ่มรายการจากตัวชี้วัดที่ต้องพัฒนาของปีใหม่ {count} รายการ"
PART_PLAN_LATER = "เมื่อกรอกคะแนนของปีใหม่แล้ว กด “เพิ่มรายการจากตัวชี้วัดที่ต้องพัฒนา” ในหน้าแผนได้"
PART_PLAN_LEFT_OUT = "ไม่ได้คัดลอก {count} รายการ เพราะตัวชี้วัดไม่มีในกรอบการประเมินปีใหม่"
PART_EVIDENCE = (
    "หลักฐาน OIT {count} ข้อ (ลิงก์ คำอธิบาย ผู้รับผิดชอบ และกำหนดเสร็จเลื่อนไปหนึ่งปี "
    "สถานะเริ่มใหม่เป็น “ยังไม่เริ่ม” ไฟล์ของปีเดิมไม่ได้คัดลอก)"
)
MESSAGE_EVIDENCE_NOT_CARRIED = "หลักฐาน OIT ที่ไม่ได้คัดลอกไปปีใหม่ {count} ข้อ:"


def _assessment_for(request: HttpRequest, pk: int, roles=access.VIEW_ROLES) -> Assessment:
    """The assessment if the user may act on it: 404 for another agency's, 403 for a missing role."""
    return access.get_object_for_user(  # type: ignore[return-value]
        Assessment.objects.select_related("agency", "framework"),
        request.user,
        "agency",
        roles=roles,
        pk=pk,
    )


@login_required
@require_safe
def report_manage(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk)
    try:
        warnings: tuple[str, ...] = build_report(assessment).warnings
    except IncompleteScores as exc:
        warnings = (str(exc),)
    return render(
        request,
        "reports/report_manage.html",
        {
            "assessment": assessment,
            "versions": selectors.publications_for_staff(assessment),
            "plan_approved": latest_approved_plan(assessment) is not None,
            "can_approve": access.can_approve(request.user, assessment.agency_id),
            "can_edit": access.can_edit(request.user, assessment.agency_id),
            "can_attach": oit_services.may_edit(request.user, assessment),
            "follow_up_item": plan_year_follow_up_item(assessment),
            "reopenings": list(assessment.reopenings.select_related("reopened_by")),
            "warnings": warnings,
            "findings": assessment_findings(assessment),
        },
    )


@login_required
@require_safe
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk)
    try:
        html, _report = publishing.render_preview(assessment, mode="web")
    except IncompleteScores as exc:
        messages.error(request, str(exc))
        return redirect("reports:report_manage", pk=assessment.pk)
    report_preview_record(assessment=assessment, user=signed_in(request.user))
    return HttpResponse(html)


@login_required
@require_safe
def report_preview_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    assessment = _assessment_for(request, pk)
    try:
        html, _report = publishing.render_preview(assessment, mode="pdf")
    except IncompleteScores as exc:
        messages.error(request, str(exc))
        return redirect("reports:report_manage", pk=assessment.pk)
    report_preview_record(assessment=assessment, user=signed_in(request.user))
    # The draft's ETag is the digest of what it is made from: a repeat download of an
    # unchanged draft is answered 304 without rendering it again.
    return conditional(
        request,
        etag=f'"{document_digest(html)}"',
        last_modified=None,
        cache_control=CACHE_PRIVATE,
        make=lambda: pdf_response(
            io.BytesIO(render_pdf(html)), filename=file_name(assessment, None)
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (warnings, what changes from the live version); POST: publish."""
    assessment = _assessment_for(request, pk, roles=access.APPROVE_ROLES)
    if request.method != "POST":
        return render(
            request,
            "reports/publish_confirm.html",
            {"assessment": assessment, "check": publish_check(assessment)},
        )
    try:
        publication = publishing.report_publish(
            assessment=assessment,
            user=signed_in(request.user),
            confirmed=request.POST.get("digest"),
        )
    except publishing.ChangedSinceConfirmed as changed:
        messages.error(request, changed.message)
        return redirect("reports:report_publish", pk=assessment.pk)
    except publishing.ReportUnchanged as unchanged:
        messages.info(request, unchanged.message)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_PUBLISHED.format(version=publication.version))
    return redirect("reports:report_manage", pk=assessment.pk)


@login_required
@require_POST
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """An approver opens the published assessment for corrections, with a reason."""
    assessment = _assessment_for(request, pk, roles=access.APPROVE_ROLES)
    try:
        assessment_reopen(
            assessment=assessment,
            user=signed_in(request.user),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_REOPENED)
    return redirect("reports:report_manage", pk=assessment.pk)


def _new_year_message(made) -> str:
    parts = [PART_ASSESSMENT] if made.assessment_created else []
    if made.committee is not None:
        parts.append(PART_COMMITTEE)
    if made.plan is not None:
        parts.append(PART_PLAN.format(rows=made.plan.rows_copied))
        weak = made.plan.weakness_rows
        parts.append(PART_PLAN_WEAK.format(count=weak) if weak else PART_PLAN_LATER)
        if made.plan.rows_left_out:
            parts.append(PART_PLAN_LEFT_OUT.format(count=made.plan.rows_left_out))
    if made.evidence.copied:
        parts.append(PART_EVIDENCE.format(count=len(made.evidence.copied)))
    return format_html(
        MESSAGE_NEW_YEAR,
        year=made.assessment.fiscal_year,
        parts=" ".join(parts),
        url=reverse("reports:report_manage", kwargs={"pk": made.assessment.pk}),
    )


def _not_carried_message(lines: list[str]) -> str:
    return format_html(
        "{}{}",
        MESSAGE_EVIDENCE_NOT_CARRIED.format(count=len(lines)),
        format_html_join("", "<br>{}", ((line,) for line in lines)),
    )


@login_required
@require_POST
def report_new_year(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff make next year's assessment, committee and draft plan from this year's."""
    assessment = _assessment_for(request, pk, roles=access.EDIT_ROLES)
    try:
        made = new_year_create(assessment=assessment, user=signed_in(request.user))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _new_year_message(made))
        if lines := made.evidence.lines():
            messages.warning(request, _not_carried_message(lines))
    return redirect("reports:report_manage", pk=assessment.pk)


@login_required
@require_POST
def report_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk, roles=access.APPROVE_ROLES)
    try:
        count = publishing.report_unpublish(
            assessment=assessment,
            user=signed_in(request.user),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_UNPUBLISHED.format(count=count))
    return redirect("reports:report_manage", pk=assessment.pk)


@login_required
def bulk_publish(request: HttpRequest) -> HttpResponse:
    """A site administrator publishes every approved report of a year (Celery, or inline)."""
    if not access.is_site_admin(request.user):
        raise PermissionDenied(publishing.ERROR_NOT_SITE_ADMIN)
    years = list(
        Assessment.objects.values_list("framework__fiscal_year", flat=True)
        .distinct()
        .order_by("-framework__fiscal_year")
    )
    if request.method == "POST":
        try:
            year = int(request.POST.get("fiscal_year", ""))
            if year not in years:
                raise ValueError
        except ValueError:
            messages.error(request, ERROR_BAD_YEAR)
        else:
            try:
                job = publishing.publication_job_create(
                    fiscal_year=year, user=signed_in(request.user)
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                enqueue_job(job)
                return redirect("reports:publication_job", pk=job.pk)
    elif request.method != "GET":
        return HttpResponse(status=405)
    jobs = PublicationJob.objects.all()[:10]
    return render(request, "reports/bulk_publish.html", {"years": years, "jobs": jobs})


@login_required
@require_safe
def publication_job(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.is_site_admin(request.user):
        raise PermissionDenied(publishing.ERROR_NOT_SITE_ADMIN)
    job = get_object_or_404(PublicationJob, pk=pk)
    return render(
        request,
        "reports/publication_job.html",
        {
            "job": job,
            "running": job.is_active,
            "stale": job.is_active and job.pk in selectors.stale_job_ids(),
            "failures": selectors.job_failures(job),
        },
    )
