"""Figures of an assessment as the scoring engine computed them, kept for rankings and open data.

Rankings of a whole cohort (up to thousands of agencies) and the national open-data files cannot
run the engine per request; they read stored rows. ResultFigures follow the live data (a row is
stale when its assessment changed after it was computed, `computed_at < assessment.updated_at`;
the writes that make it stale refresh it). PublishedFigures are what the public reads: frozen
when a version is published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Framework, Indicator

from .assessment import Assessment, score_text


class FiguresFields(models.Model):
    """What the scoring engine says of an assessment, as rankings and open data read it."""

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

    class Meta:
        abstract = True


class ResultFigures(FiguresFields):
    """The live figures: follow every change of the assessment (staff pages, exports)."""

    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="figures",
    )
    computed_at = models.DateTimeField(_("คำนวณเมื่อ"))

    class Meta:
        verbose_name = _("ผลคำนวณคะแนน")
        verbose_name_plural = _("ผลคำนวณคะแนน")
        indexes = [
            # Staff exports read one year's figures ordered by total.
            models.Index(fields=["framework", "-total"], name="figures_year_total_idx"),
            # The freshness check of a year (results.figures.stale_assessments): index-only.
            models.Index(
                fields=["framework", "assessment", "computed_at"], name="figures_year_fresh_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {score_text(self.total)} {self.grade}"


class PublishedFigures(FiguresFields):
    """The figures of the live published version, frozen when it was published.

    The public (portal, rankings, open data, API, published-only exports) reads only these:
    an official record does not move when somebody edits the assessment afterwards. Written by
    publishing, removed by withdrawing.
    """

    assessment = models.OneToOneField(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="published_figures",
    )
    version = models.PositiveIntegerField(_("ฉบับที่เผยแพร่"))
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"))
    official_total = models.DecimalField(
        _("คะแนนรวมที่ประกาศ"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    official_rank = models.PositiveIntegerField(_("ลำดับที่ประกาศ"), null=True, blank=True)
    cohort_size = models.PositiveIntegerField(_("จำนวนหน่วยงานในกลุ่ม"), null=True, blank=True)

    class Meta:
        verbose_name = _("ผลคะแนนที่เผยแพร่")
        verbose_name_plural = _("ผลคะแนนที่เผยแพร่")
        indexes = [
            # The ranking page and open data read one year's published figures by total.
            models.Index(fields=["framework", "-total"], name="published_year_total_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} ฉบับที่ {self.version}: {score_text(self.total)}"

    @property
    def shown_total(self):
        """The official total where one was announced, else the computed one."""
        return self.official_total if self.official_total is not None else self.total


class PublishedScore(models.Model):
    """One indicator's score as it was published (the API's indicator scores)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="published_scores",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("คะแนน"), max_digits=5, decimal_places=2, null=True)

    class Meta:
        verbose_name = _("คะแนนตัวชี้วัดที่เผยแพร่")
        verbose_name_plural = _("คะแนนตัวชี้วัดที่เผยแพร่")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="published_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} ตัวชี้วัด {self.indicator_id}: {score_text(self.score)}"


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
