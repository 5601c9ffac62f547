"""Reads of the public portal: only live (published, not withdrawn) report versions are visible."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from actionplans.models import ProgressReport
from assessments import access
from assessments.models import Agency, Assessment
from committees.models import CommitteeOrder, CommitteeOrderScanPage, MeetingPhoto
from indicators.models import Framework
from ita_portal.lib.search import search_stored
from ita_portal.lib.upload_forms import original_name_field
from oit import selectors as oit_selectors
from oit.models import EvidenceFile

from .integrity import StoredPdf
from .models import PublicationJob, ReportPublication


def live_publications() -> QuerySet[ReportPublication]:
    return ReportPublication.objects.filter(unpublished_at__isnull=True).select_related(
        "assessment__agency", "assessment__framework"
    )


@dataclass(frozen=True)
class PublishedReport:
    """A row of the public lists: the latest live version of one assessment (no HTML read)."""

    agency_code: str
    agency_name: str
    agency_short_name: str
    fiscal_year: int
    version: int
    published_at: dt.datetime


@dataclass(frozen=True)
class Page:
    """One page of a public list, with what the pager needs (search pages are not counted)."""

    items: list[Any]
    number: int
    num_pages: int | None = None
    count: int | None = None
    more: bool = False  # uncounted lists: whether a next page exists

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.more if self.num_pages is None else self.number < self.num_pages

    @property
    def paged(self) -> bool:
        return self.has_previous or self.has_next


PAGE_SIZE = 50
_REPORT_FIELDS = (
    "assessment__agency__code",
    "assessment__agency__name",
    "assessment__agency__short_name",
    "fiscal_year",
    "version",
    "published_at",
)


def _latest() -> QuerySet[ReportPublication]:
    """The latest live version of each assessment (kept by the publishing services)."""
    return ReportPublication.objects.filter(is_latest=True)


def _page_number(number: str | int | None, count: int) -> tuple[int, int]:
    """A valid page number (the first for nonsense, the last beyond the end) and the page count."""
    pages = max(1, -(-count // PAGE_SIZE))
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 1
    return min(max(wanted, 1), pages), pages


def published_years() -> list[int]:
    """Fiscal years with at least one live report, newest first (an index probe per framework)."""
    latest = _latest().filter(fiscal_year=OuterRef("fiscal_year"))
    return list(
        Framework.objects.filter(Exists(latest))
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()  # a year may have several issuers' frameworks
    )


def published_reports_page(year: int, number: str | int | None = 1) -> Page:
    """One page of a year's published reports by agency name (PublishedReport items).

    Two queries whatever the number of agencies: the count, then the page, whose offset is
    walked in publication_listing_idx alone before the 50 rows are joined to their agencies.
    """
    of_year = _latest().filter(fiscal_year=year)
    count = of_year.count()
    page, pages = _page_number(number, count)
    start = (page - 1) * PAGE_SIZE
    ids = of_year.order_by("agency_name", "id").values("id")[start : start + PAGE_SIZE]
    rows = (
        ReportPublication.objects.filter(id__in=ids)
        .order_by("agency_name", "id")
        .values_list(*_REPORT_FIELDS)
    )
    items = [PublishedReport(*row) for row in rows]
    return Page(items=items, number=page, num_pages=pages, count=count)


def agency_reports(agency: Agency) -> list[PublishedReport]:
    """The latest live version of each of an agency's years, newest year first (one query)."""
    rows = _latest().filter(agency=agency).order_by("-fiscal_year").values_list(*_REPORT_FIELDS)
    return [PublishedReport(*row) for row in rows]


def _agencies_with_live_reports() -> QuerySet[Agency]:
    return Agency.objects.filter(Exists(_latest().filter(agency=OuterRef("pk"))))


# Search pages reached by number (?page=N) at most: an offset of a few hundred rows at most.
# Deeper pages are reached by the pager's cursors only (a seek from the last agency shown).
SEARCH_NUMBERED_PAGES = 10
_CURSOR_SALT = "reports.search-cursor"
ERROR_CURSOR = "ลิงก์หน้าผลการค้นหานี้ไม่ถูกต้องหรือใช้ไม่ได้แล้ว จึงแสดงผลการค้นหาหน้าแรกแทน"
ERROR_DEEP_PAGE = (
    f"เปิดหน้าผลการค้นหาด้วยเลขหน้าได้ถึงหน้า {SEARCH_NUMBERED_PAGES} เท่านั้น "
    "จึงแสดงหน้าแรกแทน โปรดใช้ปุ่ม “ถัดไป” หรือค้นหาด้วยคำที่เจาะจงขึ้น"
)


