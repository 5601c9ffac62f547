"""Services of report publication: preview rendering, publish a frozen version, unpublish, bulk jobs.

Permissions are asked of assessments.access; plan approval of actionplans.selectors.
Publishing is idempotent: a version records the digest of what its PDF was made from
(ita_portal.lib.pdf.document_digest), and publishing the digest of the live version again
creates nothing (ReportUnchanged). Versions of one assessment are serialised by a row lock on
the assessment, so a double click or two approvers at once make one version.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan
from actionplans.selectors import approved_snapshot, approved_version_q, has_approved_version
from assessments import access
from assessments.models import Agency, Assessment
from assessments.results.published import published_figures_clear, published_figures_freeze
from indicators.models import Framework, ItemRole
from indicators.scoring import IncompleteScores
from indicators.selectors import item_with_role, no_item_with_role_message
from ita_portal.lib.digests import SHA256_HEX
from ita_portal.lib.events import log_event
from ita_portal.lib.pdf import document_digest, render_pdf
from ita_portal.lib.users import Actor, Person

from . import selectors
from .models import (
    PublicationJob,
    PublicationJobItem,
    ReportPublication,
    publication_pdf_upload_to_folder,
)
from .report.builder import build_report, render_report_html, report_in_mode
from .stored_pdfs import bad_pdf_messages

ERROR_NOT_APPROVER = "เฉพาะผู้บริหารของหน่วยงาน (ผู้อนุมัติ) เท่านั้นที่เผยแพร่หรือยกเลิกการเผยแพร่รายงานได้"
ERROR_PLAN_NOT_APPROVED = "ยังเผยแพร่รายงานไม่ได้ เพราะแผนพัฒนา (มาตรการ) ของปีนี้ยังไม่ได้รับอนุมัติ"
ERROR_FOREWORD_EMPTY = "ยังเผยแพร่ไม่ได้ เพราะคำนำของรายงานยังว่าง กรุณาเขียนคำนำในหน้าผลการประเมินก่อน"
ERROR_DEVELOPMENT_ISSUES_EMPTY = (
    "ยังเผยแพร่ไม่ได้ เพราะช่อง “ประเด็นที่พัฒนา” ของตัวชี้วัดที่ {numbers} ยังว่าง "
    "(ตารางตัวชี้วัดที่ต้องพัฒนาของรายงาน) กรุณากรอกในหน้าคะแนนตัวชี้วัดก่อน"
)
NOTE_PLAN_NOT_APPROVED = (
    "แผนพัฒนา (มาตรการ) ปีงบประมาณ พ.ศ. {year} ยังไม่ได้รับอนุมัติ (สถานะ: {status}) "
    "แผนในตัวอย่างนี้จึงยังไม่ใช่ฉบับที่อนุมัติ และรายงานจะเผยแพร่ได้เมื่อแผนได้รับอนุมัติแล้ว"
)
NOTE_PLAN_MISSING = (
    "ยังไม่มีแผนพัฒนา (มาตรการ) ปีงบประมาณ พ.ศ. {year} รายงานจะเผยแพร่ได้เมื่อมีแผนที่ได้รับอนุมัติแล้ว"
)
WARNING_REVISION_PENDING = (
    "แผนพัฒนา (มาตรการ) ฉบับแก้ไขยังไม่ได้รับอนุมัติ (สถานะ: {status}) "
    "รายงานที่เผยแพร่จะใช้แผนฉบับที่อนุมัติล่าสุด (ฉบับที่ {version}) ไม่ใช่ฉบับแก้ไข"
)
ERROR_REASON_REQUIRED = "กรุณาระบุเหตุผลที่ยกเลิกการเผยแพร่"
ERROR_NOT_PUBLISHED = "รายงานนี้ยังไม่ได้เผยแพร่"
ERROR_NOT_SITE_ADMIN = "เฉพาะผู้ดูแลระบบเท่านั้นที่เผยแพร่รายงานทั้งปีได้"
ERROR_NO_APPROVED = "ไม่มีรายงานของปีงบประมาณ พ.ศ. {year} ที่แผนได้รับอนุมัติและยังไม่เผยแพร่"
ERROR_UNCHANGED = "เนื้อหารายงานเหมือนฉบับที่ {version} ที่เผยแพร่อยู่แล้ว จึงไม่ได้สร้างฉบับใหม่"
NOTE_ANALYSIS_ITEM = (
    "เมื่อเผยแพร่แล้ว รายงานนี้เป็นหลักฐานของข้อ {code} {name} "
    "ตามกรอบการประเมินของ{issuer} ปีงบประมาณ พ.ศ. {year}"
)
NOTE_RELOCKED = " และล็อกข้อมูลที่เปิดแก้ไขไว้อีกครั้ง เพราะไม่มีสิ่งใดเปลี่ยนจากฉบับที่เผยแพร่"
ERROR_CHANGED_SINCE_CONFIRMED = (
    "ข้อมูลของรายงานเปลี่ยนไปหลังจากเปิดหน้ายืนยัน จึงยังไม่ได้เผยแพร่ "
    "กรุณาตรวจสิ่งที่เปลี่ยนไปในหน้ายืนยันอีกครั้งแล้วจึงยืนยันเผยแพร่"
)
ERROR_BAD_CONFIRMATION = "แบบฟอร์มยืนยันการเผยแพร่ไม่ถูกต้อง กรุณาเปิดหน้ายืนยันแล้วลองอีกครั้ง"
ERROR_JOB_ACTIVE = (
    "มีงานเผยแพร่รายงานปีงบประมาณ พ.ศ. {year} กำลังดำเนินการอยู่ (งานที่ {job}) กรุณารอให้งานนั้นเสร็จก่อน"
)
ERROR_UNKNOWN_AGENCIES = "ไม่พบหน่วยงานรหัส: {codes}"
REASON_SYSTEM_ERROR = "ระบบขัดข้องระหว่างเผยแพร่ ({error}) ลองแล้ว {attempts} ครั้ง"
NOTE_STALE = "ปิดงานเพราะไม่มีความคืบหน้านานเกิน {minutes} นาที (ตัวประมวลผลหยุดทำงานหรือคิวหาย)"
NOTE_ENQUEUE_FAILED = "ส่งงานเข้าคิวไม่สำเร็จ: {error}"
REASON_WORKER_LOST = (
    "ลองเผยแพร่แล้ว {attempts} ครั้งไม่สำเร็จ (ตัวประมวลผลหยุดทำงานหรือระบบขัดข้องระหว่างทำ) จึงไม่ลองอีก"
)


class ReportUnchanged(ValidationError):
    """The content is the live version's: no version was created (says which one is live)."""

    def __init__(self, publication: ReportPublication, *, relocked: bool = False) -> None:
        message = ERROR_UNCHANGED.format(version=publication.version)
        if relocked:
            message += NOTE_RELOCKED
        super().__init__(message, code="unchanged")
        self.publication = publication
        self.relocked = relocked


