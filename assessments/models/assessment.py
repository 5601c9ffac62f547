"""An agency's assessment of one fiscal year, its indicator scores, and earlier totals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Framework, Indicator, Tool
from ita_portal.lib.thai import be_text, fiscal_year_of

from .agency import Agency

# What an indicator without its score yet shows where its score would be (never "None").
NO_SCORE = "ยังไม่มีคะแนน"


def score_text(value: object) -> str:
    """A score, total or points as a page names it: NO_SCORE when there is none yet."""
    return NO_SCORE if value is None else str(value)


SCORE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _score_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **kwargs
    )


# What a broken database rule says on a form, in place of the rule's name.
ERROR_OFFICIAL_TOTAL_RANGE = "คะแนนรวมทางการต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_COHORT_AVERAGE_RANGE = "คะแนนเฉลี่ยของกลุ่มต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_SCORE_RANGE = "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_OFFICIAL_POINTS_RANGE = "คะแนนทางการของเครื่องมือต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_EARLIER_TOTAL_RANGE = "คะแนนรวมของปีก่อนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_EARLIER_YEAR_NOT_PAST = (
    "ผลคะแนนปีก่อนต้องเป็นของปีก่อนปีงบประมาณที่กำลังประเมิน (ก่อนปี {year}) ไม่รับปีปัจจุบันหรือปีในอนาคต"
)
ERROR_REOPENING_NO_REASON = "กรุณาระบุเหตุผลที่เปิดแก้ไขหลังเผยแพร่"


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        PUBLISHED = "published", _("เผยแพร่แล้ว")
        # Opened again by an approver after publishing: the published version stays public
        # (frozen) while staff correct the data; publishing again makes a new version.
        REOPENED = "reopened", _("เปิดแก้ไขหลังเผยแพร่")

    class DiscrepancyDisplay(models.TextChoices):
        """Where a mismatch between official and computed tool points is told."""

        DRAFT_ONLY = "draft", _("แจ้งเตือนในฉบับร่างเท่านั้น (ไม่พิมพ์ในรายงาน)")
        READER_NOTE = "note", _("พิมพ์เป็นหมายเหตุสำหรับผู้อ่านในรายงาน")

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("ปีงบประมาณ (กรอบการประเมิน)"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    official_total = _score_field(_("คะแนนรวมที่ประกาศ"), null=True, blank=True)
    official_rank = models.PositiveIntegerField(_("ลำดับที่ประกาศ"), null=True, blank=True)
    cohort_size = models.PositiveIntegerField(_("จำนวนหน่วยงานในกลุ่ม"), null=True, blank=True)
    cohort_average = _score_field(_("คะแนนเฉลี่ยของกลุ่ม"), null=True, blank=True)
    foreword = models.TextField(_("คำนำ"), blank=True)
    introduction = models.TextField(_("บทนำ"), blank=True)
    use_thai_digits = models.BooleanField(
        _("ใช้ตัวเลขไทยในรายงาน"), default=True, help_text=_("ไม่เลือก = ใช้ตัวเลขอารบิก")
    )
    strength_threshold = _score_field(
        _("เกณฑ์จุดแข็งของรายงานนี้"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างเพื่อใช้เกณฑ์ของกรอบการประเมิน"),
    )
    discrepancy_display = models.CharField(
        _("คะแนนเครื่องมือที่ประกาศไม่ตรงกับที่คำนวณได้"),
        max_length=10,
        choices=DiscrepancyDisplay.choices,
        default=DiscrepancyDisplay.DRAFT_ONLY,
    )
    # The agency's own dates where they differ from the year's calendar (blank: the year's).
    analysis_due = models.DateField(_("กำหนดเขียนผลการวิเคราะห์เสร็จ"), null=True, blank=True)
    plan_due = models.DateField(_("กำหนดเสนอแผนพัฒนา (มาตรการ)"), null=True, blank=True)
    publication_due = models.DateField(_("กำหนดเผยแพร่รายงาน"), null=True, blank=True)
    follow_up_q1_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๑"), null=True, blank=True)
    follow_up_q2_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๒"), null=True, blank=True)
    follow_up_q3_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๓"), null=True, blank=True)
    follow_up_q4_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๔"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    # Optimistic locking (ita_portal/lib/locking.py): every change of content moves it on.
    lock_version = models.PositiveIntegerField(_("รุ่นการแก้ไข"), default=0, editable=False)

    class Meta:
        ordering = ["agency__name", "-framework__fiscal_year"]
        verbose_name = _("ผลการประเมิน")
        verbose_name_plural = _("ผลการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "framework"], name="assessment_one_per_agency_year"
            ),
            models.CheckConstraint(
                condition=Q(official_total__isnull=True)
                | Q(official_total__gte=0, official_total__lte=100),
                name="assessment_official_total_0_100",
                violation_error_message=ERROR_OFFICIAL_TOTAL_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(cohort_average__isnull=True)
                | Q(cohort_average__gte=0, cohort_average__lte=100),
                name="assessment_cohort_average_0_100",
                violation_error_message=ERROR_COHORT_AVERAGE_RANGE,
            ),
        ]
        indexes = [
            # Rankings and open data list one year's assessments by status.
            models.Index(fields=["framework", "status"], name="assessment_year_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.fiscal_year}"

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    @property
    def plan_year(self) -> int:
        """The fiscal year the improvement measures are for: the one after the assessed year."""
        return self.framework.fiscal_year + 1


class IndicatorScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("ผลการประเมิน"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.PROTECT, related_name="scores"
    )
    score = _score_field(_("คะแนน"), null=True, blank=True)
    narrative = models.TextField(_("ผลการวิเคราะห์"), blank=True)
    assessment_issues = models.TextField(
        _("ประเด็นการประเมิน"), blank=True, help_text=_("หนึ่งประเด็นต่อบรรทัด")
    )
    development_issues = models.TextField(
        _("ประเด็นที่พัฒนา"), blank=True, help_text=_("หนึ่งประเด็นต่อบรรทัด")
    )

    class Meta:
        ordering = ["assessment", "indicator__number"]
        verbose_name = _("คะแนนตัวชี้วัด")
        verbose_name_plural = _("คะแนนตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="score_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="score_0_100",
                violation_error_message=ERROR_SCORE_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {score_text(self.score)}"

    @property
    def assessment_issue_list(self) -> list[str]:
        return [line.strip() for line in self.assessment_issues.splitlines() if line.strip()]

    @property
    def development_issue_list(self) -> list[str]:
        return [line.strip() for line in self.development_issues.splitlines() if line.strip()]


class OfficialToolPoints(models.Model):
    """A tool's points as printed in the official result, kept to check against the computed ones."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="official_tool_points",
    )
    tool = models.ForeignKey(Tool, verbose_name=_("เครื่องมือ"), on_delete=models.PROTECT)
    points = models.DecimalField(
        _("คะแนนที่ประกาศ"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )

    class Meta:
        verbose_name = _("คะแนนเครื่องมือที่ประกาศ")
        verbose_name_plural = _("คะแนนเครื่องมือที่ประกาศ")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "tool"], name="official_points_one_per_tool"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=100),
                name="official_points_0_100",
                violation_error_message=ERROR_OFFICIAL_POINTS_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool.code}: {score_text(self.points)}"


