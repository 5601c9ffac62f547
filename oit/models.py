"""An agency's evidence for each O-item of a year, and what the link checker found at each URL."""

from __future__ import annotations

import hashlib
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models import Agency, Assessment, Unit
from indicators.models import OITItem

from .uploads import evidence_upload_to, validate_evidence_file

ERROR_ITEM_OTHER_YEAR = "ข้อ {code} เป็นของปีงบประมาณ พ.ศ. {item_year} ไม่ใช่ปีของผลการประเมินนี้ ({year})"
ERROR_UNIT_OTHER_AGENCY = "กลุ่ม/หน่วยที่เลือกเป็นของหน่วยงานอื่น"
ERROR_CLARIFICATION_WITHOUT_FAIL = "ชี้แจงได้เฉพาะข้อที่ผลเบื้องต้นของผู้ประเมินเป็น “ไม่ผ่าน”"
ERROR_BAD_URL = "กรุณากรอกลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://"

URL_MAX_LENGTH = 2000
TEXT_MAX_LENGTH = 2000
http_url = URLValidator(schemes=["http", "https"], message=ERROR_BAD_URL)


def url_digest(url: str) -> str:
    """Key of a URL in LinkCheck: a long Thai URL does not fit a database index, its digest does."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


class Evidence(models.Model):
    """What the agency publishes for one O-item of one assessment year, and how it was judged."""

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
        READY = "ready", _("พร้อมส่ง")
        SUBMITTED = "submitted", _("ส่งในระบบ ITAS แล้ว")

    class Result(models.TextChoices):
        PASSED = "passed", _("ผ่าน")
        FAILED = "failed", _("ไม่ผ่าน")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน (หน่วยงานและปี)"),
        on_delete=models.CASCADE,
        related_name="oit_evidence",
    )
    item = models.ForeignKey(
        OITItem, verbose_name=_("ข้อการประเมิน"), on_delete=models.PROTECT, related_name="evidence"
    )
    text = models.TextField(
        _("คำอธิบายหลักฐาน"),
        max_length=TEXT_MAX_LENGTH,
        validators=[
            MaxLengthValidator(TEXT_MAX_LENGTH)
        ],  # a TextField's max_length binds forms only
        blank=True,
        help_text=_("ข้อความสั้น เช่น หลักฐานอยู่ในเมนูใดของเว็บไซต์"),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("กลุ่ม/หน่วยที่รับผิดชอบ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="oit_evidence",
    )
    responsible_person = models.CharField(_("ผู้รับผิดชอบ"), max_length=255, blank=True)
    due_date = models.DateField(
        _("กำหนดเสร็จ"),
        null=True,
        blank=True,
        help_text=_("ตั้งต้นตามปฏิทินการประเมินของปี (ถ้ามี) แก้ไขได้"),
    )
    # Optional: the rule of the item (this fiscal year, last fiscal year, …) is checked against it
    # as a warning only (oit/dating.py), never refused: the assessors have the last word.
    document_date = models.DateField(
        _("วันที่ของเอกสาร/ผลการดำเนินการ"),
        null=True,
        blank=True,
        help_text=_("วันที่ที่ปรากฏในเอกสารหรือวันที่ดำเนินการ ระบบใช้ตรวจว่าอยู่ในช่วงปีงบประมาณที่ข้อนี้กำหนด"),
    )
    state = models.CharField(
        _("สถานะ"), max_length=20, choices=State.choices, default=State.NOT_STARTED
    )
    notes = models.TextField(_("บันทึก"), blank=True)
    public = models.BooleanField(
        _("เผยแพร่ในหน้า ITA สาธารณะ"),
        default=False,
        help_text=_("เฉพาะข้อที่เลือกจึงปรากฏในหน้าสาธารณะของหน่วยงาน"),
    )
    preliminary_result = models.CharField(
        _("ผลเบื้องต้นของผู้ประเมิน"), max_length=10, choices=Result.choices, blank=True
    )
    preliminary_comment = models.TextField(_("ความเห็นของผู้ประเมิน"), blank=True)
    clarification = models.TextField(
        _("คำชี้แจงของหน่วยงาน"), blank=True, help_text=_("ยื่นภายในช่วงเวลาชี้แจงของปี")
    )
    final_result = models.CharField(_("ผลสุดท้าย"), max_length=10, choices=Result.choices, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    # Optimistic locking of the evidence with its links and files (ita_portal/lib/locking.py): a link's or file's change moves it too.
    lock_version = models.PositiveIntegerField(
        _("รุ่นการแก้ไข"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["assessment", "item__order", "item__code"]
        verbose_name = _("หลักฐานข้อ OIT")
        verbose_name_plural = _("หลักฐานข้อ OIT")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="evidence_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.item.name}"

    def clean(self) -> None:
        errors = {}
        if self.assessment_id and self.item_id:
            item_year = self.item.framework.fiscal_year
            year = self.assessment.framework.fiscal_year
            if item_year != year:
                errors["item"] = ERROR_ITEM_OTHER_YEAR.format(
                    code=self.item.code, item_year=item_year, year=year
                )
        unit = self.unit if self.unit_id else None
        if unit is not None and self.assessment_id and unit.agency_id != self.assessment.agency_id:
            errors["unit"] = ERROR_UNIT_OTHER_AGENCY
        if self.clarification.strip() and self.preliminary_result != self.Result.FAILED:
            errors["clarification"] = ERROR_CLARIFICATION_WITHOUT_FAIL
        if errors:
            raise ValidationError(errors)

    @property
    def result(self) -> str:
        """The assessors' latest word: the final result when given, else the preliminary one."""
        return self.final_result or self.preliminary_result


