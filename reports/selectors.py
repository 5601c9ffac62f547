"""Reads of the public portal: only live (published, not withdrawn) report versions are visible."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from actionplans.models import ProgressReport
from assessments import access
from assessments.models import Agency, Assessment
from committees.models import CommitteeOrder, CommitteeOrderScanPage, MeetingPhoto
from ita_portal.lib.search import search_filter

from .models import ReportPublication


def live_publications() -> QuerySet[ReportPublication]:
    return ReportPublication.objects.filter(unpublished_at__isnull=True).select_related(
        "assessment__agency", "assessment__framework"
    )


@dataclass(frozen=True)
class PublishedYear:
    fiscal_year: int
    publications: tuple[ReportPublication, ...]


def published_by_year(query: str = "") -> list[PublishedYear]:
    """The latest live version of every published report, grouped by fiscal year (newest first)."""
    rows = live_publications().order_by(
        "-assessment__framework__fiscal_year", "assessment__agency__name", "-version"
    )
    if query:
        rows = search_filter(
            rows, query, ["assessment__agency__name", "assessment__agency__short_name"]
        )
    years: dict[int, list[ReportPublication]] = {}
    seen: set[int] = set()
    for publication in rows:
        if publication.assessment_id in seen:
            continue
        seen.add(publication.assessment_id)
        years.setdefault(publication.assessment.fiscal_year, []).append(publication)
    return [PublishedYear(year, tuple(pubs)) for year, pubs in years.items()]


def search_agencies(query: str) -> QuerySet[Agency]:
    """Agencies with at least one live report whose name or short name contains the query."""
    agencies = Agency.objects.filter(
        pk__in=ReportPublication.objects.filter(unpublished_at__isnull=True).values(
            "assessment__agency_id"
        )
    )
    if query:
        agencies = search_filter(agencies, query, ["name", "short_name"])
    return agencies.order_by("name")


def public_agency(code: str) -> Agency:
    """An agency with a live report; 404 otherwise (nothing about unpublished agencies leaks)."""
    agency = search_agencies("").filter(code=code).first()
    if agency is None:
        raise Http404
    return agency


def public_publication(code: str, year: int, version: int | None = None) -> ReportPublication:
    """A live version (the latest when version is None), else 404."""
    rows = live_publications().filter(
        assessment__agency__code=code, assessment__framework__fiscal_year=year
    )
    if version is not None:
        rows = rows.filter(version=version)
    publication = rows.order_by("-version").first()
    if publication is None:
        raise Http404
    return publication


_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def insert_after_body(html: str, fragment: str) -> str:
    """A frozen report page with fragment (the public page's bar) put first in its body."""
    match = _BODY_OPEN.search(html)
    at = match.end() if match else 0
    return f"{html[:at]}\n{fragment}{html[at:]}"


@dataclass(frozen=True)
class LivePdf:
    name: str  # storage name of the file
    sha256: str
    version: int
    agency_short_name: str
    fiscal_year: int


def _live_pdf_sql() -> str:
    # The download is the portal's hottest path: one prepared statement instead of compiling
    # a four-table ORM query per request (see bench/bench_report.py). Only table and column
    # names are formatted in; values are parameters.
    pub, assessment = ReportPublication._meta.db_table, Assessment._meta.db_table
    agency, framework = (
        Agency._meta.db_table,
        Assessment._meta.get_field("framework").related_model._meta.db_table,
    )
    return (
        f"SELECT p.pdf, p.sha256, p.version, COALESCE(NULLIF(g.short_name, ''), g.name), f.fiscal_year "
        f"FROM {pub} p JOIN {assessment} a ON a.id = p.assessment_id "
        f"JOIN {agency} g ON g.id = a.agency_id JOIN {framework} f ON f.id = a.framework_id "
        f"WHERE g.code = %s AND f.fiscal_year = %s AND p.unpublished_at IS NULL "
        f"AND (%s IS NULL OR p.version = %s) ORDER BY p.version DESC LIMIT 1"
    )


def live_pdf(code: str, year: int, version: int | None = None) -> LivePdf:
    """The file of a live version (the latest when version is None), else 404."""
    with connection.cursor() as cursor:
        cursor.execute(_live_pdf_sql(), [code, year, version, version])
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return LivePdf(*row)


def publications_for_staff(assessment: Assessment) -> list[ReportPublication]:
    """Every version of an assessment's report, live or withdrawn, newest first (staff page)."""
    return list(
        assessment.publications.select_related("published_by", "unpublished_by").order_by(
            "-version"
        )
    )


def media_visible(user, relative_path: str) -> bool:
    """Whether a file under MEDIA_ROOT may be served to this user.

    Public: PDFs of live versions, and photos of meetings and the signed order's scan and page
    images where the committee's assessment has a live version. Members of the owning agency
    (and site administrators) see their own files. Anything not owned by a known record is
    never served.
    """
    publication = (
        ReportPublication.objects.filter(pdf=relative_path).select_related("assessment").first()
    )
    if publication is not None:
        return publication.is_live or access.can_view(user, publication.assessment.agency_id)
    evidence = (
        ProgressReport.objects.filter(evidence_file=relative_path)
        .values_list("item__plan__assessment__agency_id", flat=True)
        .first()
    )
    if evidence is not None:
        # Evidence of progress is the agency's working file: its members only.
        return access.can_view(user, evidence)

    order = _order_of_file(relative_path)
    if order is not None:
        return access.can_view(user, order.agency_id) or _has_live_version(order.assessment_id)
    photo = (
        MeetingPhoto.objects.filter(image=relative_path)
        .select_related("meeting__committee")
        .first()
    )
    if photo is None:
        return False
    if access.can_view(user, photo.meeting.agency_id):
        return True
    committee = photo.meeting.committee
    return committee is not None and _has_live_version(committee.assessment_id)


def _order_of_file(relative_path: str) -> CommitteeOrder | None:
    """The order whose signed scan, or one of whose scan pages, is this file."""
    page = (
        CommitteeOrderScanPage.objects.filter(image=relative_path).select_related("order").first()
    )
    if page is not None:
        return page.order
    return CommitteeOrder.objects.filter(signed_scan=relative_path).first()


def _has_live_version(assessment_id: int | None) -> bool:
    if assessment_id is None:
        return False
    return ReportPublication.objects.filter(
        assessment_id=assessment_id, unpublished_at__isnull=True
    ).exists()
