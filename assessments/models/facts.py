"""Changes of what the public reads about an agency, waiting for an approver (docs/public-facts.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agency import Agency
from .assessment import SCORE_VALIDATORS

# What a broken database rule says on a form, in place of the rule's name.
ERROR_ONE_PENDING = "ข้อมูลนี้มีคำขอแก้ไขที่รออนุมัติอยู่แล้ว"
ERROR_REJECTION_NO_REASON = "กรุณาระบุเหตุผลที่ไม่อนุมัติ"


class PublicFactChange(models.Model):
    """A staff member's proposed value of a public fact: the public reads the approved one until
    an approver (not the proposer) approves it."""

    class Fact(models.TextChoices):
        NAME = "name", _("ชื่อหน่วยงาน")
        SHORT_NAME = "short_name", _("ชื่อย่อ")
        EARLIER_RESULT = "earlier_result", _("ผลคะแนนปีก่อน")

    class Status(models.TextChoices):
        PENDING = "pending", _("รออนุมัติ")
        APPROVED = "approved", _("อนุมัติแล้ว")
        REJECTED = "rejected", _("ไม่อนุมัติ")
        # A newer proposal of the same fact took its place before a decision.
        REPLACED = "replaced", _("มีข้อเสนอใหม่แทน")

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="fact_changes"
    )
    fact = models.CharField(_("ข้อมูล"), max_length=20, choices=Fact.choices)
    # The year of an earlier result; none for the agency's names.
    fiscal_year = models.PositiveIntegerField(_("ปีงบประมาณ (พ.ศ.)"), null=True, blank=True)
    proposed_text = models.CharField(_("ค่าที่เสนอ"), max_length=255, blank=True)
    # An earlier result's proposed total; none with removed=True (take the year out).
    proposed_total = models.DecimalField(
        _("คะแนนที่เสนอ"),
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
        null=True,
        blank=True,
    )
    removed = models.BooleanField(_("ขอลบ"), default=False)
    current_text = models.CharField(_("ค่าเดิม"), max_length=255, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้เสนอ"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("เสนอเมื่อ"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ผู้พิจารณา"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("พิจารณาเมื่อ"), null=True, blank=True)
    reason = models.TextField(_("เหตุผล"), blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("คำขอแก้ไขข้อมูลสาธารณะ")
        verbose_name_plural = _("คำขอแก้ไขข้อมูลสาธารณะ")
        constraints = [
            # One pending proposal per fact: a newer one replaces it (public_facts.fact_propose).
            models.UniqueConstraint(
                fields=["agency", "fact"],
                condition=Q(status="pending", fiscal_year__isnull=True),
                name="fact_change_one_pending_name",
                violation_error_message=ERROR_ONE_PENDING,
            ),
            models.UniqueConstraint(
                fields=["agency", "fact", "fiscal_year"],
                condition=Q(status="pending", fiscal_year__isnull=False),
                name="fact_change_one_pending_year",
                violation_error_message=ERROR_ONE_PENDING,
            ),
            models.CheckConstraint(
                condition=Q(status="rejected", reason__gt="") | ~Q(status="rejected"),
                name="fact_change_rejection_has_reason",
                violation_error_message=ERROR_REJECTION_NO_REASON,
            ),
        ]
        indexes = [
            # The agency page and the approver's list read an agency's pending proposals.
            models.Index(
                fields=["agency"], condition=Q(status="pending"), name="fact_change_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_fact_display()} → {self.proposed_display}"

    @property
    def fact_label(self) -> str:
        label = str(self.get_fact_display())
        return f"{label} {self.fiscal_year}" if self.fiscal_year else label

    @property
    def proposed_display(self) -> str:
        if self.fact != self.Fact.EARLIER_RESULT:
            return self.proposed_text
        return "ลบปีนี้" if self.removed else f"{self.proposed_total}"