logger = logging.getLogger(__name__)


def render_preview(assessment: Assessment, *, mode: str) -> tuple[str, Any]:
    """The current data as a draft (watermarked) HTML document, and the ReportData used.

    Its note at the top says when the plan is not approved and what publishing would refuse.
    """
    report = build_report(assessment, mode=mode)
    html = render_report_html(
        report,
        mode=mode,
        draft=True,
        home_url="/",
        analysis_item_note=analysis_item_note(assessment.framework),
        plan_notes=plan_approval_notes(assessment, report.plan),
        blockers=missing_required_texts(report),
    )
    return html, report


def analysis_item_note(framework: Framework) -> str:
    """Which O-item of the framework the analysis report answers (its role), for the draft note.

    Drafts only: a published version keeps exactly the text it was approved with.
    """
    item = item_with_role(framework, ItemRole.ANALYSIS)
    if item is None:
        return no_item_with_role_message(framework, ItemRole.ANALYSIS)
    return NOTE_ANALYSIS_ITEM.format(
        code=item.code, name=item.name, issuer=framework.issuer.name, year=framework.fiscal_year
    )


def missing_required_texts(report: Any) -> list[str]:
    """Why the report cannot go out as written: an empty foreword or "ประเด็นที่พัฒนา" cell."""
    errors = []
    if not report.foreword.strip():
        errors.append(ERROR_FOREWORD_EMPTY)
    empty = [row.number for row in report.weak_indicators if not row.development_issues]
    if empty:
        numbers = ", ".join(str(number) for number in empty)
        errors.append(ERROR_DEVELOPMENT_ISSUES_EMPTY.format(numbers=numbers))
    return errors


