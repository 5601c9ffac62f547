"""Published versions of the analysis report (frozen PDF + HTML) and bulk publishing jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Agency, Assessment
from ita_portal.lib.thai import be_text


def publication_pdf_upload_to_folder(assessment_id: int) -> str:
    """The folder of an assessment's published PDFs (nothing else is written there)."""
    return f"reports/{assessment_id}"


def publication_pdf_upload_to(instance: ReportPublication, filename: str) -> str:
    # A generated name: nothing of the uploader's or agency's text reaches the file system.
    return f"{publication_pdf_upload_to_folder(instance.assessment_id)}/{uuid.uuid4().hex}.pdf"


class ReportPublication(models.Model):
    """One published version: rendered once at publication, never re-rendered for the public."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    version = models.PositiveIntegerField(_("ฉบับที่"))
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เผยแพร่"),
        null=True,
        blank=True,  # none: published by a bulk job started from the command line
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("ไฟล์ PDF"), upload_to=publication_pdf_upload_to, max_length=255)
    html = models.TextField(_("HTML ที่เผยแพร่"))
    sha256 = models.CharField(_("ค่าแฮช SHA-256 ของ PDF"), max_length=64)
    # What the PDF was made from (ita_portal.lib.pdf.document_digest): publishing the same
    # content again creates no version. Blank on versions published before it was recorded.
    content_sha256 = models.CharField(
        _("ค่าแฮช SHA-256 ของเนื้อหา"), max_length=64, blank=True, default=""
    )
    pdf_size = models.PositiveIntegerField(_("ขนาดไฟล์ PDF (ไบต์)"), default=0)
    thai_digits = models.BooleanField(_("ตัวเลขไทย"), default=True)
    unpublished_at = models.DateTimeField(_("ยกเลิกการเผยแพร่เมื่อ"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ยกเลิกการเผยแพร่"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unpublish_reason = models.TextField(_("เหตุผลที่ยกเลิกการเผยแพร่"), blank=True)
    # The public lists (home page by year) read these, never the assessment, agency or HTML:
    # kept by the publishing services under the assessment's row lock.
    is_latest = models.BooleanField(_("ฉบับล่าสุดที่เผยแพร่อยู่"), default=False)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("หน่วยงาน"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # publication_public_agency_idx serves the only lookup by agency
    )
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"), null=True, blank=True)
    agency_name = models.CharField(_("ชื่อหน่วยงานเมื่อเผยแพร่"), max_length=255, blank=True)
    # The name the PDF's file and the report page's bar carry: the one it was signed with, not
    # the agency's name of today (docs/public-facts.md).
    agency_short_name = models.CharField(
        _("ชื่อย่อหน่วยงานเมื่อเผยแพร่"), max_length=255, blank=True, default="", db_default=""
    )

    class Meta:
        ordering = ["assessment", "-version"]
        verbose_name = _("รายงานที่เผยแพร่")
        verbose_name_plural = _("รายงานที่เผยแพร่")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "version"], name="publication_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(unpublished_at__isnull=True) | ~Q(unpublish_reason=""),
                name="publication_unpublish_has_reason",
            ),
            # One latest version per assessment, and it is live: two publishers racing past the
            # row lock (or a bug) fail here instead of listing a report twice.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=Q(is_latest=True),
                name="publication_one_latest_per_assessment",
            ),
            models.CheckConstraint(
                condition=Q(is_latest=False) | Q(unpublished_at__isnull=True),
                name="publication_latest_is_live",
            ),
        ]
        indexes = [
            # The public pages look up the live versions of an assessment, newest first.
            models.Index(
                fields=["assessment", "unpublished_at", "-version"], name="publication_live_idx"
            ),
            # The home page: a year's latest versions by agency name, a page at a time, read
            # from the index alone (count and offset) whatever the number of agencies.
            models.Index(
                fields=["fiscal_year", "agency_name", "id"],
                condition=Q(is_latest=True),
                name="publication_listing_idx",
            ),
            # Agencies with a live report (search, agency page): a probe per agency.
            models.Index(
                fields=["agency"],
                condition=Q(is_latest=True),
                name="publication_public_agency_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ฉบับที่ {self.version}"

    @property
    def is_live(self) -> bool:
        return self.unpublished_at is None


class PublicationJob(models.Model):
    """Bulk publication of one fiscal year's approved reports: one item (one task) per report."""

    class Status(models.TextChoices):
        PENDING = "pending", _("รอดำเนินการ")
        RUNNING = "running", _("กำลังดำเนินการ")
        FINISHED = "finished", _("เสร็จสิ้น")
        FAILED = "failed", _("ล้มเหลว")

    ACTIVE = (Status.PENDING, Status.RUNNING)

    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้สั่งเผยแพร่"),
        null=True,
        blank=True,  # none: started from the command line
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    started_at = models.DateTimeField(_("เริ่มเมื่อ"), null=True, blank=True)
    # Moved by every report that ends: a job whose queue stopped moving is stale (selectors).
    progressed_at = models.DateTimeField(_("มีความคืบหน้าล่าสุดเมื่อ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("จำนวนทั้งหมด"), default=0)
    done = models.PositiveIntegerField(_("เผยแพร่แล้ว"), default=0)
    skipped = models.PositiveIntegerField(_("ข้าม (เนื้อหาไม่เปลี่ยน)"), default=0)
    failed = models.PositiveIntegerField(_("ไม่สำเร็จ"), default=0)
    log = models.TextField(_("บันทึก"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานเผยแพร่รายงานทั้งปี")
        verbose_name_plural = _("งานเผยแพร่รายงานทั้งปี")
        constraints = [
            # One bulk job per year at a time, even when two administrators start one together.
            models.UniqueConstraint(
                fields=["fiscal_year"],
                condition=Q(status__in=["pending", "running"]),
                name="publication_job_one_active_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.done}/{self.total}"

    @property
    def ended(self) -> int:
        return self.done + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.ended * 100 / self.total)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class PublicationJobItem(models.Model):
    """One report of a bulk job: its task ends it once (done, skipped or failed with a reason)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("รอดำเนินการ")
        DONE = "done", _("เผยแพร่แล้ว")
        SKIPPED = "skipped", _("ข้าม (เนื้อหาไม่เปลี่ยน)")
        FAILED = "failed", _("ไม่สำเร็จ")

    job = models.ForeignKey(
        PublicationJob, verbose_name=_("งาน"), on_delete=models.CASCADE, related_name="items"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("ผลการประเมิน"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("เหตุผล"), blank=True)
    version = models.PositiveIntegerField(_("ฉบับที่"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("จำนวนครั้งที่ลอง"), default=0)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["job", "id"]
        verbose_name = _("รายงานในงานเผยแพร่")
        verbose_name_plural = _("รายงานในงานเผยแพร่")
        constraints = [
            models.UniqueConstraint(fields=["job", "assessment"], name="publication_item_unique"),
        ]
        indexes = [
            # The job page lists the failed items of a job.
            models.Index(fields=["job", "status"], name="publication_item_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.job_id}/{self.assessment_id}: {self.status}"


class ReportPreview(models.Model):
    """The last time staff looked at the report before publishing (a step of the workspace)."""

    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="report_preview",
    )
    previewed_at = models.DateTimeField(_("ดูตัวอย่างล่าสุดเมื่อ"))
    previewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดูตัวอย่าง"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("การดูตัวอย่างรายงาน")
        verbose_name_plural = _("การดูตัวอย่างรายงาน")

    def __str__(self) -> str:
        return f"{self.assessment}: {be_text(self.previewed_at)}"


class ReminderSent(models.Model):
    """One reminder digest e-mailed to a user on a day, with the due items it named."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้รับ"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("วันที่ส่ง"))
    items = models.JSONField(_("รายการที่แจ้ง"), default=list)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), auto_now_add=True)

    class Meta:
        verbose_name = _("อีเมลแจ้งเตือนที่ส่งแล้ว")
        verbose_name_plural = _("อีเมลแจ้งเตือนที่ส่งแล้ว")
        constraints = [
            # At most one digest per user per day, whatever runs the command (cron, beat, twice).
            models.UniqueConstraint(fields=["user", "sent_on"], name="reminder_one_per_user_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {be_text(self.sent_on)}"