class ToolAnalysis(models.Model):
    """The analysis of one tool's result that staff write (the seed's "บ่งชี้ให้เห็นว่า…")."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="tool_analyses",
    )
    tool = models.ForeignKey(Tool, verbose_name=_("เครื่องมือ"), on_delete=models.PROTECT)
    interpretation = models.TextField(
        _("การตีความผล"),
        blank=True,
        help_text=_("เว้นว่างเพื่อใช้ร่างที่ระบบเขียนจากคะแนน จุดแข็ง และจุดที่ต้องพัฒนา"),
    )

    class Meta:
        ordering = ["assessment", "tool__order"]
        verbose_name = _("การวิเคราะห์รายเครื่องมือ")
        verbose_name_plural = _("การวิเคราะห์รายเครื่องมือ (ข้อความ “บ่งชี้ให้เห็นว่า…”)")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "tool"], name="tool_analysis_one_per_tool"
            ),
        ]

    def __str__(self) -> str:
        return self.tool.code


class EarlierResult(models.Model):
    """A total of a year before the portal's data (old framework): kept for the history table."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="earlier_results"
    )
    fiscal_year = models.PositiveIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), validators=[MinValueValidator(2500)]
    )
    total = _score_field(_("คะแนน ITA"))

    class Meta:
        ordering = ["agency", "fiscal_year"]
        verbose_name = _("ผลคะแนนปีก่อน")
        verbose_name_plural = _("ผลคะแนนปีก่อน")
        constraints = [
            models.UniqueConstraint(fields=["agency", "fiscal_year"], name="earlier_one_per_year"),
            models.CheckConstraint(
                condition=Q(total__gte=0, total__lte=100),
                name="earlier_total_0_100",
                violation_error_message=ERROR_EARLIER_TOTAL_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.fiscal_year}: {score_text(self.total)}"

    def clean(self) -> None:
        earlier_result_year_check(self.fiscal_year)


def current_assessment_year() -> int:
    """The fiscal year under assessment today (พ.ศ.): an earlier result is of a year before it."""
    return fiscal_year_of(timezone.localdate())


def earlier_result_year_check(fiscal_year: int | None) -> None:
    """An earlier result is history: no total for the year under way or one to come."""
    current = current_assessment_year()
    if fiscal_year is not None and fiscal_year >= current:
        raise ValidationError({"fiscal_year": ERROR_EARLIER_YEAR_NOT_PAST.format(year=current)})


class AssessmentReopening(models.Model):
    """An approver opened a published assessment for changes, and why."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="reopenings",
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เปิดแก้ไข"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("เปิดแก้ไขเมื่อ"))
    reason = models.TextField(_("เหตุผล"))

    class Meta:
        ordering = ["-reopened_at"]
        verbose_name = _("การเปิดแก้ไขหลังเผยแพร่")
        verbose_name_plural = _("การเปิดแก้ไขหลังเผยแพร่")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="reopening_has_reason",
                violation_error_message=ERROR_REOPENING_NO_REASON,
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} ({be_text(self.reopened_at)})"
