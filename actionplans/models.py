"""Improvement action plans: rows per weak indicator, their activities, approval and follow-up.

A plan belongs to an assessment and targets the next fiscal year (assessment.plan_year). Its
items (rows of the seed's tables) carry the indicator they answer, so the plan is grouped by
indicator without a group table; each item has activities, each activity its own schedule
(the seed gives one schedule per activity inside one row).
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Unit
from indicators.models import Indicator
from ita_portal.lib import thai

ERROR_MONTH_RANGE_INCOMPLETE = "กรุณาระบุเดือนและปีเริ่มต้นและสิ้นสุดให้ครบ หรือเว้นว่างทั้งหมด"
ERROR_MONTH_RANGE_REVERSED = "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่มต้น"
ERROR_MONTH_RANGE_OUTSIDE_YEAR = (
    "ช่วงเวลา {range} อยู่นอกปีงบประมาณ พ.ศ. {year} ของแผน (ปีงบประมาณเริ่ม {start} และสิ้นสุด {end})"
)
# What a broken database rule says on a form, in place of Django's "constraint “name” is violated".
ERROR_MONTH_OUTSIDE_1_12 = "เดือนต้องอยู่ระหว่าง ๑ ถึง ๑๒"
ERROR_BUDGET_NEGATIVE = "งบประมาณต้องไม่ติดลบ"
ERROR_PERCENT_OUTSIDE_0_100 = "ร้อยละความคืบหน้าต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_SPENT_NEGATIVE = "งบประมาณที่ใช้ไปต้องไม่ติดลบ"
ERROR_INDICATOR_OTHER_FRAMEWORK = "ตัวชี้วัดนี้ไม่อยู่ในกรอบการประเมินของปีที่ประเมิน"
ERROR_UNIT_OTHER_AGENCY = "หน่วยงานผู้รับผิดชอบต้องเป็นกลุ่ม/หน่วยของหน่วยงานเจ้าของแผน"
ERROR_TITLE_ONE_LINE = "ชื่อแผนต้องเป็นข้อความบรรทัดเดียว กรุณาลบการขึ้นบรรทัดใหม่ออก"


def validate_one_line(value: str) -> None:
    """A title is one line: it is also the subject of the approvers' e-mail."""
    if any(ch in value for ch in "\r\n\x0b\x0c\x85\u2028\u2029"):
        raise ValidationError(ERROR_TITLE_ONE_LINE, code="line_break")