def plan_approval_notes(assessment: Assessment, current: Any) -> list[str]:
    """What the preview says first when the plan as it stands is not the approved one."""
    year = assessment.plan_year
    if current is None:
        return [NOTE_PLAN_MISSING.format(year=year)]
    if current.is_approved_version:
        return []
    notes = [NOTE_PLAN_NOT_APPROVED.format(year=year, status=current.status_label)]
    revision = revision_pending_warning(assessment, current)
    return [revision] if revision else notes


def revision_pending_warning(assessment: Assessment, current: Any) -> str:
    """A warning when a revision awaits approval while an earlier version is approved."""
    if current is None or current.is_approved_version:
        return ""
    # Only the approved version's number is needed: read it from its snapshot (one row), not
    # from a whole plan built for the purpose.
    plan = ActionPlan.objects.filter(pk=current.plan_id).first()
    approved = approved_snapshot(plan) if plan is not None else None
    if approved is None:
        return ""
    return WARNING_REVISION_PENDING.format(status=current.status_label, version=approved["version"])


def _check_approver(user: Actor, assessment: Assessment) -> None:
    if not access.can_approve(user, assessment.agency_id):
        raise PermissionDenied(ERROR_NOT_APPROVER)


class ChangedSinceConfirmed(ValidationError):
    """The report is not what the approver confirmed (data changed in between): nothing published."""

    def __init__(self) -> None:
        super().__init__(ERROR_CHANGED_SINCE_CONFIRMED, code="changed")


def report_publish(
    *, assessment: Assessment, user: Person, confirmed: str | None = None
) -> ReportPublication:
    """Freeze the report as a new version (approvers only); ReportUnchanged if nothing changed.

    confirmed: the digest the confirmation page showed (PublishCheck.digest); when given, a
    report whose data changed since is refused (ChangedSinceConfirmed), so that what is
    published is what the approver reviewed.
    """
    _check_approver(user, assessment)
    if confirmed is not None and not SHA256_HEX.fullmatch(confirmed):
        raise ValidationError(ERROR_BAD_CONFIRMATION, code="bad_confirmation")
    return _publish_version(assessment=assessment, user=user, confirmed=confirmed)


def _latest_live(assessment_id: int) -> ReportPublication | None:
    return (
        ReportPublication.objects.filter(assessment_id=assessment_id, unpublished_at__isnull=True)
        .only("id", "version", "content_sha256", "assessment_id", "published_at")
        .order_by("-version")
        .first()
    )


def _refuse_unchanged(assessment_id: int, digest: str) -> None:
    """ReportUnchanged when the live version was made from this digest.

    An assessment reopened for corrections that came back unchanged is locked again: its live
    version is still the record, so nothing remains to correct.
    """
    live = _latest_live(assessment_id)
    if live is None or live.content_sha256 != digest:
        return
    relocked = Assessment.objects.filter(
        pk=assessment_id, status=Assessment.Status.REOPENED
    ).update(status=Assessment.Status.PUBLISHED, updated_at=timezone.now())
    raise ReportUnchanged(live, relocked=bool(relocked))


@dataclass(frozen=True)
class PublishableContent:
    """What publishing now would freeze: the reports (PDF and web) and the PDF's source digest."""

    pdf_report: Any
    web_report: Any
    pdf_html: str
    digest: str


def publishable_content(assessment: Assessment) -> PublishableContent:
    """The report as publishing would make it now (approved plan only); ValidationError if it cannot."""
    if not has_approved_version(assessment):
        raise ValidationError(ERROR_PLAN_NOT_APPROVED)
    bad_pdfs = bad_pdf_messages(assessment)
    if bad_pdfs:
        raise ValidationError(bad_pdfs)
    try:
        pdf_report = build_report(assessment, approved_plan_only=True, mode="pdf")
    except IncompleteScores as exc:
        raise ValidationError(str(exc)) from exc
    missing = missing_required_texts(pdf_report)
    if missing:
        raise ValidationError(missing)
    pdf_html = render_report_html(pdf_report, mode="pdf", draft=False)
    # One build serves both media: the web page differs only by its photos' addresses.
    web_report = report_in_mode(pdf_report, "web")
    return PublishableContent(pdf_report, web_report, pdf_html, document_digest(pdf_html))


