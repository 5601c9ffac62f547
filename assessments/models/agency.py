"""Agencies, their units, comparison cohorts, and the users who work for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_portal.lib.search import search_key_expression


class Cohort(models.Model):
    """A comparison group of agencies ranked together (e.g. the 225 Educational Service Areas)."""

    code = models.SlugField(_("รหัสกลุ่ม"), max_length=50, unique=True)
    name = models.CharField(_("ชื่อกลุ่มเปรียบเทียบ"), max_length=255)

    class Meta:
        ordering = ["name"]
        verbose_name = _("กลุ่มหน่วยงานเปรียบเทียบ")
        verbose_name_plural = _("กลุ่มหน่วยงานเปรียบเทียบ")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    code = models.SlugField(_("รหัสหน่วยงาน"), max_length=64, unique=True)
    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=255)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=100, blank=True)
    kind = models.CharField(_("ประเภทหน่วยงาน"), max_length=255, blank=True)
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("กลุ่มเปรียบเทียบ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agencies",
    )
    address = models.TextField(_("ที่อยู่"), blank=True)
    head_name = models.CharField(_("ชื่อหัวหน้าหน่วยงาน"), max_length=255, blank=True)
    head_title = models.CharField(_("ตำแหน่งหัวหน้าหน่วยงาน"), max_length=255, blank=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    # The hierarchy (OBEC → ESA → school, province → local government, …): any depth.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("หน่วยงานต้นสังกัด"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The ids from the root down to the agency itself ("/1/5/17/"), kept by assessments.hierarchy
    # (never typed): an agency's descendants are the rows whose path starts with its path.
    tree_path = models.CharField(
        _("ตำแหน่งในลำดับชั้น"),
        max_length=255,
        db_index=True,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )
    # The names as search compares them (ita_portal.lib.thai.search_key), kept by the database
    # itself: a search reads them with one LIKE instead of normalising every name per query.
    search_name = models.GeneratedField(
        expression=search_key_expression("name"),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )
    search_short_name = models.GeneratedField(
        expression=search_key_expression("short_name"),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )
    # Optimistic locking of the agency page with its units, earlier results, members and issuers
    # (ita_portal/lib/locking.py): a change of any of them moves it.
    lock_version = models.PositiveIntegerField(
        _("รุ่นการแก้ไข"), default=0, db_default=0, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        indexes = [
            # Public agency search and the ranking page sort and filter by name within a cohort.
            models.Index(fields=["cohort", "name"], name="agency_cohort_name_idx"),
            # The public search pages by (name, id) from a cursor (reports.selectors): the
            # ORDER BY and the seek condition walk this index from the cursor on.
            models.Index(fields=["name", "id"], name="agency_name_id_idx"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A new agency gets its place in the hierarchy; a move goes through agency_move."""
        recorded = self.path_ids
        if self.pk is not None and recorded:
            recorded_parent = recorded[-2] if len(recorded) > 1 else None
            if recorded_parent != self.parent_id:
                raise ValueError(ERROR_MOVE_THROUGH_SERVICE)
        super().save(*args, **kwargs)
        expected = agency_tree_path(self)
        if self.tree_path != expected:
            Agency.objects.filter(pk=self.pk).update(tree_path=expected)
            self.tree_path = expected

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def path_ids(self) -> list[int]:
        """The ids on the agency's tree path, root first, the agency itself last."""
        return tree_path_ids(self.tree_path)


ERROR_MOVE_THROUGH_SERVICE = "ย้ายหน่วยงานไปสังกัดอื่นได้ทาง assessments.hierarchy.agency_move เท่านั้น"


def tree_path_ids(tree_path: str) -> list[int]:
    """The ids of a path, root first: "/1/5/17/" gives [1, 5, 17]."""
    return [int(part) for part in tree_path.strip("/").split("/") if part]


def agency_tree_path(agency: Agency) -> str:
    """The path an agency should have under its current parent (the parent's path is trusted)."""
    if agency.parent_id is None:
        return f"/{agency.pk}/"
    parent = agency.parent
    assert parent is not None
    return f"{parent.tree_path or agency_tree_path(parent)}{agency.pk}/"


