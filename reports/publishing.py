"""Services of report publication: preview rendering, publish a frozen version, unpublish, bulk jobs.

Permissions are asked of assessments.access; plan approval of actionplans.selectors.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from actionplans.selectors import latest_approved_plan
from assessments import access
from assessments.models import Assessment
from assessments.results.published import published_figures_clear, published_figures_freeze
from indicators.scoring import IncompleteScores
from ita_portal.lib.events import log_event
from ita_portal.lib.pdf import render_pdf

from .models import PublicationJob, ReportPublication
from .report.builder import build_report, render_report_html

ERROR_NOT_APPROVER = "เฉพาะผู้บริหารของหน่วยงาน (ผู้อนุมัติ) เท่านั้นที่เผยแพร่หรือยกเลิกการเผยแพร่รายงานได้"
ERROR_PLAN_NOT_APPROVED = "ยังเผยแพร่รายงานไม่ได้ เพราะแผนพัฒนา (มาตรการ) ของปีนี้ยังไม่ได้รับอนุมัติ"
ERROR_REASON_REQUIRED = "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"
ERROR_NOT_PUBLISHED = "รายงานนี้ยังไม่ได้เผยแพร่"
ERROR_NOT_SITE_ADMIN = "เฉพาะผู้ดูแลระบบเท่านั้นที่เผยแพร่รายงานทั้งปีได้"
ERROR_NO_APPROVED = "ไม่มีรายงานของปีงบประมาณ พ.ศ. {year} ที่แผนได้รับอนุมัติและยังไม่เผยแพร่"

logger = logging.getLogger(__name__)


def render_preview(assessment: Assessment, *, mode: str) -> tuple[str, Any]:
    """The current data as a draft (watermarked) HTML document, and the ReportData used."""
    report = build_report(assessment, mode=mode)
    return render_report_html(report, mode=mode, draft=True, home_url="/"), report


def _check_approver(user: Any, assessment: Assessment) -> None:
    if not access.can_approve(user, assessment.agency_id):
        raise PermissionDenied(ERROR_NOT_APPROVER)


def report_publish(*, assessment: Assessment, user: Any) -> ReportPublication:
    """Freeze the report as a new version: render PDF and HTML once, store them with their hash."""
    _check_approver(user, assessment)
    if latest_approved_plan(assessment) is None:
        raise ValidationError(ERROR_PLAN_NOT_APPROVED)
    try:
        pdf_report = build_report(assessment, approved_plan_only=True, mode="pdf")
        web_report = build_report(assessment, approved_plan_only=True, mode="web")
    except IncompleteScores as exc:
        raise ValidationError(str(exc)) from exc
    # Rendering is slow (about a second): done before the transaction holds any lock.
    pdf_bytes = render_pdf(render_report_html(pdf_report, mode="pdf", draft=False))
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        version = (locked.publications.aggregate(v=Max("version"))["v"] or 0) + 1
        code, year = locked.agency.code, locked.fiscal_year
        html = render_report_html(
            web_report,
            mode="web",
            draft=False,
            home_url=reverse("reports:agency", kwargs={"code": code}),
            pdf_url=reverse(
                "reports:report_version_pdf",
                kwargs={"code": code, "year": year, "version": version},
            ),
        )
        publication = ReportPublication(
            assessment=locked,
            version=version,
            published_at=timezone.now(),
            published_by=user,
            html=html,
            sha256=digest,
            pdf_size=len(pdf_bytes),
            thai_digits=pdf_report.thai_digits,
        )
        publication.pdf.save(f"{digest}.pdf", ContentFile(pdf_bytes), save=False)
        publication.full_clean()
        publication.save()
        locked.status = Assessment.Status.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        published_figures_freeze(
            assessment=locked, version=version, published_at=publication.published_at
        )
    assessment.status = locked.status
    log_event(
        logger,
        "report.publish",
        user=user,
        agency=locked.agency,
        obj=locked,
        outcome="published",
        version=version,
        sha256=digest[:12],
    )
    return publication


@transaction.atomic
def report_unpublish(*, assessment: Assessment, user: Any, reason: str) -> int:
    """Withdraw every live version from the public; returns how many were withdrawn."""
    _check_approver(user, assessment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERROR_REASON_REQUIRED)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    live = list(locked.publications.filter(unpublished_at__isnull=True))
    if not live:
        raise ValidationError(ERROR_NOT_PUBLISHED)
    now = timezone.now()
    for publication in live:
        publication.unpublished_at = now
        publication.unpublished_by = user
        publication.unpublish_reason = reason
        publication.full_clean()
        publication.save(update_fields=["unpublished_at", "unpublished_by", "unpublish_reason"])
    locked.status = Assessment.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    published_figures_clear(assessment=locked)
    assessment.status = locked.status
    log_event(
        logger,
        "report.unpublish",
        user=user,
        agency=locked.agency,
        obj=locked,
        outcome="withdrawn",
        versions=len(live),
    )
    return len(live)


def publishable_assessments(fiscal_year: int) -> list[Assessment]:
    """Assessments of the year with an approved plan and no live publication."""
    candidates = (
        Assessment.objects.filter(framework__fiscal_year=fiscal_year)
        .exclude(
            pk__in=ReportPublication.objects.filter(unpublished_at__isnull=True).values(
                "assessment_id"
            )
        )
        .select_related("agency", "framework")
        .order_by("agency__name")
    )
    return [a for a in candidates if latest_approved_plan(a) is not None]


@transaction.atomic
def publication_job_create(*, fiscal_year: int, user: Any) -> PublicationJob:
    """Record a bulk publication of a year (site administrators only); run it with run_job()."""
    if not access.is_site_admin(user):
        raise PermissionDenied(ERROR_NOT_SITE_ADMIN)
    total = len(publishable_assessments(fiscal_year))
    if total == 0:
        raise ValidationError(ERROR_NO_APPROVED.format(year=fiscal_year))
    job = PublicationJob(fiscal_year=fiscal_year, created_by=user, total=total)
    job.full_clean()
    job.save()
    log_event(logger, "publication_job.create", user=user, obj=job, year=fiscal_year, total=total)
    return job


def publication_job_run(*, job_id: int) -> PublicationJob:
    """Publish each report of the job's year, one transaction each, counting progress as it goes."""
    job = PublicationJob.objects.select_related("created_by").get(pk=job_id)
    PublicationJob.objects.filter(pk=job.pk).update(status=PublicationJob.Status.RUNNING)
    assessments = publishable_assessments(job.fiscal_year)
    PublicationJob.objects.filter(pk=job.pk).update(total=len(assessments))
    log_event(logger, "publication_job.start", user=job.created_by, obj=job, total=len(assessments))
    log: list[str] = []
    for assessment in assessments:
        try:
            report_publish(assessment=assessment, user=job.created_by)
        except (ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            log.append(f"{assessment.agency.name}: {' '.join(messages)}")
            log_event(
                logger,
                "report.publish",
                user=job.created_by,
                agency=assessment.agency,
                obj=assessment,
                outcome="failed",
                level=logging.WARNING,
                job=job.pk,
                reason=" ".join(messages),
            )
            # Counted by the database (F + 1), so a progress poll never reads a lost update.
            PublicationJob.objects.filter(pk=job.pk).update(
                failed=F("failed") + 1, log="\n".join(log)
            )
        else:
            PublicationJob.objects.filter(pk=job.pk).update(done=F("done") + 1)
    PublicationJob.objects.filter(pk=job.pk).update(
        status=PublicationJob.Status.FINISHED, finished_at=timezone.now(), log="\n".join(log)
    )
    job.refresh_from_db()
    log_event(
        logger,
        "publication_job.end",
        user=job.created_by,
        obj=job,
        outcome=job.status,
        done=job.done,
        failed=job.failed,
    )
    return job