def live_version(assessment_id: int) -> ReportPublication | None:
    """The version the public sees now (None when nothing is published)."""
    return _latest_live(assessment_id)


def _publish_version(
    *,
    assessment: Assessment,
    user: Person | None,
    within: Callable[[ReportPublication], None] | None = None,
    confirmed: str | None = None,
) -> ReportPublication:
    """Render PDF and HTML once and store them with their digests, unless nothing changed.

    within: more to write in the same transaction as the new version (a job's item ends with
    it, so that a death at any point leaves both written or neither).
    """
    made = publishable_content(assessment)
    if confirmed is not None and confirmed != made.digest:
        raise ChangedSinceConfirmed
    # Cheap early answer for a repeat: unchanged content is not rendered at all.
    _refuse_unchanged(assessment.pk, made.digest)
    # Rendering is slow (about a second): done before the transaction holds any lock.
    pdf_bytes = render_pdf(made.pdf_html)
    saved: list[str] = []
    try:
        with transaction.atomic():
            publication = _write_version(assessment.pk, user, made, pdf_bytes, saved)
            if within is not None:
                within(publication)
    except BaseException:
        # Rolled back (the commit itself may have failed): its PDF must not outlive it.
        _delete_pdfs(saved)
        raise
    locked = publication.assessment
    assessment.status = locked.status
    log_event(
        logger,
        "report.publish",
        user=user,
        agency=locked.agency,
        obj=locked,
        outcome="published",
        version=publication.version,
        sha256=publication.sha256[:12],
    )
    return publication


def _write_version(
    assessment_id: int,
    user: Person | None,
    made: PublishableContent,
    pdf_bytes: bytes,
    saved: list[str],
) -> ReportPublication:
    """The new version and what it freezes, under the assessment's lock (in a transaction)."""
    # Serialises publications of one assessment (PostgreSQL row lock; SQLite takes the write
    # lock): the second of two simultaneous requests waits here, then finds the first one's
    # version and stops.
    locked = (
        Assessment.objects.select_for_update()
        .select_related("agency", "framework")
        .get(pk=assessment_id)
    )
    _refuse_unchanged(locked.pk, made.digest)
    _delete_orphan_pdfs(locked.pk)
    publication = _store_version(locked, user, made.web_report, pdf_bytes, made.digest, saved)
    locked.status = Assessment.Status.PUBLISHED
    locked.save(update_fields=["status", "updated_at"])
    published_figures_freeze(
        assessment=locked, version=publication.version, published_at=publication.published_at
    )
    return publication


def _store_version(
    locked: Assessment,
    user: Person | None,
    web_report: Any,
    pdf_bytes: bytes,
    content: str,
    saved: list[str],
) -> ReportPublication:
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
    digest = hashlib.sha256(pdf_bytes).hexdigest()
    # The new version replaces the previous one in the public lists (under the row lock).
    locked.publications.filter(is_latest=True).update(is_latest=False)
    publication = ReportPublication(
        assessment=locked,
        version=version,
        published_at=timezone.now(),
        published_by=user,
        html=html,
        sha256=digest,
        content_sha256=content,
        pdf_size=len(pdf_bytes),
        thai_digits=web_report.thai_digits,
        is_latest=True,
        agency=locked.agency,
        fiscal_year=year,
        agency_name=locked.agency.name,
        agency_short_name=locked.agency.display_short_name,
    )
    publication.pdf.save(f"{digest}.pdf", ContentFile(pdf_bytes), save=False)
    saved.append(str(publication.pdf.name))
    publication.full_clean()
    publication.save()
    return publication


def _pdf_storage() -> Any:
    return ReportPublication._meta.get_field("pdf").storage


def _delete_pdfs(names: list[str]) -> None:
    for name in names:
        try:
            _pdf_storage().delete(name)
        except OSError:
            logger.exception("could not delete the PDF of a rolled-back publication: %s", name)


