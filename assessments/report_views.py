"""Views of the analysis report: staff preview and publishing, and the public portal (no login)."""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from actionplans.selectors import latest_approved_plan
from indicators.scoring import IncompleteScores
from ita_portal.lib.pdf import render_pdf

from . import access, charts, portal, publishing, rankings
from .models import Assessment, PublicationJob, ReportPublication
from .selectors import agency_history
from .tasks import publish_year

MESSAGE_PUBLISHED = "เผยแพร่รายงานฉบับที่ {version} แล้ว"
MESSAGE_UNPUBLISHED = "ยกเลิกการเผยแพร่รายงานแล้ว ({count} ฉบับ)"
ERROR_BAD_YEAR = "กรุณาเลือกปีงบประมาณ"
SEARCH_MAX = 100


def _assessment_for(request: HttpRequest, pk: int, roles=access.ALL_ROLES) -> Assessment:
    """The assessment if the user may act on it: 404 for another agency's, 403 for a missing role."""
    return access.get_object_for_user(  # type: ignore[return-value]
        Assessment.objects.select_related("agency", "framework"),
        request.user,
        "agency",
        roles=roles,
        pk=pk,
    )


def _pdf_response(file: Any, *, filename: tuple[str, str], sha256: str = "") -> FileResponse:
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


def _file_name(assessment: Assessment, version: int | None) -> tuple[str, str]:
    return _file_name_for(assessment.agency.display_short_name, assessment.fiscal_year, version)


def _file_name_for(
    agency_short_name: str, fiscal_year: int, version: int | None
) -> tuple[str, str]:
    """The Thai file name and its ASCII fallback."""
    base = f"รายงานการวิเคราะห์ผลการประเมิน ITA {agency_short_name} ปีงบประมาณ {fiscal_year}"
    if version:
        return f"{base} ฉบับที่ {version}.pdf", f"ita-report-{fiscal_year}-v{version}.pdf"
    return f"{base} (ฉบับร่าง).pdf", f"ita-report-{fiscal_year}-draft.pdf"


# --- Staff: preview, publish, unpublish ---------------------------------------------------


@login_required
@require_safe
def report_manage(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk)
    return render(
        request,
        "assessments/report_manage.html",
        {
            "assessment": assessment,
            "versions": portal.publications_for_staff(assessment),
            "plan_approved": latest_approved_plan(assessment) is not None,
            "can_approve": access.can_approve(request.user, assessment.agency_id),
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
        return redirect("assessments:report_manage", pk=assessment.pk)
    return HttpResponse(html)


@login_required
@require_safe
def report_preview_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    assessment = _assessment_for(request, pk)
    try:
        html, _report = publishing.render_preview(assessment, mode="pdf")
    except IncompleteScores as exc:
        messages.error(request, str(exc))
        return redirect("assessments:report_manage", pk=assessment.pk)
    return _pdf_response(io.BytesIO(render_pdf(html)), filename=_file_name(assessment, None))


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk, roles=access.APPROVE_ROLES)
    try:
        publication = publishing.report_publish(assessment=assessment, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_PUBLISHED.format(version=publication.version))
    return redirect("assessments:report_manage", pk=assessment.pk)


@login_required
@require_POST
def report_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment_for(request, pk, roles=access.APPROVE_ROLES)
    try:
        count = publishing.report_unpublish(
            assessment=assessment, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_UNPUBLISHED.format(count=count))
    return redirect("assessments:report_manage", pk=assessment.pk)


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
                job = publishing.publication_job_create(fiscal_year=year, user=request.user)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                publish_year.delay(job.pk)
                return redirect("assessments:publication_job", pk=job.pk)
    elif request.method != "GET":
        return HttpResponse(status=405)
    jobs = PublicationJob.objects.all()[:10]
    return render(request, "assessments/bulk_publish.html", {"years": years, "jobs": jobs})


@login_required
@require_safe
def publication_job(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.is_site_admin(request.user):
        raise PermissionDenied(publishing.ERROR_NOT_SITE_ADMIN)
    job = get_object_or_404(PublicationJob, pk=pk)
    running = job.status in (PublicationJob.Status.PENDING, PublicationJob.Status.RUNNING)
    return render(request, "assessments/publication_job.html", {"job": job, "running": running})


# --- Public portal ---------------------------------------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    return render(
        request,
        "portal/home.html",
        {
            "query": query,
            "agencies": list(portal.search_agencies(query)) if query else None,
            "years": portal.published_by_year(),
            # Signed-in members get links to their own agencies' report pages.
            "own": list(
                access.scope_to_user(
                    Assessment.objects.select_related("agency", "framework"), request.user, "agency"
                )[:50]
            )
            if request.user.is_authenticated
            else [],
        },
    )


@require_safe
def agency(request: HttpRequest, code: str) -> HttpResponse:
    agency_obj = portal.public_agency(code)
    published = portal.published_by_year()
    years = [
        (group.fiscal_year, pub)
        for group in published
        for pub in group.publications
        if pub.assessment.agency_id == agency_obj.pk
    ]
    shown_years = {year for year, _pub in years} | set(
        agency_obj.earlier_results.values_list("fiscal_year", flat=True)
    )
    # Only published years (and the old-framework totals printed in those reports) are public.
    history = [row for row in agency_history(agency_obj) if row.fiscal_year in shown_years]
    chart = charts.history_trend(
        [
            # The portal's screens use Arabic digits, like its tables; the report follows its setting.
            charts.Point(label=str(row.fiscal_year), value=row.total, value_text=f"{row.total:.2f}")
            for row in history
        ],
        title=f"ผลคะแนน ITA ย้อนหลังของ{agency_obj.name}",
    )
    # Issue 6: the latest published year against the agency's cohort, indicator by indicator.
    latest = (
        Assessment.objects.filter(agency=agency_obj, status=Assessment.Status.PUBLISHED)
        .select_related("framework", "agency__cohort")
        .order_by("-framework__fiscal_year")
        .first()
    )
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency_obj,
            "years": years,
            "history": history,
            "chart": chart,
            "latest": latest,
            "position": rankings.agency_position(latest) if latest else None,
            "indicators": rankings.indicator_positions(latest) if latest else [],
        },
    )


@require_safe
def report_page(
    request: HttpRequest, code: str, year: int, version: int | None = None
) -> HttpResponse:
    publication = portal.public_publication(code, year, version)
    current = publication if version is None else portal.public_publication(code, year)
    bar = render_to_string(
        "portal/_report_bar.html",
        {
            "publication": publication,
            "current": current,
            "agency": publication.assessment.agency,
            "fiscal_year": year,
        },
        request=request,
    )
    return HttpResponse(portal.insert_after_body(publication.html, bar))


@require_safe
def report_pdf(
    request: HttpRequest, code: str, year: int, version: int | None = None
) -> HttpResponseBase:
    live = portal.live_pdf(code, year, version)
    return _pdf_response(
        default_storage.open(live.name, "rb"),
        filename=_file_name_for(live.agency_short_name, live.fiscal_year, live.version),
        sha256=live.sha256,
    )


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Uploaded and generated files, each checked against its owner (never served statically)."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    file = (root / relative).resolve()
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404
    if not portal.media_visible(request.user, relative.as_posix()):
        raise Http404
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def publication_url(publication: ReportPublication) -> str:
    a = publication.assessment
    return reverse(
        "assessments:report_version",
        kwargs={"code": a.agency.code, "year": a.fiscal_year, "version": publication.version},
    )
