"""The admin index as the year's workspace of an agency, the approver's inbox, the year overview."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from actionplans.selectors import reopen_inbox
from assessments import access, public_facts
from assessments.models import Agency, Assessment

from .. import overview
from ..deadlines import deadlines_for
from ..workspace import viewer_for, workspace

ERROR_SITE_ADMIN_ONLY = "หน้านี้สำหรับผู้ดูแลระบบเท่านั้น"


def _int_or_404(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise Http404 from exc


def _agency_for(request: HttpRequest) -> Agency | None:
    """The agency asked for (404 if another's), else the user's first agency, else None."""
    asked = _int_or_404(request.GET.get("agency"))
    if asked is not None:
        return access.get_object_for_user(  # type: ignore[return-value]
            Agency.objects.all(), request.user, "pk", pk=asked
        )
    if access.is_site_admin(request.user):
        return None
    return Agency.objects.filter(pk__in=access.agency_ids(request.user)).order_by("name").first()


def _assessment_for(agency: Agency, year: int | None) -> tuple[Assessment | None, list[int]]:
    assessments = {
        a.fiscal_year: a
        for a in Assessment.objects.filter(agency=agency).select_related("agency", "framework")
    }
    years = sorted(assessments, reverse=True)
    if year is not None and year not in assessments:
        raise Http404
    chosen = year if year is not None else (years[0] if years else None)
    return (assessments[chosen] if chosen is not None else None), years


def _workspace_context(request: HttpRequest) -> dict:
    agency = _agency_for(request)
    if agency is None:
        return {}
    assessment, years = _assessment_for(agency, _int_or_404(request.GET.get("year")))
    context: dict = {"ws_agency": agency, "ws_years": years}
    if len(access.agency_ids(request.user)) > 1:
        context["ws_agencies"] = list(access.agencies_for(request.user).order_by("name"))
    if assessment is not None:
        today = timezone.localdate()
        context["workspace"] = workspace(
            assessment,
            viewer=viewer_for(request.user, agency.pk),
            today=today,
            deadlines=deadlines_for(assessment),
        )
    return context


@require_safe
def admin_index(request: HttpRequest) -> HttpResponse:
    """The admin's index with the workspace above the list of models (the admin's own view)."""
    context = _workspace_context(request)
    if access.is_site_admin(request.user) or access.agency_ids(request.user, access.APPROVE_ROLES):
        context["inbox"] = overview.approval_inbox(request.user, now=timezone.now())
        context["reopen_inbox"] = reopen_inbox(request.user)
        context["fact_inbox"] = public_facts.waiting_for(request.user)
        context["show_inbox"] = True
    context["is_site_admin"] = access.is_site_admin(request.user)
    # The way to the supervisor's console (/supervise/); the roles are already read: no query.
    context["supervises"] = bool(access.agency_ids(request.user, access.SUPERVISE_ROLES))
    context["title"] = "งานของปีนี้" if "ws_agency" in context else admin.site.index_title
    return admin.site.index(request, extra_context=context)


@require_safe
def year_overview(request: HttpRequest) -> HttpResponse:
    """Every agency of a year at a glance, for site administrators."""
    if not access.is_site_admin(request.user):
        raise PermissionDenied(ERROR_SITE_ADMIN_ONLY)
    years = overview.overview_years()
    year = _int_or_404(request.GET.get("year")) or (years[0] if years else None)
    cohort_id = _int_or_404(request.GET.get("cohort"))
    stage = request.GET.get("stage", "")
    if stage and stage not in overview.STAGE_LABELS:
        stage = ""
    data = overview.year_overview(year, cohort_id=cohort_id, stage=stage) if year else None
    return render(
        request,
        "admin/workspace_overview.html",
        {
            **admin.site.each_context(request),
            "title": "ภาพรวมหน่วยงานทั้งหมดของปี",
            "overview": data,
            "years": years,
            "cohorts": overview.cohorts(),
            "stages": overview.STAGE_LABELS,
            "selected": {"year": year, "cohort": cohort_id, "stage": stage},
        },
    )