def _delete_orphan_pdfs(assessment_id: int) -> None:
    """Delete the assessment's PDFs that no version names (left by a process that died).

    Called under the assessment's lock: every PDF of the assessment is written under it, so
    no other transaction can be between writing a PDF and committing its version.
    """
    folder = publication_pdf_upload_to_folder(assessment_id)
    try:  # no folder on the file system; a bucket has no folders, only an empty listing
        names = _pdf_storage().listdir(folder)[1]
    except FileNotFoundError:
        return
    stored = [f"{folder}/{n}" for n in names if n.endswith(".pdf")]
    if not stored:  # no PDF yet: nothing to compare (the same queries on either storage)
        return
    known = set(
        ReportPublication.objects.filter(assessment_id=assessment_id).values_list("pdf", flat=True)
    )
    orphans = [name for name in stored if name not in known]
    if orphans:
        logger.warning("deleting orphan PDFs of assessment %s: %s", assessment_id, orphans)
        _delete_pdfs(orphans)


@transaction.atomic
def report_unpublish(*, assessment: Assessment, user: Person, reason: str) -> int:
    """Withdraw every live version from the public; returns how many were withdrawn."""
    _check_approver(user, assessment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERROR_REASON_REQUIRED)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    live = list(locked.publications.filter(unpublished_at__isnull=True).defer("html"))
    if not live:
        raise ValidationError(ERROR_NOT_PUBLISHED)
    now = timezone.now()
    for publication in live:
        publication.unpublished_at = now
        publication.unpublished_by = user
        publication.unpublish_reason = reason
        publication.is_latest = False
        publication.full_clean()
        publication.save(
            update_fields=["unpublished_at", "unpublished_by", "unpublish_reason", "is_latest"]
        )
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


def publishable_assessment_ids(fiscal_year: int, agency_codes: tuple[str, ...] = ()) -> list[int]:
    """Assessments of the year with an approved plan and no live version, by agency name.

    The plan has an approved version by actionplans.selectors.approved_version_q (approved now,
    or the approval's snapshot of a reopened plan), checked in the query, not by building it.
    """
    approved = Exists(ActionPlan.objects.filter(approved_version_q(), assessment=OuterRef("pk")))
    live = ReportPublication.objects.filter(assessment=OuterRef("pk"), unpublished_at__isnull=True)
    rows = Assessment.objects.filter(approved, framework__fiscal_year=fiscal_year).exclude(
        Exists(live)
    )
    if agency_codes:
        rows = rows.filter(agency__code__in=agency_codes)
    return list(rows.order_by("agency__name", "pk").values_list("pk", flat=True))


def publishable_assessments(fiscal_year: int) -> list[Assessment]:
    """Assessments of the year with an approved plan and no live publication."""
    ids = publishable_assessment_ids(fiscal_year)
    rows = Assessment.objects.filter(pk__in=ids).select_related("agency", "framework")
    return list(rows.order_by("agency__name"))


def publication_job_create(
    *, fiscal_year: int, user: Person | None, agency_codes: tuple[str, ...] = ()
) -> PublicationJob:
    """Record a bulk publication of a year, one item per report; start it with tasks.enqueue_job.

    user: a site administrator, or None for the command line (an operator with shell access).
    Refused while another job of the year is pending or running (a stale one is closed first).
    """
    if user is not None and not access.is_site_admin(user):
        raise PermissionDenied(ERROR_NOT_SITE_ADMIN)
    _check_agency_codes(agency_codes)
    publication_jobs_close_stale()
    try:
        with transaction.atomic():
            job = _create_job(fiscal_year, user, agency_codes)
    except IntegrityError as exc:
        # Two administrators at once: the partial unique constraint lets one job through.
        active = PublicationJob.objects.filter(
            fiscal_year=fiscal_year, status__in=PublicationJob.ACTIVE
        ).first()
        raise ValidationError(
            ERROR_JOB_ACTIVE.format(year=fiscal_year, job=active.pk if active else "?")
        ) from exc
    log_event(
        logger,
        "publication_job.create",
        user=user if user is not None else "command line",
        obj=job,
        year=fiscal_year,
        total=job.total,
    )
    return job