@dataclass(frozen=True)
class SearchPage(Page):
    """A search page reached by number or by cursor: the pager links carry cursors (`after` the
    last agency shown, `before` the first), so a deep page costs what the first one does."""

    next_cursor: str = ""
    previous_cursor: str = ""
    error: str = ""  # a cursor or page number that could not be followed (page 1 shown)


def _cursor(agency: Agency, number: int, forward: bool) -> str:
    # No timestamp (unlike signing.dumps): the same page always links the same addresses, so a
    # cursor page is stored once in the public cache.
    return signing.Signer(salt=_CURSOR_SALT).sign_object(
        [agency.name, agency.pk, number, int(forward)], compress=True
    )


def _read_cursor(token: str) -> tuple[str, int, int, bool] | None:
    """The sort key (name, id), page number and direction of a cursor; None if altered or odd."""
    try:
        name, pk, number, forward = signing.Signer(salt=_CURSOR_SALT).unsign_object(token)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    valid = (
        isinstance(name, str)
        and isinstance(pk, int)
        and isinstance(number, int)
        and number >= 1
        and forward in (0, 1)
    )
    return (name, pk, number, bool(forward)) if valid else None


def search_agencies(query: str, number: str | int | None = 1, cursor: str = "") -> SearchPage:
    """Agencies with a live report whose name or short name contains the query (Agency items).

    Names and query are compared as search keys (Thai or Arabic digits, spacing: see
    ita_portal.lib.search). One query and no count: a broad query ("เทศบาล") matches
    thousands of agencies, and counting them costs as much as the page itself. A page is found
    from a signed cursor (the name and id of the agency next to it: a seek in agency_name_id_idx,
    whatever its depth), or by number for the first SEARCH_NUMBERED_PAGES pages (a bounded
    offset); anything else gives the first page and a message.
    """
    agencies = search_stored(
        _agencies_with_live_reports(), query, ["search_name", "search_short_name"]
    ).only("code", "name", "short_name")
    error = ""
    seek = _read_cursor(cursor) if cursor else None
    if cursor and seek is None:
        error = ERROR_CURSOR
    if seek is not None:
        name, pk, page, forward = seek
        if forward:
            after = Q(name__gt=name) | Q(name=name, pk__gt=pk)
            rows = list(
                agencies.filter(after, name__gte=name).order_by("name", "pk")[: PAGE_SIZE + 1]
            )
            more, previous = len(rows) > PAGE_SIZE, page > 1
            rows = rows[:PAGE_SIZE]
        else:
            before = Q(name__lt=name) | Q(name=name, pk__lt=pk)
            rows = list(
                agencies.filter(before, name__lte=name).order_by("-name", "-pk")[: PAGE_SIZE + 1]
            )
            previous, more = len(rows) > PAGE_SIZE, True
            rows = rows[:PAGE_SIZE][::-1]
            page = page if previous else 1
    else:
        page, _pages = _page_number(number, 10**9)
        if page > SEARCH_NUMBERED_PAGES:
            page, error = 1, ERROR_DEEP_PAGE
        start = (page - 1) * PAGE_SIZE
        rows = list(agencies.order_by("name", "pk")[start : start + PAGE_SIZE + 1])
        more, previous = len(rows) > PAGE_SIZE, page > 1
        rows = rows[:PAGE_SIZE]
    return SearchPage(
        items=rows,
        number=page,
        more=more,
        next_cursor=_cursor(rows[-1], page + 1, True) if more and rows else "",
        # The first page has one address (cached once): no cursor back to it.
        previous_cursor=_cursor(rows[0], page - 1, False) if previous and rows and page > 2 else "",
        error=error,
    )