class EvidenceLink(models.Model):
    evidence = models.ForeignKey(
        Evidence, verbose_name=_("หลักฐาน"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.CharField(_("ลิงก์"), max_length=URL_MAX_LENGTH, validators=[http_url])
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["evidence", "order", "id"]
        verbose_name = _("ลิงก์หลักฐาน")
        verbose_name_plural = _("ลิงก์หลักฐาน")
        constraints = [
            models.UniqueConstraint(fields=["evidence", "url"], name="evidencelink_unique_url")
        ]

    def __str__(self) -> str:
        return self.url


class EvidenceFile(models.Model):
    evidence = models.ForeignKey(
        Evidence, verbose_name=_("หลักฐาน"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("ไฟล์"), upload_to=evidence_upload_to, validators=[validate_evidence_file], max_length=255
    )
    # The uploader's own name (shown, and offered when downloading); stored under a generated one.
    file_original_name = models.CharField(
        _("ชื่อไฟล์เดิม"), max_length=255, blank=True, default="", db_default="", editable=False
    )
    title = models.CharField(_("ชื่อเอกสาร"), max_length=500, blank=True)
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["evidence", "uploaded_at", "id"]
        verbose_name = _("ไฟล์หลักฐาน")
        verbose_name_plural = _("ไฟล์หลักฐาน")

    def __str__(self) -> str:
        return self.title or self.file_original_name or f"ไฟล์ {self.pk}"


class LinkCheck(models.Model):
    """The latest check of one URL (shared by every evidence that gives it)."""

    url = models.TextField(_("ลิงก์"))
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    ok = models.BooleanField(_("ใช้งานได้"))
    error = models.CharField(_("ปัญหา"), max_length=30, blank=True)
    message = models.CharField(_("คำอธิบาย"), max_length=255, blank=True)
    status_code = models.PositiveSmallIntegerField(_("รหัสตอบกลับ"), null=True, blank=True)
    final_url = models.TextField(_("ลิงก์ปลายทาง"), blank=True)
    content_type = models.CharField(_("ชนิดเนื้อหา"), max_length=255, blank=True)
    response_ms = models.PositiveIntegerField(_("เวลาตอบสนอง (มิลลิวินาที)"), null=True, blank=True)
    tls_valid = models.BooleanField(_("ใบรับรอง HTTPS ถูกต้อง"), null=True, blank=True)
    redirects = models.PositiveSmallIntegerField(_("จำนวนการเปลี่ยนเส้นทาง"), default=0)
    truncated = models.BooleanField(_("เนื้อหาใหญ่เกินที่อ่าน"), default=False)
    checked_at = models.DateTimeField(_("ตรวจเมื่อ"))

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("ผลการตรวจลิงก์")
        verbose_name_plural = _("ผลการตรวจลิงก์")
        indexes = [
            # The periodic re-check takes the links checked longest ago first.
            models.Index(fields=["checked_at"], name="linkcheck_checked_at_idx"),
        ]

    def __str__(self) -> str:
        return self.url

    def is_slow(self) -> bool:
        return bool(self.response_ms and self.response_ms > settings.LINKCHECK_SLOW_MS)


ERROR_BAD_ORIGIN = (
    "“{value}” ไม่ใช่ต้นทางของเว็บไซต์ กรุณากรอกเช่น https://www.example.go.th "
    "(ไม่มีเส้นทางต่อท้าย) คั่นแต่ละเว็บไซต์ด้วยช่องว่าง"
)
ERROR_TOO_MANY_ORIGINS = "ระบุเว็บไซต์ได้ไม่เกิน {limit} แห่ง"
MAX_FRAME_ORIGINS = 10
# An origin only (scheme, host, optional port, optional leading "*." label): nothing that
# could end the frame-ancestors directive or add another one to the header.
_ORIGIN = re.compile(
    r"^https?://(\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$"
)


def split_origins(value: str) -> list[str]:
    return value.split()


def validate_frame_origins(value: str) -> None:
    origins = split_origins(value)
    if len(origins) > MAX_FRAME_ORIGINS:
        raise ValidationError(ERROR_TOO_MANY_ORIGINS.format(limit=MAX_FRAME_ORIGINS))
    for origin in origins:
        if not _ORIGIN.match(origin.lower()):
            raise ValidationError(ERROR_BAD_ORIGIN.format(value=origin[:100]))


class PublicPageSetting(models.Model):
    """How an agency's public ITA page may be embedded in other websites."""

    agency = models.OneToOneField(
        Agency,
        verbose_name=_("หน่วยงาน"),
        on_delete=models.CASCADE,
        related_name="oit_page_setting",
    )
    frame_origins = models.CharField(
        _("เว็บไซต์ที่ฝังหน้า ITA ได้"),
        max_length=1000,
        blank=True,
        validators=[validate_frame_origins],
        help_text=_(
            "ต้นทางของเว็บไซต์ที่นำหน้า ITA ของหน่วยงานไปฝัง (iframe) ได้ คั่นด้วยช่องว่าง "
            "เช่น https://www.example.go.th เว้นว่าง = ฝังได้เฉพาะในระบบนี้"
        ),
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("การตั้งค่าหน้า ITA สาธารณะ")
        verbose_name_plural = _("การตั้งค่าหน้า ITA สาธารณะ")

    def __str__(self) -> str:
        return str(self.agency)

    @property
    def origins(self) -> list[str]:
        return split_origins(self.frame_origins)