class MonthChoices(models.IntegerChoices):
    JANUARY = 1, thai.MONTHS[0]
    FEBRUARY = 2, thai.MONTHS[1]
    MARCH = 3, thai.MONTHS[2]
    APRIL = 4, thai.MONTHS[3]
    MAY = 5, thai.MONTHS[4]
    JUNE = 6, thai.MONTHS[5]
    JULY = 7, thai.MONTHS[6]
    AUGUST = 8, thai.MONTHS[7]
    SEPTEMBER = 9, thai.MONTHS[8]
    OCTOBER = 10, thai.MONTHS[9]
    NOVEMBER = 11, thai.MONTHS[10]
    DECEMBER = 12, thai.MONTHS[11]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        SUBMITTED = "submitted", _("รออนุมัติ")
        APPROVED = "approved", _("อนุมัติแล้ว")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    title = models.CharField(_("ชื่อแผน"), max_length=500, blank=True, validators=[validate_one_line])
    introduction = models.TextField(_("ข้อความนำ"), blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # Bumped by every reopening: the approved versions are kept in the transitions' snapshots.
    version = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้สร้าง"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Four eyes: whoever last changed the content may not approve it.
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้แก้ไขล่าสุด"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_edited_at = models.DateTimeField(_("แก้ไขเนื้อหาล่าสุดเมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เสนอ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("เสนอเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้อนุมัติ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("อนุมัติเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ปรับปรุงล่าสุด"), auto_now=True)
    # Optimistic locking of the plan with its rows and activities (ita_portal/lib/locking.py);
    # not the approved version number above.
    lock_version = models.PositiveIntegerField(_("รุ่นการแก้ไข"), default=0, editable=False)

    class Meta:
        ordering = ["assessment__agency__name", "-assessment__framework__fiscal_year"]
        verbose_name = _("แผนปฏิบัติการ")
        verbose_name_plural = _("แผนปฏิบัติการ")
        constraints = [
            # One plan per assessment: earlier approved versions live in the transition history.
            models.UniqueConstraint(fields=["assessment"], name="actionplan_one_per_assessment"),
        ]

    def __str__(self) -> str:
        return self.title or f"แผนปฏิบัติการ ปีงบประมาณ {self.plan_year} – {self.assessment.agency}"

    @property
    def plan_year(self) -> int:
        """The fiscal year (พ.ศ.) the plan is for: the one after the assessed year."""
        return self.assessment.plan_year

    @property
    def agency_id(self) -> int:
        return self.assessment.agency_id

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PlanItem(models.Model):
    """One row of the plan: the issues it answers, its target, responsible units and budget."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("แผนปฏิบัติการ"), on_delete=models.CASCADE, related_name="items"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    assessment_issues = models.TextField(
        _("ประเด็นการประเมิน"), blank=True, help_text=_("หนึ่งประเด็นต่อบรรทัด")
    )

    class Meta:
        ordering = ["plan", "indicator__number", "order", "id"]
        verbose_name = _("รายการในแผน")
        verbose_name_plural = _("รายการในแผน")

    def __str__(self) -> str:
        first = self.assessment_issue_list[:1]
        return f"ตัวชี้วัดที่ {self.indicator.number}: {first[0] if first else '-'}"

    @property
    def assessment_issue_list(self) -> list[str]:
        return _lines(self.assessment_issues)

    def clean(self) -> None:
        plan = getattr(self, "plan", None)
        indicator = getattr(self, "indicator", None)
        if plan is not None and indicator is not None:
            if indicator.framework_id != plan.assessment.framework_id:
                raise ValidationError({"indicator": ERROR_INDICATOR_OTHER_FRAMEWORK})


class PlanActivity(models.Model):
    """An activity (แผนงาน/กิจกรรม) with its own schedule, target, responsible units and budget.

    The schedule is a month range, free text, or both empty in a draft. The lead unit comes
    first in the report, then the other units; `all_units` adds "ทุกกลุ่ม/หน่วย" as the data
    says it, without naming every unit.
    """

    item = models.ForeignKey(
        PlanItem, verbose_name=_("รายการในแผน"), on_delete=models.CASCADE, related_name="activities"
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    text = models.TextField(_("แผนงาน/กิจกรรม"))
    start_month = models.PositiveSmallIntegerField(
        _("เดือนเริ่ม"), choices=MonthChoices.choices, null=True, blank=True
    )
    start_year = models.PositiveIntegerField(
        _("ปี พ.ศ. ที่เริ่ม"), null=True, blank=True, validators=[MinValueValidator(2500)]
    )
    end_month = models.PositiveSmallIntegerField(
        _("เดือนสิ้นสุด"), choices=MonthChoices.choices, null=True, blank=True
    )
    end_year = models.PositiveIntegerField(
        _("ปี พ.ศ. ที่สิ้นสุด"), null=True, blank=True, validators=[MinValueValidator(2500)]
    )
    schedule_text = models.CharField(
        _("กำหนดเวลาแบบข้อความ"),
        max_length=255,
        blank=True,
        help_text=_("เช่น ดำเนินการต่อเนื่อง หรือ ทุกวันจันทร์ เวลา ๐๘.๑๕ - ๐๘.๓๐ น."),
    )
    target = models.TextField(_("เป้าหมาย/ผลที่คาดว่าจะได้รับ"), blank=True, help_text=_("หนึ่งข้อต่อบรรทัด"))
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("ผู้รับผิดชอบหลัก"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_plan_activities",
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("ผู้รับผิดชอบร่วม"), blank=True, related_name="plan_activities"
    )
    all_units = models.BooleanField(
        _("และทุกกลุ่ม/หน่วย"),
        default=False,
        help_text=_("ทุกกลุ่ม/หน่วยร่วมรับผิดชอบ: รายงานพิมพ์ว่า “ทุกกลุ่ม/หน่วย” ไม่แจกแจงรายชื่อ"),
    )
    budget = models.DecimalField(
        _("งบประมาณ (บาท)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("แผนงาน/กิจกรรม")
        verbose_name_plural = _("แผนงาน/กิจกรรม")
        constraints = [
            # A month range is all four fields or none.
            models.CheckConstraint(
                condition=Q(
                    start_month__isnull=True,
                    start_year__isnull=True,
                    end_month__isnull=True,
                    end_year__isnull=True,
                )
                | Q(
                    start_month__isnull=False,
                    start_year__isnull=False,
                    end_month__isnull=False,
                    end_year__isnull=False,
                ),
                name="planactivity_month_range_complete",
                violation_error_message=ERROR_MONTH_RANGE_INCOMPLETE,
            ),
            models.CheckConstraint(
                condition=Q(start_month__isnull=True)
                | Q(start_month__gte=1, start_month__lte=12, end_month__gte=1, end_month__lte=12),
                name="planactivity_months_1_12",
                violation_error_message=ERROR_MONTH_OUTSIDE_1_12,
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(start_year__lt=F("end_year"))
                | Q(start_year=F("end_year"), start_month__lte=F("end_month")),
                name="planactivity_range_ordered",
                violation_error_message=ERROR_MONTH_RANGE_REVERSED,
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="planactivity_budget_gte_0",
                violation_error_message=ERROR_BUDGET_NEGATIVE,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_month_range(self) -> bool:
        return None not in (self.start_month, self.start_year, self.end_month, self.end_year)

    @property
    def has_schedule(self) -> bool:
        return self.has_month_range or bool(self.schedule_text.strip())

    @property
    def target_list(self) -> list[str]:
        return _lines(self.target)

    def _check_lead_unit(self) -> None:
        item = getattr(self, "item", None)
        lead = self.lead_unit if self.lead_unit_id else None
        if lead is None or item is None:
            return
        if lead.agency_id != item.plan.assessment.agency_id:
            raise ValidationError({"lead_unit": ERROR_UNIT_OTHER_AGENCY})

    def clean(self) -> None:
        self._check_lead_unit()
        parts = (self.start_month, self.start_year, self.end_month, self.end_year)
        if all(p is None for p in parts):
            return
        if any(p is None for p in parts):
            raise ValidationError(ERROR_MONTH_RANGE_INCOMPLETE)
        assert self.start_year is not None and self.end_year is not None
        assert self.start_month is not None and self.end_month is not None
        if (self.start_year, self.start_month) > (self.end_year, self.end_month):
            raise ValidationError(ERROR_MONTH_RANGE_REVERSED)
        item = getattr(self, "item", None)
        plan = getattr(item, "plan", None) if item is not None else None
        if plan is None:
            return
        check_month_range_in_year(
            plan.plan_year, self.start_month, self.start_year, self.end_month, self.end_year
        )


def check_month_range_in_year(
    fiscal_year: int, start_month: int, start_year: int, end_month: int, end_year: int
) -> None:
    """Refuse a month range that leaves the fiscal year (พ.ศ.), naming the year's bounds."""
    first, last = thai.fiscal_year_bounds(fiscal_year)
    start = (thai.ce_year(start_year), start_month)
    end = (thai.ce_year(end_year), end_month)
    if start < (first.year, first.month) or end > (last.year, last.month):
        text = (
            f"{thai.MONTHS[start_month - 1]} {start_year} – {thai.MONTHS[end_month - 1]} {end_year}"
        )
        raise ValidationError(
            ERROR_MONTH_RANGE_OUTSIDE_YEAR.format(
                range=thai.to_thai_digits(text),
                year=thai.to_thai_digits(fiscal_year),
                start=thai.thai_date(first),
                end=thai.thai_date(last),
            )
        )


class PlanTransition(models.Model):
    """A step of the workflow: who moved the plan from which status to which, when, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("เสนออนุมัติ")
        WITHDRAW = "withdraw", _("ถอนแผนที่เสนอ")
        APPROVE = "approve", _("อนุมัติ")
        RETURN = "return", _("ส่งกลับแก้ไข")
        REOPEN = "reopen", _("เปิดแก้ไขแผนที่อนุมัติแล้ว")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("แผนปฏิบัติการ"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    action = models.CharField(_("การดำเนินการ"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("จากสถานะ"), max_length=20, choices=ActionPlan.Status.choices)
    to_status = models.CharField(_("เป็นสถานะ"), max_length=20, choices=ActionPlan.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ดำเนินการ"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    comment = models.TextField(_("ความเห็น"), blank=True)
    plan_version = models.PositiveIntegerField(_("ฉบับที่"), default=1)
    # The plan's content at approval, so a reopened plan keeps its approved version; and at a
    # return, so the resubmission shows the approver what changed since (actionplans.diff).
    snapshot = models.JSONField(_("สำเนาแผนที่อนุมัติ"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("ประวัติการดำเนินการ")
        verbose_name_plural = _("ประวัติการดำเนินการ")
        indexes = [
            # The plan page lists a plan's transitions in time order.
            models.Index(fields=["plan", "at"], name="plantransition_plan_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({thai.be_text(self.at)})"


class PlanChange(models.Model):
    """A real change of a plan's content by one user in one version of the plan.

    The four-eyes rule reads these: an approver with a change in the version under approval may
    not approve it, whoever saved after them. A Save that changes nothing records nothing.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("แผน")
        ITEM = "item", _("รายการในแผน")
        ACTIVITY = "activity", _("แผนงาน/กิจกรรม")

    class Action(models.TextChoices):
        ADD = "add", _("เพิ่ม")
        CHANGE = "change", _("แก้ไข")
        DELETE = "delete", _("ลบ")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("แผนปฏิบัติการ"), on_delete=models.CASCADE, related_name="changes"
    )
    plan_version = models.PositiveIntegerField(_("ฉบับที่"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้แก้ไข"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    kind = models.CharField(_("สิ่งที่แก้ไข"), max_length=20, choices=Kind.choices)
    action = models.CharField(_("การแก้ไข"), max_length=20, choices=Action.choices)
    object_id = models.PositiveBigIntegerField(_("รหัสรายการ"), null=True, blank=True)
    fields = models.JSONField(_("ช่องที่แก้ไข"), default=list, blank=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("การแก้ไขเนื้อหาแผน")
        verbose_name_plural = _("การแก้ไขเนื้อหาแผน")
        indexes = [
            # The four-eyes check: did this user change this version of this plan?
            models.Index(
                fields=["plan", "plan_version", "user"], name="planchange_version_user_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.get_kind_display()} ({thai.be_text(self.at)})"


def evidence_upload_to(instance: ProgressReport, filename: str) -> str:
    """Evidence is stored under a generated name; only a known extension is kept."""
    suffix = Path(filename).suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        suffix = ""
    return f"actionplans/evidence/{uuid.uuid4().hex}{suffix}"


EVIDENCE_EXTENSIONS = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".webp"})


class ProgressReport(models.Model):
    """Follow-up of one item during the plan's year."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
        DONE = "done", _("ดำเนินการแล้วเสร็จ")
        CANCELLED = "cancelled", _("ยกเลิก")

    item = models.ForeignKey(
        PlanItem,
        verbose_name=_("รายการในแผน"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    reported_on = models.DateField(_("วันที่รายงาน"))
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    percent = models.PositiveSmallIntegerField(
        _("ความก้าวหน้า (ร้อยละ)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.TextField(_("รายละเอียด"), blank=True)
    evidence_file = models.FileField(
        _("ไฟล์หลักฐาน"), upload_to=evidence_upload_to, blank=True, max_length=255
    )
    # The uploader's own name (shown, and offered when downloading); stored under a generated one.
    evidence_file_original_name = models.CharField(
        _("ชื่อไฟล์เดิม"), max_length=255, blank=True, default="", db_default="", editable=False
    )
    evidence_url = models.URLField(_("ลิงก์หลักฐาน"), blank=True, max_length=500)
    budget_spent = models.DecimalField(
        _("งบประมาณที่ใช้ไปแล้ว (บาท)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("ยอดสะสมของรายการนี้ถึงวันที่รายงาน"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้รายงาน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["item", "reported_on", "id"]
        verbose_name = _("รายงานความก้าวหน้า")
        verbose_name_plural = _("รายงานความก้าวหน้า")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100),
                name="progress_percent_0_100",
                violation_error_message=ERROR_PERCENT_OUTSIDE_0_100,
            ),
            models.CheckConstraint(
                condition=Q(budget_spent__isnull=True) | Q(budget_spent__gte=0),
                name="progress_budget_spent_gte_0",
                violation_error_message=ERROR_SPENT_NEGATIVE,
            ),
        ]
        indexes = [
            # The follow-up summary takes each item's latest report.
            models.Index(fields=["item", "reported_on"], name="progress_item_date_idx"),
        ]

    def __str__(self) -> str:
        # The admin's titles and history read it: a พ.ศ. date and Thai digits, as the rest.
        # A date given as text ("2020-08-01", as Django accepts) is read before the row is reloaded.
        reported_on = self.reported_on
        if isinstance(reported_on, str):
            reported_on = dt.date.fromisoformat(reported_on)
        when = thai.thai_date(reported_on) if reported_on else "—"
        return f"{when}: {self.get_status_display()} {thai.to_thai_digits(self.percent)}%"


class ReopenRequest(models.Model):
    """Staff ask the approvers to reopen an approved plan, with a reason; an approver resolves
    the request by reopening the plan or declining."""

    class Outcome(models.TextChoices):
        OPEN = "open", _("รอพิจารณา")
        REOPENED = "reopened", _("เปิดแก้ไขแล้ว")
        DECLINED = "declined", _("ไม่เปิดแก้ไข")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("แผนปฏิบัติการ"),
        on_delete=models.CASCADE,
        related_name="reopen_requests",
    )
    plan_version = models.PositiveIntegerField(_("ฉบับที่"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ขอ"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("ขอเมื่อ"), auto_now_add=True)
    reason = models.TextField(_("เหตุผลที่ขอเปิดแก้ไข"))
    outcome = models.CharField(
        _("ผลการพิจารณา"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้พิจารณา"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("พิจารณาเมื่อ"), null=True, blank=True)
    resolution_comment = models.TextField(_("ความเห็นของผู้พิจารณา"), blank=True)

    class Meta:
        ordering = ["plan", "requested_at", "id"]
        verbose_name = _("คำขอเปิดแก้ไขแผน")
        verbose_name_plural = _("คำขอเปิดแก้ไขแผน")

    def __str__(self) -> str:
        return f"{self.plan} – {self.get_outcome_display()}"