def public_agency(code: str) -> Agency:
    """An agency with a live report; 404 otherwise (nothing about unpublished agencies leaks)."""
    agency = _agencies_with_live_reports().filter(code=code).first()
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
    published_at: dt.datetime


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
        # The name it was published with (a version before that was recorded: the agency's).
        f"SELECT p.pdf, p.sha256, p.version, "
        f"COALESCE(NULLIF(p.agency_short_name, ''), NULLIF(g.short_name, ''), g.name), f.fiscal_year, "
        f"p.published_at "
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
    name, sha256, version, short_name, fiscal_year, published_at = row
    return LivePdf(name, sha256, version, short_name, fiscal_year, _aware(published_at))


def _aware(value: dt.datetime | str) -> dt.datetime:
    # A raw cursor on SQLite gives naive UTC datetimes (or text); PostgreSQL aware ones.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def publications_for_staff(assessment: Assessment) -> list[ReportPublication]:
    """Every version of an assessment's report, live or withdrawn, newest first (staff page)."""
    return list(
        assessment.publications.select_related("published_by", "unpublished_by")
        .defer("html")
        .order_by("-version")
    )


_STORED_PDF_FIELDS = (
    "pdf",
    "sha256",
    "assessment__agency__code",
    "assessment__framework__fiscal_year",
    "version",
)


def published_pdf(relative_path: str) -> StoredPdf | None:
    """The published version stored at this media path, with its recorded SHA-256, or None."""
    row = ReportPublication.objects.filter(pdf=relative_path).values_list(*_STORED_PDF_FIELDS)
    first = row.first()
    return StoredPdf(*first) if first is not None else None


def stored_pdfs() -> list[StoredPdf]:
    """Every published version's file, live or withdrawn (a withdrawn one's file is kept)."""
    rows = ReportPublication.objects.order_by("pk").values_list(*_STORED_PDF_FIELDS)
    return [StoredPdf(*row) for row in rows]


def media_visible(user, relative_path: str) -> bool:
    """Whether a file under MEDIA_ROOT may be served to this user.

    Public: PDFs of live versions, OIT evidence files the agency marked public, and photos of
    meetings and the signed order's scan and page images where the committee's assessment has
    a live version. Members of the owning agency
    (and site administrators) see their own files. Anything not owned by a known record is
    never served.
    """
    publication = (
        ReportPublication.objects.filter(pdf=relative_path)
        .only("unpublished_at", "assessment__agency_id")
        .select_related("assessment")
        .first()
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
    oit_file = oit_selectors.public_file_agency(relative_path)
    if oit_file is not None:
        # OIT evidence: public once the agency marked its item public (the ITA page links it).
        agency_id, public = oit_file
        return public or access.can_view(user, agency_id)

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


def original_file_name(relative_path: str) -> str:
    """The uploader's own name of a stored upload (evidence, scan, photo); "" when none is kept."""
    sources = (
        (ProgressReport, "evidence_file"),
        (EvidenceFile, "file"),
        (CommitteeOrder, "signed_scan"),
        (MeetingPhoto, "image"),
    )
    for model, field in sources:
        name = (
            model.objects.filter(**{field: relative_path})
            .values_list(original_name_field(field), flat=True)
            .first()
        )
        if name is not None:
            return str(name)
    return ""


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


def stale_job_ids() -> list[int]:
    """Active jobs while no publication job has moved for PUBLICATION_JOB_STALE_MINUTES.

    Jobs queue behind each other, so a job is stale only when the queue as a whole stopped
    (workers down, tasks lost), not while another job's reports are still being published.
    """
    minutes = settings.PUBLICATION_JOB_STALE_MINUTES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    active = PublicationJob.objects.filter(status__in=PublicationJob.ACTIVE)
    moving = active.filter(
        Q(progressed_at__gte=cutoff) | Q(started_at__gte=cutoff) | Q(created_at__gte=cutoff)
    )
    if moving.exists():
        return []
    return list(active.values_list("pk", flat=True))


@dataclass(frozen=True)
class JobFailure:
    agency_name: str
    agency_code: str
    reason: str


def job_failures(job: PublicationJob, limit: int = 500) -> list[JobFailure]:
    """The failed reports of a job with their reasons (the first `limit`, by agency name)."""
    rows = (
        job.items.filter(status="failed")
        .order_by("assessment__agency__name")
        .values_list("assessment__agency__name", "assessment__agency__code", "reason")[:limit]
    )
    return [JobFailure(*row) for row in rows]
