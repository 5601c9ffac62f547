"""Public, no-login pages of published results: open-data files and cohort rankings."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import condition, require_safe

from indicators.models import Framework
from indicators.scoring import round2

from . import exports, rankings
from .models import Agency, Assessment, Cohort, ResultFigures
from .result_figures import figures_ensure

OPEN_DATA_FORMATS = ("csv", "json")
PER_PAGE_CHOICES = (25, 50, 100, 200)
DEFAULT_PER_PAGE = 50


def _published_framework(year: int) -> Framework:
    """The year's framework if it has published results; 404 otherwise (drafts stay unseen)."""
    framework = get_object_or_404(Framework, fiscal_year=year)
    if not rankings.published_assessments(framework).exists():
        raise Http404
    return framework


def _published_figures(year: int):
    return ResultFigures.objects.filter(
        framework__fiscal_year=year,
        assessment__status=Assessment.Status.PUBLISHED,
        total__isnull=False,
    )


def _freshen(framework: Framework | None) -> None:
    if framework is not None:
        figures_ensure(rankings.published_assessments(framework), framework)


def _year_state(year: int) -> tuple[int, object, object]:
    _freshen(Framework.objects.filter(fiscal_year=year).first())
    state = _published_figures(year).aggregate(
        count=Count("pk"), computed=Max("computed_at"), changed=Max("assessment__updated_at")
    )
    return state["count"], state["computed"], state["changed"]


def _etag(request: HttpRequest, year: int, file_format: str) -> str | None:
    count, computed, changed = _year_state(year)
    if not count:
        return None
    key = f"{year}:{file_format}:{count}:{computed}:{changed}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, year: int, file_format: str):
    _, computed, changed = _year_state(year)
    if computed is None:
        return None
    return max(computed, changed) if changed else computed


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """Years with published results and the formats each can be downloaded in."""
    years = (
        Framework.objects.filter(
            assessments__status=Assessment.Status.PUBLISHED,
        )
        .annotate(published=Count("assessments", filter=Q(assessments__status="published")))
        .order_by("-fiscal_year")
    )
    return render(
        request,
        "public/open_data.html",
        {"years": years, "formats": OPEN_DATA_FORMATS, "columns_example": None},
    )


@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def open_data_file(request: HttpRequest, year: int, file_format: str) -> HttpResponse:
    """/open-data/<year>.csv|.json: published results of a year, same columns as export_results."""
    if file_format not in OPEN_DATA_FORMATS:
        raise Http404
    framework = _published_framework(year)
    data = exports.export_year(framework, file_format, published_only=True)
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'inline; filename="ita-{year}.{file_format}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def ranking_latest(request: HttpRequest) -> HttpResponse:
    """The menu's ranking link: the newest year with published results (open data if none yet)."""
    years = rankings.years_with_results()
    if not years:
        return redirect("assessments:open_data")
    return redirect("assessments:ranking_year", year=years[0])


@require_safe
def ranking_year(request: HttpRequest, year: int) -> HttpResponse:
    """The cohorts of a year with their size, average and pass rate."""
    framework = _published_framework(year)
    _freshen(framework)
    # One pass over the year's figures (figures_year_total_idx), grouped by cohort.
    groups = (
        ResultFigures.objects.filter(
            framework=framework,
            total__isnull=False,
            assessment__status=Assessment.Status.PUBLISHED,
            assessment__agency__cohort__isnull=False,
        )
        .values("assessment__agency__cohort__code", "assessment__agency__cohort__name")
        .annotate(size=Count("pk"), average=Avg("total"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("assessment__agency__cohort__name")
    )
    rows = [
        {
            "code": g["assessment__agency__cohort__code"],
            "name": g["assessment__agency__cohort__name"],
            "size": g["size"],
            "average": round2(Decimal(str(g["average"]))),
            "pass_rate": round2(Decimal(g["passed"] * 100) / g["size"]),
        }
        for g in groups
    ]
    years = rankings.years_with_results()
    return render(
        request, "public/ranking_year.html", {"framework": framework, "rows": rows, "years": years}
    )


def _per_page(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("per_page", DEFAULT_PER_PAGE))
    except ValueError:
        return DEFAULT_PER_PAGE
    return value if value in PER_PAGE_CHOICES else DEFAULT_PER_PAGE


@require_safe
def ranking(request: HttpRequest, year: int, cohort: str) -> HttpResponse:
    """One cohort's ranking of a year: sortable, searchable, paginated."""
    framework = get_object_or_404(Framework, fiscal_year=year)
    group = get_object_or_404(Cohort, code=cohort)
    result = rankings.cohort_ranking(
        framework=framework,
        cohort=group,
        search=request.GET.get("q", "")[:100],
        sort=request.GET.get("sort", rankings.DEFAULT_SORT),
        page=request.GET.get("page", 1),
        per_page=_per_page(request),
    )
    if not result.stats.size:
        raise Http404
    return render(
        request,
        "public/ranking.html",
        {
            "ranking": result,
            "per_page_choices": PER_PAGE_CHOICES,
            "per_page": result.page.paginator.per_page,
            "tool_codes": list(result.rows[0].tools) if result.rows else [],
        },
    )


@require_safe
def ranking_agency(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """An agency's place in its cohort and its indicators against the cohort average."""
    agency = get_object_or_404(Agency.objects.select_related("cohort"), code=code)
    assessment = get_object_or_404(
        Assessment.objects.select_related("framework", "agency__cohort"),
        agency=agency,
        framework__fiscal_year=year,
        status=Assessment.Status.PUBLISHED,
    )
    position = rankings.agency_position(assessment)
    return render(
        request,
        "public/ranking_agency.html",
        {
            "agency": agency,
            "assessment": assessment,
            "position": position,
            "indicators": rankings.indicator_positions(assessment),
        },
    )
