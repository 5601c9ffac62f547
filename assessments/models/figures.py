"""Figures of an assessment as the scoring engine computed them, kept for rankings and open data.

Rankings of a whole cohort (up to thousands of agencies) and the national open-data files cannot
run the engine per request; they read these rows. A row is stale when its assessment changed
after it was computed (`computed_at < assessment.updated_at`); `assessments.results.rankings` refreshes
stale and missing rows before reading.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Framework

from .assessment import Assessment


class ResultFigures(models.Model):
    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    # Denormalised from the assessment so one year's ranking reads one index.
    framework = models.ForeignKey(
        Framework, verbose_name=_("ปีงบประมาณ"), on_delete=models.CASCADE, related_name="+"
    )
    # Empty while an indicator has no score: the assessment is then left out of rankings.
    total = models.DecimalField(
        _("คะแนนรวมที่คำนวณได้"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("ระดับ"), max_length=5, blank=True)
    passed = models.BooleanField(_("ผ่าน"), default=False)
    result_level = models.CharField(_("ผลการประเมินตามเกณฑ์"), max_length=100, blank=True)
    # {tool code: {"percent": "89.98", "points": "26.99"}}, rounded half-up to two places.
    tools = models.JSONField(_("คะแนนรายเครื่องมือ"), default=dict)
    # {indicator number: "97.09"}: the scores the figures were computed from.
    scores = models.JSONField(_("คะแนนรายตัวชี้วัด"), default=dict)
    computed_at = models.DateTimeField(_("คำนวณเมื่อ"))

    class Meta:
        verbose_name = _("ผลคำนวณคะแนน")
        verbose_name_plural = _("ผลคำนวณคะแนน")
        indexes = [
            # The ranking page and open data read one year's figures ordered by total.
            models.Index(fields=["framework", "-total"], name="figures_year_total_idx"),
            # The freshness check of a year (result_figures.stale_assessments): index-only.
            models.Index(
                fields=["framework", "assessment", "computed_at"], name="figures_year_fresh_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.total} {self.grade}"


class ScoreSheet(Assessment):
    """Assessments seen as score sheets: the admin page for file import and export.

    A proxy so that importing and exporting are permissions of their own
    (IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import" → assessments.import_scoresheet).
    """

    class Meta:
        proxy = True
        verbose_name = _("แฟ้มคะแนน (นำเข้า/ส่งออก)")
        verbose_name_plural = _("แฟ้มคะแนน (นำเข้า/ส่งออก)")
        permissions = [
            ("import_scoresheet", _("นำเข้าคะแนนจากแฟ้ม")),
            ("export_scoresheet", _("ส่งออกผลการประเมินเป็นแฟ้ม")),
        ]
