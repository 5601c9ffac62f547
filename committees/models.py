"""Committee appointment orders (คำสั่ง) with their members, and meeting records with photos."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Agency, Assessment

from .scans import page_upload_to, scan_upload_to, validate_scan
from .uploads import emblem_upload_to, photo_upload_to, validate_photo

ERROR_ASSESSMENT_OTHER_AGENCY = "ผลการประเมินที่เลือกเป็นของหน่วยงานอื่น"
ERROR_COMMITTEE_OTHER_AGENCY = "คำสั่งแต่งตั้งคณะกรรมการที่เลือกเป็นของหน่วยงานอื่น"


class CommitteeRole(models.Model):
    """A member's role (ประธานกรรมการ, กรรมการและเลขานุการ, …): a list an administrator extends."""

    name = models.CharField(_("ชื่อบทบาท"), max_length=255, unique=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("บทบาทในคณะกรรมการ")
        verbose_name_plural = _("บทบาทในคณะกรรมการ")

    def __str__(self) -> str:
        return self.name


class CommitteeOrder(models.Model):
    """An appointment order: ที่ number/year, subject, preamble, duties, dates and signer."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="committee_orders"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมินที่วิเคราะห์"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_orders",
    )
    number = models.PositiveIntegerField(_("คำสั่งที่"))
    year = models.PositiveIntegerField(_("ปี พ.ศ. ของคำสั่ง"), validators=[MinValueValidator(2500)])
    subject = models.TextField(_("เรื่อง"))
    preamble = models.TextField(_("ข้อความนำ"), blank=True, help_text=_("แยกย่อหน้าด้วยบรรทัดว่าง"))
    duties = models.TextField(_("หน้าที่"), blank=True, help_text=_("แยกย่อหน้าด้วยบรรทัดว่าง"))
    closing = models.TextField(
        _("ข้อความท้ายคำสั่ง"),
        blank=True,
        help_text=_("เช่น ให้ผู้ที่ได้รับการแต่งตั้งปฏิบัติหน้าที่อย่างเต็มความรู้ความสามารถ"),
    )
    effective_date = models.DateField(_("มีผลตั้งแต่วันที่"), null=True, blank=True)
    signed_date = models.DateField(_("สั่ง ณ วันที่"), null=True, blank=True)
    signer_name = models.CharField(_("ชื่อผู้ลงนาม"), max_length=255, blank=True)
    signer_title = models.CharField(_("ตำแหน่งผู้ลงนาม"), max_length=500, blank=True)
    # The signed order as scanned: the report shows its pages instead of the retyped text.
    signed_scan = models.FileField(
        _("คำสั่งฉบับลงนาม (ไฟล์สแกน)"),
        upload_to=scan_upload_to,
        validators=[validate_scan],
        blank=True,
        max_length=255,
        help_text=_("PDF หรือรูปภาพ รายงานจะแสดงภาพคำสั่งฉบับนี้ในภาคผนวกแทนข้อความที่พิมพ์"),
    )
    # The uploader's own name (shown, and offered when downloading); stored under a generated one.
    signed_scan_original_name = models.CharField(
        _("ชื่อไฟล์เดิม"), max_length=255, blank=True, default="", db_default="", editable=False
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    # Optimistic locking of the order with its members (ita_portal/lib/locking.py): a member's change moves it too.
    lock_version = models.PositiveIntegerField(
        _("รุ่นการแก้ไข"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["agency__name", "-year", "-number"]
        verbose_name = _("คำสั่งแต่งตั้งคณะกรรมการ")
        verbose_name_plural = _("คำสั่งแต่งตั้งคณะกรรมการ")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="committeeorder_number_unique_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"คำสั่งที่ {self.number}/{self.year}"

    def clean(self) -> None:
        assessment = self.assessment if self.assessment_id else None
        if assessment is not None and self.agency_id and assessment.agency_id != self.agency_id:
            raise ValidationError({"assessment": ERROR_ASSESSMENT_OTHER_AGENCY})


class CommitteeOrderScanPage(models.Model):
    """One page of the signed scan as an image (a PDF's pages are rasterised when attached)."""

    order = models.ForeignKey(
        CommitteeOrder,
        verbose_name=_("คำสั่ง"),
        on_delete=models.CASCADE,
        related_name="scan_pages",
    )
    number = models.PositiveSmallIntegerField(_("หน้าที่"))
    image = models.FileField(_("ภาพหน้า"), upload_to=page_upload_to, max_length=255)

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("หน้าของคำสั่งฉบับลงนาม")
        verbose_name_plural = _("หน้าของคำสั่งฉบับลงนาม")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="scanpage_one_per_number"),
        ]

    def __str__(self) -> str:
        return f"{self.order} หน้า {self.number}"


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        CommitteeOrder, verbose_name=_("คำสั่ง"), on_delete=models.CASCADE, related_name="members"
    )
    sequence = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    name = models.CharField(_("ชื่อ-สกุล"), max_length=255)
    position = models.CharField(_("ตำแหน่ง"), max_length=500, blank=True)
    role = models.ForeignKey(
        CommitteeRole, verbose_name=_("บทบาท"), on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        ordering = ["committee", "sequence", "id"]
        verbose_name = _("กรรมการ")
        verbose_name_plural = _("กรรมการ")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Meeting(models.Model):
    """A meeting record (often published as news): date, place, chair, summary, author, photos."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="meetings"
    )
    committee = models.ForeignKey(
        CommitteeOrder,
        verbose_name=_("คณะกรรมการ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    title = models.CharField(_("หัวข้อ"), max_length=500)
    date = models.DateField(_("วันที่ประชุม"))
    place = models.CharField(_("สถานที่"), max_length=500, blank=True)
    chair = models.CharField(_("ประธานการประชุม"), max_length=255, blank=True)
    summary = models.TextField(_("สรุปการประชุม"), blank=True)
    author = models.CharField(_("ผู้บันทึก/ภาพและข่าว"), max_length=255, blank=True)
    source = models.CharField(
        _("แหล่งเผยแพร่"), max_length=255, blank=True, help_text=_("เช่น จดหมายข่าว ปีที่ ๕ ฉบับที่ ๖๗")
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    # Optimistic locking of the meeting with its photos (ita_portal/lib/locking.py): a photo's change moves it too.
    lock_version = models.PositiveIntegerField(
        _("รุ่นการแก้ไข"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["agency__name", "-date"]
        verbose_name = _("บันทึกการประชุม")
        verbose_name_plural = _("บันทึกการประชุม")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        committee = self.committee if self.committee_id else None
        if committee is not None and self.agency_id and committee.agency_id != self.agency_id:
            raise ValidationError({"committee": ERROR_COMMITTEE_OTHER_AGENCY})


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("การประชุม"), on_delete=models.CASCADE, related_name="photos"
    )
    # A FileField with our own validator, not ImageField: the content check and its Thai
    # message are ours, and the stored name is generated from the detected format.
    image = models.FileField(
        _("ภาพ"), upload_to=photo_upload_to, validators=[validate_photo], max_length=255
    )
    # The uploader's own name (shown, and offered when downloading); stored under a generated one.
    image_original_name = models.CharField(
        _("ชื่อไฟล์เดิม"), max_length=255, blank=True, default="", db_default="", editable=False
    )
    caption = models.CharField(_("คำบรรยายภาพ"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("ภาพการประชุม")
        verbose_name_plural = _("ภาพการประชุม")

    def __str__(self) -> str:
        return self.caption or f"ภาพ {self.pk}"


class OfficialEmblem(models.Model):
    """The Garuda (ครุฑ) printed at the top of a retyped order: one image for the whole site,
    uploaded once by a site administrator (the portal has no copy of its own)."""

    image = models.FileField(
        _("ภาพตราครุฑ"),
        upload_to=emblem_upload_to,
        validators=[validate_photo],
        max_length=255,
        help_text=_("ไฟล์ PNG, JPEG หรือ WebP พิมพ์สูง ๓ ซม. กึ่งกลางหัวคำสั่งที่พิมพ์ในรายงาน"),
    )
    # The uploader's own name (shown); stored under a generated one.
    image_original_name = models.CharField(
        _("ชื่อไฟล์เดิม"), max_length=255, blank=True, default="", db_default="", editable=False
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("ตราครุฑสำหรับหนังสือราชการ")
        verbose_name_plural = _("ตราครุฑสำหรับหนังสือราชการ")

    def __str__(self) -> str:
        return "ตราครุฑ"


def official_emblem_name() -> str:
    """The storage name of the uploaded Garuda, "" when none has been uploaded."""
    emblem = OfficialEmblem.objects.order_by("-updated_at", "-pk").first()
    return (emblem.image.name or "") if emblem is not None and emblem.image else ""