def _check_agency_codes(agency_codes: tuple[str, ...]) -> None:
    known = set(Agency.objects.filter(code__in=agency_codes).values_list("code", flat=True))
    unknown = sorted(set(agency_codes) - known)
    if unknown:
        raise ValidationError(ERROR_UNKNOWN_AGENCIES.format(codes=", ".join(unknown)))


def _create_job(
    fiscal_year: int, user: Person | None, agency_codes: tuple[str, ...]
) -> PublicationJob:
    active = (
        PublicationJob.objects.select_for_update()
        .filter(fiscal_year=fiscal_year, status__in=PublicationJob.ACTIVE)
        .first()
    )
    if active is not None:
        raise ValidationError(ERROR_JOB_ACTIVE.format(year=fiscal_year, job=active.pk))
    ids = publishable_assessment_ids(fiscal_year, agency_codes)
    if not ids:
        raise ValidationError(ERROR_NO_APPROVED.format(year=fiscal_year))
    job = PublicationJob(fiscal_year=fiscal_year, created_by=user, total=len(ids))
    job.full_clean()
    job.save()
    PublicationJobItem.objects.bulk_create(
        PublicationJobItem(job=job, assessment_id=pk) for pk in ids
    )
    return job


def publication_job_start(*, job_id: int) -> list[int]:
    """Mark the job running; returns the assessments still to publish (one task each)."""
    now = timezone.now()
    PublicationJob.objects.filter(pk=job_id, status=PublicationJob.Status.PENDING).update(
        status=PublicationJob.Status.RUNNING, started_at=now, progressed_at=now
    )
    log_event(logger, "publication_job.start", obj=f"PublicationJob:{job_id}")
    return list(
        PublicationJobItem.objects.filter(
            job_id=job_id, status=PublicationJobItem.Status.PENDING
        ).values_list("assessment_id", flat=True)
    )


def publication_job_item_run(*, job_id: int, assessment_id: int) -> str:
    """Publish one report of a job; returns how its item ended ("" if it had already ended).

    A retry or a second delivery of the same task (its process or worker died: see
    CELERY_TASK_REJECT_ON_WORKER_LOST) changes nothing: the new version and its item's end are
    one transaction, an ended item stays as it ended (its job is closed if the death came
    before that), and unchanged content is skipped by the publication itself. An item tried
    REPORT_PUBLISH_MAX_RETRIES + 1 times is failed instead of killing another process. Errors
    of the system (database, files, time limit) propagate so that the task retries them.
    """
    item = (
        PublicationJobItem.objects.filter(job_id=job_id, assessment_id=assessment_id)
        .select_related("job__created_by", "assessment__agency", "assessment__framework")
        .first()
    )
    if item is None:
        return ""
    if item.status != PublicationJobItem.Status.PENDING:
        _close_if_complete(job_id)
        return ""
    if item.attempts > settings.REPORT_PUBLISH_MAX_RETRIES:
        reason = REASON_WORKER_LOST.format(attempts=item.attempts)
        return _end_item(item, PublicationJobItem.Status.FAILED, reason=reason)
    PublicationJobItem.objects.filter(pk=item.pk).update(attempts=F("attempts") + 1)
    return _publish_item(item)


class _ItemEnded(Exception):
    """Another delivery ended the item meanwhile: the version made here is rolled back."""


def _publish_item(item: PublicationJobItem) -> str:
    def end_with_the_version(publication: ReportPublication) -> None:
        if not _record_end(item, PublicationJobItem.Status.DONE, version=publication.version):
            raise _ItemEnded

    try:
        _publish_version(
            assessment=item.assessment, user=item.job.created_by, within=end_with_the_version
        )
    except _ItemEnded:
        return ""
    except ReportUnchanged as unchanged:
        return _end_item(
            item, PublicationJobItem.Status.SKIPPED, version=unchanged.publication.version
        )
    except (ValidationError, PermissionDenied) as exc:
        reason = " ".join(getattr(exc, "messages", None) or [str(exc)])
        log_event(
            logger,
            "report.publish",
            user=item.job.created_by,
            agency=item.assessment.agency,
            obj=item.assessment,
            outcome="failed",
            level=logging.WARNING,
            job=item.job_id,
            reason=reason,
        )
        return _end_item(item, PublicationJobItem.Status.FAILED, reason=reason)
    _close_if_complete(item.job_id)
    return PublicationJobItem.Status.DONE


