"""Public, no-login pages of published results: open-data files and cohort rankings."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import condition, require_safe

from assessments.models import Agency, Assessment, Cohort, PublishedFigures
from assessments.results import exports, rankings
from indicators.models import DEFAULT_ISSUER_CODE, Framework, Issuer
from indicators.scoring import round2
from indicators.selectors import framework_for
from ita_portal.lib.public_cache import public_page

from .links import ISSUER_PARAMETER, issuer_code, public_url

OPEN_DATA_FORMATS = ("csv", "json")
PER_PAGE_CHOICES = (25, 50, 100, 200)
DEFAULT_PER_PAGE = 50


def _framework_or_404(request: HttpRequest, year: int) -> Framework:
    """The framework of ?issuer= (the NACC's when not given) of the year, or 404."""
    framework = framework_for(issuer_code(request), year)
    if framework is None:
        raise Http404
    return framework


def _published_framework(request: HttpRequest, year: int) -> Framework:
    """The year's framework if it has published results; 404 otherwise (drafts stay unseen)."""
    framework = _framework_or_404(request, year)
    if not rankings.published_assessments(framework).exists():
        raise Http404
    return framework


def _year_state(request: HttpRequest, year: int) -> tuple[int, dt.datetime | None]:
    """How many published results the issuer's year has and when the newest was published."""
    state = PublishedFigures.objects.filter(
        framework__fiscal_year=year,
        framework__issuer__code=issuer_code(request),
        total__isnull=False,
    ).aggregate(count=Count("pk"), published=Max("published_at"))
    return state["count"], state["published"]


def _etag(request: HttpRequest, year: int, file_format: str) -> str | None:
    count, published = _year_state(request, year)
    if not count:
        return None
    key = f"{issuer_code(request)}:{year}:{file_format}:{count}:{published}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request: HttpRequest, year: int, file_format: str) -> dt.datetime | None:
    return _year_state(request, year)[1]


@public_page()
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    """Each issuer's years with published results and the formats each can be downloaded in."""
    code = issuer_code(request)
    groups = rankings.published_years_by_issuer()
    if request.GET.get(ISSUER_PARAMETER):  # a ranking page's link: its issuer's years first
        get_object_or_404(Issuer, code=code)
        groups.sort(key=lambda group: group.issuer.code != code)
    return render(
        request,
        "public/open_data.html",
        {"issuers": groups, "formats": OPEN_DATA_FORMATS, "columns_example": None},
    )


@public_page()
@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def open_data_file(request: HttpRequest, year: int, file_format: str) -> HttpResponse:
    """/open-data/<year>.csv|.json: published results of a year, same columns as export_results."""
    if file_format not in OPEN_DATA_FORMATS:
        raise Http404
    framework = _published_framework(request, year)
    data = exports.export_year(framework, file_format, published_only=True)
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'inline; filename="{_file_name(framework, file_format)}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def _file_name(framework: Framework, file_format: str) -> str:
    """ita-2569.csv for the NACC's year, ita-ovec-2569.csv for another issuer's."""
    code = framework.issuer.code
    prefix = "ita" if code == DEFAULT_ISSUER_CODE else f"ita-{code}"
    return f"{prefix}-{framework.fiscal_year}.{file_format}"


@require_safe
def ranking_latest(request: HttpRequest) -> HttpResponse:
    """The menu's ranking link: the issuer's newest year with published results (open data if none)."""
    code = issuer_code(request)
    years = rankings.years_with_results(code)
    if not years:
        return redirect(public_url("assessments:open_data", issuer=code))
    return redirect(public_url("assessments:ranking_year", years[0], issuer=code))


@public_page()
@require_safe
def ranking_year(request: HttpRequest, year: int) -> HttpResponse:
    """The cohorts of a year with their size, average and pass rate."""
    framework = _published_framework(request, year)
    # One pass over the year's published figures (published_year_total_idx), by cohort.
    groups = (
        PublishedFigures.objects.filter(
            framework=framework,
            total__isnull=False,
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
    return render(
        request,
        "public/ranking_year.html",
        {
            "framework": framework,
            "rows": rows,
            "years": rankings.years_with_results(framework.issuer.code),
            "issuers": rankings.issuers_with_results(year),
            "formats": OPEN_DATA_FORMATS,
        },
    )


def _per_page(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("per_page", DEFAULT_PER_PAGE))
    except ValueError:
        return DEFAULT_PER_PAGE
    return value if value in PER_PAGE_CHOICES else DEFAULT_PER_PAGE


@public_page()
@require_safe
def ranking(request: HttpRequest, year: int, cohort: str) -> HttpResponse:
    """One cohort's ranking of a year: sortable, searchable, paginated."""
    framework = _framework_or_404(request, year)
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
            "issuers": rankings.issuers_with_results(year),
        },
    )


@public_page(agency_kwarg="code")
@require_safe
def ranking_agency(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """An agency's place in its cohort and its indicators against the cohort average.

    An agency has one assessment a year, so the page needs no issuer; a link that names one
    (from that issuer's ranking) must name the assessment's.
    """
    agency = get_object_or_404(Agency.objects.select_related("cohort"), code=code)
    assessment = get_object_or_404(
        Assessment.objects.select_related("framework__issuer", "agency__cohort"),
        agency=agency,
        framework__fiscal_year=year,
        published_figures__isnull=False,
    )
    if (
        request.GET.get(ISSUER_PARAMETER)
        and issuer_code(request) != assessment.framework.issuer.code
    ):
        raise Http404
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
