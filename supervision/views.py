"""The supervisor's pages: read-only, GET only (POST answers 405), 404 for whoever may not see.

Who may supervise what is decided by assessments.access alone (supervised_roots, can_supervise,
supervised_units); these views only ask.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from assessments import access
from assessments.models import Agency, Assessment
from indicators.scoring import IncompleteScores
from ita_portal.lib.collection import no_cycle_collection
from reports.publishing import render_preview

from .console import ConsoleData, console_for_units, console_page, latest_year
from .exports import CONTENT_TYPES, export_console
from .filters import parse_filters

logger = logging.getLogger(__name__)


def _root(request: HttpRequest, code: str) -> tuple[Agency, QuerySet[Agency]]:
    """The supervised agency and its units, or 404 (no existence leak for others)."""
    root = Agency.objects.filter(code=code).first()
    if root is None or not access.can_supervise(request.user, root):
        raise Http404
    return root, access.supervised_units(request.user, root)


def _console(request: HttpRequest, code: str, year: int) -> ConsoleData:
    root, units = _root(request, code)
    return console_for_units(
        root,
        units,
        year,
        parse_filters(request.GET),
        today=timezone.localdate(),
    )


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The agencies the user supervises; straight to the console when there is one."""
    roots = list(access.supervised_roots(request.user).order_by("name"))
    if not roots:
        raise Http404
    if len(roots) == 1:
        return redirect("supervision:agency", code=roots[0].code)
    return render(request, "supervision/index.html", {"roots": roots})


@login_required
@require_safe
def agency(request: HttpRequest, code: str) -> HttpResponse:
    """The console of the latest year in which any unit has data."""
    root, units = _root(request, code)
    year = latest_year(units)
    if year is None:
        return render(request, "supervision/no_data.html", {"root": root})
    return redirect("supervision:console", code=root.code, year=year)


@login_required
@require_safe
def console(request: HttpRequest, code: str, year: int) -> HttpResponse:
    # The console's objects live until the page is written: no cycle collection walks them.
    with no_cycle_collection():
        data = _console(request, code, year)
        shown = console_page(data, request.GET.get("page"))
        return render(request, "supervision/console.html", {"data": data, "shown": shown})


@login_required
@require_safe
def console_export(request: HttpRequest, code: str, year: int, file_format: str) -> HttpResponse:
    """The console's table (its filters applied) as CSV or XLSX: one row per unit."""
    with no_cycle_collection():  # as for the page
        data = _console(request, code, year)
        body = export_console(data, file_format)
    logger.info(
        "supervision.export user=%s agency=%s year=%s format=%s rows=%s outcome=ok",
        request.user.get_username(),
        data.root.code,
        year,
        file_format,
        len(data.rows),
    )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="supervision-{data.root.code}-{year}.{file_format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def unit(request: HttpRequest, code: str, year: int, unit_code: str) -> HttpResponse:
    """A unit's analysis and plan as its report reads now (the draft preview, no edit controls)."""
    root, units = _root(request, code)
    found = units.filter(code=unit_code).first()
    if found is None:
        raise Http404
    assessment = (
        Assessment.objects.select_related("agency", "framework")
        .filter(agency=found, framework__fiscal_year=year)
        .first()
    )
    if assessment is None:
        raise Http404
    try:
        html, _report = render_preview(assessment, mode="web")
    except IncompleteScores as exc:
        context = {"root": root, "unit": found, "year": year, "problem": str(exc)}
        return render(request, "supervision/unit_incomplete.html", context)
    # Unlike the staff preview, nothing is recorded: the supervisor's look is not the unit's step.
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-store"
    return response