def publication_job_item_fail(*, job_id: int, assessment_id: int, error: BaseException) -> str:
    """End an item as failed after its last retry, naming the error."""
    item = PublicationJobItem.objects.filter(job_id=job_id, assessment_id=assessment_id).first()
    if item is None:
        return ""
    reason = REASON_SYSTEM_ERROR.format(
        error=f"{type(error).__name__}: {error}"[:500], attempts=item.attempts
    )
    log_event(
        logger,
        "report.publish",
        obj=f"Assessment:{assessment_id}",
        outcome="failed",
        level=logging.ERROR,
        job=job_id,
        reason=reason,
    )
    return _end_item(item, PublicationJobItem.Status.FAILED, reason=reason)


_COUNTER = {
    PublicationJobItem.Status.DONE: "done",
    PublicationJobItem.Status.SKIPPED: "skipped",
    PublicationJobItem.Status.FAILED: "failed",
}


def _end_item(
    item: PublicationJobItem, status: str, *, reason: str = "", version: int | None = None
) -> str:
    """End a pending item once, count it on its job, and close the job after its last item."""
    if not _record_end(item, status, reason=reason, version=version):
        return ""  # a second delivery of the task got here first
    _close_if_complete(item.job_id)
    return status


def _record_end(
    item: PublicationJobItem, status: str, *, reason: str = "", version: int | None = None
) -> bool:
    """End a pending item and count it on its job; False if it had ended."""
    now = timezone.now()
    with transaction.atomic():
        ended = PublicationJobItem.objects.filter(
            pk=item.pk, status=PublicationJobItem.Status.PENDING
        ).update(status=status, reason=reason, version=version, finished_at=now)
        if not ended:
            return False
        counter = _COUNTER[PublicationJobItem.Status(status)]
        PublicationJob.objects.filter(pk=item.job_id).update(
            **{counter: F(counter) + 1}, progressed_at=now
        )
    return True


def _close_if_complete(job_id: int) -> None:
    # One conditional UPDATE: whichever task ends the last item closes the job, exactly once.
    # A job closed as stale whose reports came back later (progress after its end) is closed
    # again with its true outcome.
    closable = Q(status=PublicationJob.Status.RUNNING) | Q(
        status=PublicationJob.Status.FAILED, progressed_at__gt=F("finished_at")
    )
    closed = PublicationJob.objects.filter(
        closable,
        pk=job_id,
        total__lte=F("done") + F("skipped") + F("failed"),
    ).update(
        status=Case(
            When(failed__gt=0, then=Value(PublicationJob.Status.FAILED)),
            default=Value(PublicationJob.Status.FINISHED),
        ),
        finished_at=timezone.now(),
    )
    if closed:
        job = PublicationJob.objects.get(pk=job_id)
        log_event(
            logger,
            "publication_job.end",
            user=job.created_by,
            obj=job,
            outcome=job.status,
            year=job.fiscal_year,
            done=job.done,
            skipped=job.skipped,
            failed=job.failed,
        )


def publication_job_fail(*, job_id: int, note: str) -> None:
    """Close an active job as failed (its tasks could not be queued, or it went stale)."""
    job = PublicationJob.objects.get(pk=job_id)
    updated = PublicationJob.objects.filter(pk=job_id, status__in=PublicationJob.ACTIVE).update(
        status=PublicationJob.Status.FAILED,
        finished_at=timezone.now(),
        log=f"{job.log}\n{note}".strip(),
    )
    if updated:
        log_event(
            logger,
            "publication_job.end",
            obj=job,
            outcome="failed",
            level=logging.ERROR,
            year=job.fiscal_year,
            note=note,
        )


def publication_jobs_close_stale() -> int:
    """Close every stale job as failed; returns how many (run by beat and before a new job)."""
    ids = selectors.stale_job_ids()
    note = NOTE_STALE.format(minutes=settings.PUBLICATION_JOB_STALE_MINUTES)
    for job_id in ids:
        publication_job_fail(job_id=job_id, note=note)
    return len(ids)