class AgencyMove(models.Model):
    """One change of an agency's parent (its history in the hierarchy)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="moves"
    )
    from_parent = models.ForeignKey(
        Agency,
        verbose_name=_("สังกัดเดิม"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_parent = models.ForeignKey(
        Agency,
        verbose_name=_("สังกัดใหม่"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moved_at = models.DateTimeField(_("เมื่อ"), default=timezone.now)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ย้าย"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("หมายเหตุ"), max_length=255, blank=True)

    class Meta:
        ordering = ["-moved_at", "-pk"]
        verbose_name = _("ประวัติการย้ายสังกัด")
        verbose_name_plural = _("ประวัติการย้ายสังกัด")

    def __str__(self) -> str:
        return f"{self.agency}: {self.from_parent or '-'} → {self.to_parent or '-'}"


ERROR_ISSUER_YEAR_TAKEN = "หน่วยงานนี้มีผู้ออกเกณฑ์ที่เริ่มใช้ในปีงบประมาณนี้อยู่แล้ว (ปีละหนึ่งราย)"


class AgencyIssuer(models.Model):
    """From which fiscal year an agency is assessed under an issuer's frameworks (its history).

    The agency's issuer for year Y is the row with the largest from_fiscal_year ≤ Y
    (assessments.selectors.issuer_for_agency); an agency with none follows the NACC.
    """

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("หน่วยงาน"),
        on_delete=models.CASCADE,
        related_name="issuer_history",
    )
    issuer = models.ForeignKey(
        "indicators.Issuer",
        verbose_name=_("ผู้ออกเกณฑ์"),
        on_delete=models.PROTECT,
        related_name="agency_history",
    )
    from_fiscal_year = models.PositiveIntegerField(
        _("ตั้งแต่ปีงบประมาณ (พ.ศ.)"), validators=[MinValueValidator(2500)]
    )
    note = models.CharField(_("หมายเหตุ"), max_length=255, blank=True)

    class Meta:
        ordering = ["agency", "-from_fiscal_year"]
        verbose_name = _("ผู้ออกเกณฑ์ของหน่วยงาน")
        verbose_name_plural = _("ผู้ออกเกณฑ์ของหน่วยงาน")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "from_fiscal_year"],
                name="agencyissuer_one_change_per_year",
                violation_error_message=ERROR_ISSUER_YEAR_TAKEN,
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.issuer} ({self.from_fiscal_year})"


class Unit(models.Model):
    """A group or unit of an agency (กลุ่ม/หน่วย) that can be responsible for actions."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("ชื่อกลุ่ม/หน่วย"), max_length=255)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["agency", "order", "name"]
        verbose_name = _("กลุ่ม/หน่วย")
        verbose_name_plural = _("กลุ่ม/หน่วย")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", _("เจ้าหน้าที่ (แก้ไขข้อมูล)")
    APPROVER = "approver", _("ผู้บริหาร (อนุมัติ/เผยแพร่)")
    VIEWER = "viewer", _("ผู้ดูข้อมูล")
    SUPERVISOR = "supervisor", _("ผู้กำกับติดตาม (ดูหน่วยงานในสังกัด)")


class Membership(models.Model):
    """A user's role in an agency; a user may serve several agencies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้ใช้"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices, default=Role.STAFF)
    # A supervisor's choice (reports.unit_reminders): the staff of each overdue unit under the
    # agency also hear, once per overdue item, that their supervising agency follows it.
    nudge_units = models.BooleanField(
        _("แจ้งหน่วยงานในสังกัดที่เลยกำหนดด้วย"),
        default=False,
        db_default=False,
        help_text=_("สำหรับผู้กำกับติดตาม: ส่งอีเมลถึงเจ้าหน้าที่ของหน่วยงานในสังกัดที่มีงานเลยกำหนด"),
    )

    class Meta:
        ordering = ["agency", "user"]
        verbose_name = _("สมาชิกหน่วยงาน")
        verbose_name_plural = _("สมาชิกหน่วยงาน")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency"], name="membership_unique_user_agency")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.agency} ({self.get_role_display()})"
