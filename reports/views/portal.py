"""The public portal: search, agency pages, published reports (no login)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from assessments import access
from assessments.models import Assessment
from assessments.results import rankings
from assessments.selectors import agency_published_history
from ita_portal.lib.public_cache import public_page
from oit import selectors as oit_selectors

from .. import charts, selectors
from ..integrity import StoredPdf
from .downloads import (
    CACHE_IMMUTABLE,
    CACHE_REVALIDATE,
    conditional,
    file_name_for,
    pdf_response,
    verified,
)

SEARCH_MAX = 100
# A search cursor is a few hundred characters (reports.selectors); a longer one is not ours.
CURSOR_MAX = 1000


def _year(request: HttpRequest, years: list[int]) -> int | None:
    """The year asked for (?year=), else the newest one with published reports."""
    try:
        asked = int(request.GET.get("year", ""))
    except ValueError:
        asked = None
    if asked in years:
        return asked
    return years[0] if years else None


@public_page()
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Search, then one fiscal year's published reports a page at a time (never report HTML)."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX]
    page = request.GET.get("page")
    years = selectors.published_years()
    year = _year(request, years)
    return render(
        request,
        "portal/home.html",
        {
            "query": query,
            "agencies": selectors.search_agencies(
                query, page, request.GET.get("cursor", "")[:CURSOR_MAX]
            )
            if query
            else None,
            "years": years,
            "year": year,
            "reports": selectors.published_reports_page(year, page)
            if year is not None and not query
            else None,
            # Query string the pager's links start with (the search, or the year shown).
            "pager_params": urlencode({"q": query} if query else {"year": year}) + "&",
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


@public_page(agency_kwarg="code")
@require_safe
def agency(request: HttpRequest, code: str) -> HttpResponse:
    agency_obj = selectors.public_agency(code)
    reports = selectors.agency_reports(agency_obj)
    shown_years = {report.fiscal_year for report in reports} | set(
        agency_obj.earlier_results.values_list("fiscal_year", flat=True)
    )
    # Only published years (and the old-framework totals printed in those reports) are public,
    # with the totals frozen when they were published.
    history = [
        row for row in agency_published_history(agency_obj) if row.fiscal_year in shown_years
    ]
    chart = charts.history_trend(
        [
            # The portal's screens use Arabic digits, like its tables; the report follows its setting.
            charts.Point(label=str(row.fiscal_year), value=row.total, value_text=f"{row.total:.2f}")
            for row in history
        ],
        title=f"ผลคะแนน ITA ย้อนหลังของ{agency_obj.name}",
    )
    # The latest published year against the agency's cohort, indicator by indicator.
    latest = (
        Assessment.objects.filter(agency=agency_obj, published_figures__isnull=False)
        .select_related("framework", "agency__cohort")
        .order_by("-framework__fiscal_year")
        .first()
    )
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency_obj,
            "reports": reports,
            "history": history,
            "chart": chart,
            "latest": latest,
            "position": rankings.agency_position(latest) if latest else None,
            "indicators": rankings.indicator_positions(latest) if latest else [],
            "ita_years": oit_selectors.public_years(agency_obj.pk),
        },
    )


@public_page(results=False, agency_kwarg="code")
@require_safe
def report_page(
    request: HttpRequest, code: str, year: int, version: int | None = None
) -> HttpResponseBase:
    publication = selectors.public_publication(code, year, version)
    current = publication if version is None else selectors.public_publication(code, year)
    superseded = current.pk != publication.pk
    # A superseded version's page never changes again (its notice names no newer number), so
    # it is cached for good; the latest one gains that notice at the next publication.
    return conditional(
        request,
        etag=f'"v{publication.version}-{publication.sha256[:16]}-{int(superseded)}"',
        last_modified=publication.published_at,
        cache_control=CACHE_IMMUTABLE if superseded else CACHE_REVALIDATE,
        make=lambda: HttpResponse(
            selectors.insert_after_body(
                publication.html, _report_bar(request, publication, superseded=superseded)
            )
        ),
    )


def _report_bar(request: HttpRequest, publication, *, superseded: bool) -> str:
    return render_to_string(
        "portal/_report_bar.html",
        {
            "publication": publication,
            "superseded": superseded,
            "agency": publication.assessment.agency,
            "fiscal_year": publication.assessment.fiscal_year,
        },
        request=request,
    )


# The bytes are verified before they are stored (reports.views.downloads.verified); the agency's
# generation changes with every publication and withdrawal of its reports. Not under the results'
# generation: another agency's publication (hundreds an hour on results day) changes no byte here.
@public_page(results=False, agency_kwarg="code")
@require_safe
def report_pdf(
    request: HttpRequest, code: str, year: int, version: int | None = None
) -> HttpResponseBase:
    live = selectors.live_pdf(code, year, version)
    return conditional(
        request,
        etag=f'"{live.sha256}"',
        last_modified=live.published_at,
        cache_control=CACHE_REVALIDATE if version is None else CACHE_IMMUTABLE,
        make=lambda: verified(
            StoredPdf(live.name, live.sha256, code, live.fiscal_year, live.version),
            lambda data: pdf_response(
                data,
                filename=file_name_for(live.agency_short_name, live.fiscal_year, live.version),
            ),
        ),
    )
