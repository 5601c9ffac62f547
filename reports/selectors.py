"""Reads of the public portal: only live (published, not withdrawn) report versions are visible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from assessments import access
from assessments.models import Agency, Assessment
from committees.models import MeetingPhoto

from .models import PublicationJob, ReportPublication


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
        rows = rows.filter(
            Q(assessment__agency__name__icontains=query)
            | Q(assessment__agency__short_name__icontains=query)
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
        agencies = agencies.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    return agencies.order_by("name")


def public_agency(code: str) -> Agency:
    """An agency with a live report; 404 otherwise (nothing about unpublished agencies leaks)."""
    agency = search_agencies("").filter(code=code).first()
    if agency is None:
        raise Http404
    return agency


def live_versions(agency: Agency, year: int) -> list[ReportPublication]:
    return list(
        live_publications()
        .filter(assessment__agency=agency, assessment__framework__fiscal_year=year)
        .order_by("-version")
    )


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
        f"SELECT p.pdf, p.sha256, p.version, COALESCE(NULLIF(g.short_name, ''), g.name), f.fiscal_year, "
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
    *fields, published_at = row
    return LivePdf(*fields, published_at=_aware(published_at))


def _aware(value: dt.datetime | str) -> dt.datetime:
    # A raw cursor on SQLite gives naive UTC datetimes (or text); PostgreSQL aware ones.
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def publications_for_staff(assessment: Assessment) -> list[ReportPublication]:
    """Every version of an assessment's report, live or withdrawn, newest first (staff page)."""
    return list(
        assessment.publications.select_related("published_by", "unpublished_by").order_by(
            "-version"
        )
    )


def media_visible(user, relative_path: str) -> bool:
    """Whether a file under MEDIA_ROOT may be served to this user.

    Public: PDFs of live versions and photos of meetings whose assessment has a live version.
    Members of the owning agency (and site administrators) see their own files. Anything not
    owned by a known record is never served.
    """
    publication = (
        ReportPublication.objects.filter(pdf=relative_path).select_related("assessment").first()
    )
    if publication is not None:
        return publication.is_live or access.can_view(user, publication.assessment.agency_id)

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
    if committee is None or committee.assessment_id is None:
        return False
    return ReportPublication.objects.filter(
        assessment_id=committee.assessment_id, unpublished_at__isnull=True
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
