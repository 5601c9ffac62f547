"""A framework per fiscal year: its tools, indicators, sub-indicators, grade bands and result levels."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ita_portal.lib.thai import to_arabic_digits

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]

# The due dates of a year's calendar (on Framework) that an assessment may set for itself.
CALENDAR_FIELDS = (
    "analysis_due",
    "plan_due",
    "publication_due",
    "follow_up_q1_due",
    "follow_up_q2_due",
    "follow_up_q3_due",
    "follow_up_q4_due",
)


# The national assessor: the issuer of every framework the portal had before issuers existed,
# and of an agency that has no issuer history (assessments.selectors.issuer_for_agency).
DEFAULT_ISSUER_CODE = "nacc"

ERROR_THRESHOLD_RANGE = "เกณฑ์จุดแข็ง/จุดที่ต้องพัฒนาต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_PASS_MARK_RANGE = "เกณฑ์ผ่านต้องอยู่ระหว่าง ๐ ถึง ๑๐๐"
ERROR_BAND_REVERSED = "คะแนนต่ำสุดต้องไม่มากกว่าคะแนนสูงสุด"
ERROR_FRAMEWORK_YEAR_TAKEN = "ผู้ออกเกณฑ์รายนี้มีกรอบการประเมินของปีงบประมาณนี้อยู่แล้ว (ได้ปีละหนึ่งกรอบ)"


class Issuer(models.Model):
    """Who issues a framework (ป.ป.ช., สพฐ. for its ESAs or schools, สอศ., สธ., a university …)."""

    code = models.SlugField(
        _("รหัสผู้ออกเกณฑ์"),
        max_length=40,
        unique=True,
        help_text=_("อักษรอังกฤษตัวเล็ก ตัวเลข และขีด เช่น nacc, obec-esa ใช้ในคำสั่งและแฟ้มข้อมูล"),
    )
    name = models.CharField(_("ชื่อผู้ออกเกณฑ์"), max_length=255)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=50, blank=True)
    description = models.TextField(_("คำอธิบาย"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ผู้ออกเกณฑ์การประเมิน")
        verbose_name_plural = _("ผู้ออกเกณฑ์การประเมิน")

    def __str__(self) -> str:
        return self.short_name or self.name


class Framework(models.Model):
    issuer = models.ForeignKey(
        Issuer,
        verbose_name=_("ผู้ออกเกณฑ์"),
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    fiscal_year = models.PositiveIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), validators=[MinValueValidator(2500)]
    )
    name = models.CharField(_("ชื่อกรอบการประเมิน"), max_length=255)
    description = models.TextField(_("คำอธิบาย"), blank=True)
    strength_threshold = models.DecimalField(
        _("เกณฑ์จุดแข็ง/จุดที่ต้องพัฒนา (ร้อยละ)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(90),
        validators=PERCENT_VALIDATORS,
        help_text=_("ตัวชี้วัดที่ได้คะแนนตั้งแต่ค่านี้ขึ้นไปเป็นจุดแข็ง ต่ำกว่านี้เป็นจุดที่ต้องพัฒนา"),
    )
    pass_mark = models.DecimalField(
        _("เกณฑ์ผ่าน (คะแนน)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(85),
        validators=PERCENT_VALIDATORS,
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("คัดลอกจาก"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    # The OIT items of a year come from the NACC's manual of that year; until a site
    # administrator has compared them with it, they are shown as "to be checked".
    items_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ยืนยันรายการข้อ O"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    items_verified_at = models.DateTimeField(_("ยืนยันรายการข้อ O เมื่อ"), null=True, blank=True)
    items_note = models.TextField(
        _("ที่มาของรายการข้อ O"),
        blank=True,
        help_text=_("ที่มาของรายการและสิ่งที่ต้องตรวจกับคู่มือการประเมินของปีนี้"),
    )
    oit_due_date = models.DateField(
        _("วันสุดท้ายของการเผยแพร่ข้อมูล OIT"),
        null=True,
        blank=True,
        help_text=_("ตามปฏิทินการประเมินของปี ใช้เป็นกำหนดส่งตั้งต้นของหลักฐานแต่ละข้อ"),
    )
    # The year's calendar: the workspace shows these dates and the reminders are sent before
    # them (an agency may set its own dates on its assessment). Blank: no due date that year.
    analysis_due = models.DateField(_("กำหนดเขียนผลการวิเคราะห์เสร็จ"), null=True, blank=True)
    plan_due = models.DateField(_("กำหนดเสนอแผนพัฒนา (มาตรการ)"), null=True, blank=True)
    publication_due = models.DateField(_("กำหนดเผยแพร่รายงาน"), null=True, blank=True)
    follow_up_q1_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๑"), null=True, blank=True)
    follow_up_q2_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๒"), null=True, blank=True)
    follow_up_q3_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๓"), null=True, blank=True)
    follow_up_q4_due = models.DateField(_("กำหนดรายงานความก้าวหน้า ไตรมาส ๔"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("แจ้งเตือนล่วงหน้า (วัน)"),
        default=7,
        help_text=_("ส่งอีเมลเตือนเมื่อเหลือเวลาถึงกำหนดไม่เกินจำนวนวันนี้ และเมื่อเลยกำหนด"),
    )

    class Meta:
        ordering = ["-fiscal_year", "issuer_id"]
        verbose_name = _("กรอบการประเมิน")
        verbose_name_plural = _("กรอบการประเมิน")
        constraints = [
            # A framework is (issuer, fiscal year): several issuers may each have one a year.
            models.UniqueConstraint(
                fields=["issuer", "fiscal_year"],
                name="framework_one_per_issuer_year",
                violation_error_message=ERROR_FRAMEWORK_YEAR_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(strength_threshold__gte=0, strength_threshold__lte=100),
                name="framework_threshold_0_100",
                violation_error_message=ERROR_THRESHOLD_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0, pass_mark__lte=100),
                name="framework_pass_mark_0_100",
                violation_error_message=ERROR_PASS_MARK_RANGE,
            ),
        ]

    def __str__(self) -> str:
        # Most names carry their year ("… ประจำปีงบประมาณ พ.ศ. ๒๕๖๒"): it is not said twice.
        if str(self.fiscal_year) in to_arabic_digits(self.name):
            return self.name
        return f"{self.name} ({self.fiscal_year})"

    @property
    def items_verified(self) -> bool:
        return self.items_verified_at is not None


class Tool(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("กรอบการประเมิน"), on_delete=models.CASCADE, related_name="tools"
    )
    code = models.CharField(_("รหัสเครื่องมือ"), max_length=10)
    name = models.CharField(_("ชื่อเครื่องมือ"), max_length=255)
    weight = models.DecimalField(
        _("น้ำหนัก (คะแนน)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("เครื่องมือการประเมิน")
        verbose_name_plural = _("เครื่องมือการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="tool_code_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    tool = models.ForeignKey(
        Tool, verbose_name=_("เครื่องมือ"), on_delete=models.RESTRICT, related_name="indicators"
    )
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=255)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=255, blank=True)
    description = models.TextField(
        _("คำอธิบาย"), blank=True, help_text=_("ใช้เป็นข้อความตั้งต้นของการวิเคราะห์ตัวชี้วัดนี้")
    )

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="indicator_number_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StandardIssue(models.Model):
    """A standard assessment issue (ประเด็นการประเมิน) of an indicator: a question or an O-item."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.CASCADE, related_name="standard_issues"
    )
    text = models.TextField(_("ประเด็นการประเมิน"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["indicator", "order", "id"]
        verbose_name = _("ประเด็นการประเมินมาตรฐาน")
        verbose_name_plural = _("ประเด็นการประเมินมาตรฐาน")

    def __str__(self) -> str:
        return self.text


class SubIndicator(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.CASCADE, related_name="sub_indicators"
    )
    code = models.CharField(_("รหัสตัวชี้วัดย่อย"), max_length=10)
    name = models.CharField(_("ชื่อตัวชี้วัดย่อย"), max_length=255)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["indicator", "order", "code"]
        verbose_name = _("ตัวชี้วัดย่อย")
        verbose_name_plural = _("ตัวชี้วัดย่อย")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"], name="subindicator_code_unique_in_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


ERROR_ITEM_OTHER_FRAMEWORK = "ตัวชี้วัดย่อยที่เลือกเป็นของกรอบการประเมินปีอื่น"
ERROR_SECOND_ANALYSIS_ITEM = (
    "กรอบการประเมินนี้มีข้อที่รับรายงานการวิเคราะห์ผลการประเมินและมาตรการแล้ว (ได้หนึ่งข้อ)"
    " กรุณาเปลี่ยนบทบาทของข้อนั้นก่อน"
)
ERROR_SECOND_FOLLOW_UP_ITEM = (
    "กรอบการประเมินนี้มีข้อที่รับรายงานผลการดำเนินการตามมาตรการแล้ว (ได้หนึ่งข้อ) กรุณาเปลี่ยนบทบาทของข้อนั้นก่อน"
)


class ItemRole(models.TextChoices):
    """What an O-item is for, where code needs to know (docs/frameworks.md); blank for most."""

    NONE = "", _("ไม่มีบทบาทเฉพาะ")
    ANALYSIS = "analysis", _("การวิเคราะห์ผลการประเมินและมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    FOLLOW_UP = "follow_up", _("รายงานผลการดำเนินการตามมาตรการ (ติดตามผล)")
    PLAN = "plan", _("แผนปฏิบัติการป้องกันการทุจริตของปีนี้")
    PLAN_REPORT = "plan_report", _("รายงานผลการดำเนินการตามแผนของปีที่ผ่านมา")
    RISK_ASSESSMENT = "risk_assessment", _("การประเมินความเสี่ยงการทุจริต")
    RISK_REPORT = "risk_report", _("รายงานผลการจัดการความเสี่ยงการทุจริต")
    COMPLAINT_STATISTICS = "complaint_statistics", _("สถิติเรื่องร้องเรียน")
    PROCUREMENT_PLAN = "procurement_plan", _("แผนการจัดซื้อจัดจ้าง")
    PROCUREMENT_SUMMARY = "procurement_summary", _("สรุปผลการจัดซื้อจัดจ้างประจำปี")
    HR_PLAN = "hr_plan", _("แผนการบริหารและพัฒนาทรัพยากรบุคคล")
    HR_REPORT = "hr_report", _("รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล")


# Plan/report pairs (docs/frameworks.md): the plan of this year and the report on last year's,
# shown together in the OIT workspace. Vocabulary like the roles themselves: a pair is a code
# change, which items hold the roles is data (each framework's items).
ROLE_PAIRS: dict[str, str] = {
    ItemRole.PLAN: ItemRole.PLAN_REPORT,
    ItemRole.RISK_ASSESSMENT: ItemRole.RISK_REPORT,
    ItemRole.PROCUREMENT_PLAN: ItemRole.PROCUREMENT_SUMMARY,
    ItemRole.HR_PLAN: ItemRole.HR_REPORT,
}


def partner_role(role: str) -> str:
    """The other half of a plan/report pair ("" for a role outside every pair)."""
    for plan, report in ROLE_PAIRS.items():
        if role == plan:
            return report
        if role == report:
            return plan
    return ""


class EvidenceRule(models.TextChoices):
    """Which period the item's evidence must come from, as the assessor's criteria say."""

    NONE = "", _("ไม่กำหนด")
    THIS_FISCAL_YEAR = "this_fiscal_year", _("เป็นการดำเนินการในปีงบประมาณปัจจุบัน")
    LAST_FISCAL_YEAR = "last_fiscal_year", _("ผลการดำเนินการของปีงบประมาณที่ผ่านมา")
    QUARTERLY = "quarterly", _("รายไตรมาส")
    SIX_MONTHLY = "six_monthly", _("รอบ ๖ เดือน")


class OITItem(models.Model):
    """One O-item of a year's OIT (O1 โครงสร้าง …): what the agency publishes and the assessors judge.

    Items belong to one fiscal year: a new year copies them, and may rename, renumber, add or
    retire items without touching the years before.
    """

    # Denormalised from sub_indicator so that a code is unique within the year (a database
    # constraint cannot follow sub_indicator → indicator → framework); clean() keeps it in step.
    framework = models.ForeignKey(
        Framework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.CASCADE,
        related_name="oit_items",
    )
    sub_indicator = models.ForeignKey(
        SubIndicator,
        verbose_name=_("ตัวชี้วัดย่อย"),
        on_delete=models.CASCADE,
        related_name="oit_items",
    )
    code = models.CharField(_("รหัสข้อ"), max_length=10, help_text=_("เช่น O1"))
    name = models.CharField(_("ชื่อข้อ"), max_length=500)
    requirements = models.TextField(
        _("สิ่งที่ผู้ประเมินตรวจ"),
        blank=True,
        help_text=_("รายละเอียดข้อมูลที่ต้องเผยแพร่ตามคู่มือการประเมินของปี"),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    retired = models.BooleanField(
        _("ยกเลิกในปีนี้"),
        default=False,
        help_text=_("ข้อที่ยกเลิกไม่นับในการคาดการณ์คะแนน และไม่คัดลอกไปยังปีถัดไป"),
    )
    source = models.CharField(
        _("แหล่งที่มา"),
        max_length=500,
        blank=True,
        help_text=_("ที่มาของชื่อข้อนี้ หากไม่ได้มาจากคู่มือของ ป.ป.ช. โดยตรง"),
    )
    # What the item is for, so that code finds "the analysis item of this framework" by role and
    # never by number (O42 in ๒๕๖๔–๒๕๖๖, O25 in ๒๕๖๙, O23 in OVEC's ๒๕๖๙ list). docs/frameworks.md
    role = models.CharField(
        _("บทบาทของข้อ"),
        max_length=30,
        choices=ItemRole.choices,
        default=ItemRole.NONE,
        # Filled by the database too: the previous release, still serving while this one
        # migrates, inserts items without the column (docs/deploy.md 2.3, expand).
        db_default=ItemRole.NONE,
        blank=True,
        help_text=_("ใช้ให้ระบบรู้ว่าข้อใดรับรายงานการวิเคราะห์ รายงานผลการดำเนินการ ฯลฯ ข้อส่วนใหญ่ไม่มีบทบาท"),
    )
    criteria = models.TextField(
        _("เกณฑ์การพิจารณาของผู้ประเมิน"),
        blank=True,
        db_default="",
        help_text=_("ข้อความเกณฑ์ตามคู่มือการประเมินของปี"),
    )
    evidence_rule = models.CharField(
        _("ช่วงเวลาของหลักฐาน"),
        max_length=20,
        choices=EvidenceRule.choices,
        default=EvidenceRule.NONE,
        db_default=EvidenceRule.NONE,
        blank=True,
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("ข้อเดียวกันในปีก่อน"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
    )

    class Meta:
        ordering = ["framework", "order", "id"]
        verbose_name = _("ข้อการประเมิน OIT")
        verbose_name_plural = _("ข้อการประเมิน OIT")
        constraints = [
            # Bulk paste ("O1 https://…") and ITAS exports name items by code within a year.
            models.UniqueConstraint(
                fields=["framework", "code"], name="oititem_code_unique_in_framework"
            ),
            # The report and the follow-up PDF each attach to one item of a framework.
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(role="analysis"),
                name="oititem_one_analysis_item_per_framework",
                violation_error_message=ERROR_SECOND_ANALYSIS_ITEM,
            ),
            models.UniqueConstraint(
                fields=["framework"],
                condition=models.Q(role="follow_up"),
                name="oititem_one_follow_up_role_per_framework",
                violation_error_message=ERROR_SECOND_FOLLOW_UP_ITEM,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if not self.sub_indicator_id:
            return
        indicator = self.sub_indicator.indicator
        if self.framework_id is None:
            self.framework_id = indicator.framework_id
        elif indicator.framework_id != self.framework_id:
            raise ValidationError({"sub_indicator": ERROR_ITEM_OTHER_FRAMEWORK})


ERROR_CROSSWALK_NOT_LATER = (
    "ข้อปลายทางต้องเป็นของปีงบประมาณที่หลังจากข้อต้นทาง "
    "(ข้อต้นทางเป็นของปี {from_year} ข้อปลายทางเป็นของปี {to_year})"
)
ERROR_CROSSWALK_TAKEN = "ข้อต้นทางนี้เทียบกับข้ออื่นไว้แล้ว (ข้อหนึ่งเทียบได้กับข้อเดียว)"


class ItemCrosswalk(models.Model):
    """A site administrator's word that an O-item continues as an item of a later year.

    Read by `indicators.crosswalk.map_items` before the automatic rules (same role, same code
    and title): docs/frameworks.md, "Crosswalk".
    """

    from_item = models.ForeignKey(
        OITItem,
        verbose_name=_("ข้อต้นทาง"),
        on_delete=models.CASCADE,
        related_name="crosswalk_out",
    )
    to_item = models.ForeignKey(
        OITItem,
        verbose_name=_("ข้อปลายทาง (ปีหลัง)"),
        on_delete=models.CASCADE,
        related_name="crosswalk_in",
    )
    note = models.CharField(
        _("หมายเหตุ"),
        max_length=500,
        blank=True,
        help_text=_("เหตุผลของการเทียบ เช่น ตามคู่มือการประเมินปีใหม่ ข้อนี้รวมกับข้อใด"),
    )

    class Meta:
        ordering = ["from_item__framework__fiscal_year", "from_item__order", "id"]
        verbose_name = _("การเทียบข้อการประเมินระหว่างปี")
        verbose_name_plural = _("การเทียบข้อการประเมินระหว่างปี")
        constraints = [
            # map_items follows one line from an item: an item continues as one item.
            models.UniqueConstraint(
                fields=["from_item"],
                name="itemcrosswalk_one_per_from_item",
                violation_error_message=ERROR_CROSSWALK_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_item.code} → {self.to_item.code}"

    def clean(self) -> None:
        if not (self.from_item_id and self.to_item_id):
            return
        from_year = self.from_item.framework.fiscal_year
        to_year = self.to_item.framework.fiscal_year
        if to_year <= from_year:
            raise ValidationError(
                {"to_item": ERROR_CROSSWALK_NOT_LATER.format(from_year=from_year, to_year=to_year)}
            )


class GradeBand(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("กรอบการประเมิน"), on_delete=models.CASCADE, related_name="bands"
    )
    code = models.CharField(_("ระดับ"), max_length=5)
    label = models.CharField(_("ความหมาย"), max_length=100, blank=True)
    label_en = models.CharField(_("ความหมาย (อังกฤษ)"), max_length=100, blank=True)
    lower = models.DecimalField(
        _("คะแนนต่ำสุด"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    upper = models.DecimalField(
        _("คะแนนสูงสุด"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    passed = models.BooleanField(_("ผ่าน"), default=False)
    color = models.CharField(_("สี"), max_length=7, default="#777777")

    class Meta:
        ordering = ["framework", "-lower"]
        verbose_name = _("ระดับผลการประเมิน")
        verbose_name_plural = _("ระดับผลการประเมิน")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="band_code_unique_in_framework"
            ),
            models.CheckConstraint(
                condition=Q(lower__lte=models.F("upper")),
                name="band_lower_le_upper",
                violation_error_message=ERROR_BAND_REVERSED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.lower}–{self.upper})"


class ResultLevel(models.Model):
    """A result beside the grade (from 2567): reached when the total and every tool reach minimums."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("กรอบการประเมิน"), on_delete=models.CASCADE, related_name="levels"
    )
    code = models.CharField(_("รหัส"), max_length=30)
    name = models.CharField(_("ผลการประเมิน"), max_length=100)
    min_total = models.DecimalField(
        _("คะแนนรวมขั้นต่ำ"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    min_each_tool = models.DecimalField(
        _("คะแนนขั้นต่ำของทุกเครื่องมือ (ร้อยละ)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
    )
    # "ผ่านดี" is read two ways (every tool, or every indicator, at 85 or more): which one a
    # year's rule uses is data of the framework, not a constant in code.
    min_each_indicator = models.DecimalField(
        _("คะแนนขั้นต่ำของทุกตัวชี้วัด"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("เว้นว่าง = ไม่กำหนดขั้นต่ำรายตัวชี้วัด"),
    )
    order = models.PositiveSmallIntegerField(
        _("ลำดับการพิจารณา"), default=0, help_text=_("ระดับที่ลำดับน้อยกว่าจะถูกพิจารณาก่อน")
    )

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = _("ผลการประเมินตามเกณฑ์")
        verbose_name_plural = _("ผลการประเมินตามเกณฑ์")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="level_code_unique_in_framework"
            )
        ]

    def __str__(self) -> str:
        return self.name
