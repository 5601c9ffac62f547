"""Admin forms of assessments: scores accept Thai digits and explain errors in Thai."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import URLField

from indicators.forms import FrameworkChoiceField
from ita_portal.lib.forms import score_field

from . import hierarchy, services
from .models import (
    Agency,
    Assessment,
    EarlierResult,
    IndicatorScore,
    OfficialToolPoints,
    ToolAnalysis,
)


def _https_by_default(db_field: Any, **kwargs: Any) -> Any:
    if isinstance(db_field, URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class AgencyForm(forms.ModelForm):
    """An agency; its parent may not be itself nor one of its own units (no cycle)."""

    class Meta:
        model = Agency
        formfield_callback = _https_by_default
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "cohort",
            "address",
            "head_name",
            "head_title",
            "website",
        ]

    def clean_parent(self) -> Agency | None:
        parent = self.cleaned_data.get("parent")
        hierarchy.move_check(self.instance, parent)
        return parent


class AgencyHierarchyUploadForm(forms.Form):
    file = forms.FileField(
        label="แฟ้ม CSV ลำดับชั้นหน่วยงาน",
        help_text="คอลัมน์ code, name, parent_code, issuer (UTF-8 มีหรือไม่มี BOM ก็ได้)",
    )


class AssessmentForm(forms.ModelForm):
    official_total = score_field(label="คะแนนรวมที่ประกาศ")
    cohort_average = score_field(label="คะแนนเฉลี่ยของกลุ่ม")
    strength_threshold = score_field(label="เกณฑ์จุดแข็งของรายงานนี้")
    framework = FrameworkChoiceField(label="ปีงบประมาณ (กรอบการประเมิน)")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        agency, framework = cleaned.get("agency"), cleaned.get("framework")
        if self.instance.pk is None and agency is not None and framework is not None:
            # The service's own check (issuer of the year, one assessment a year), told on the form.
            try:
                services.assessment_check_new(agency=agency, framework=framework)
            except ValidationError as exc:
                self.add_error("framework", exc)
        return cleaned

    class Meta:
        model = Assessment
        fields = [
            "agency",
            "framework",
            "official_total",
            "official_rank",
            "cohort_size",
            "cohort_average",
            "foreword",
            "introduction",
            "use_thai_digits",
            "strength_threshold",
            "discrepancy_display",
        ]


class IndicatorScoreForm(forms.ModelForm):
    score = score_field(label="คะแนน")

    class Meta:
        model = IndicatorScore
        fields = ["score", "narrative", "assessment_issues", "development_issues"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 4, "cols": 48}),
            "assessment_issues": forms.Textarea(attrs={"rows": 4, "cols": 36}),
            "development_issues": forms.Textarea(attrs={"rows": 4, "cols": 36}),
        }


class OfficialToolPointsForm(forms.ModelForm):
    points = score_field(required=True, label="คะแนนที่ประกาศ")

    class Meta:
        model = OfficialToolPoints
        fields = ["tool", "points"]


class EarlierResultForm(forms.ModelForm):
    total = score_field(required=True, label="คะแนน ITA")

    class Meta:
        model = EarlierResult
        fields = ["fiscal_year", "total"]


class ToolAnalysisForm(forms.ModelForm):
    class Meta:
        model = ToolAnalysis
        fields = ["interpretation"]
        widgets = {"interpretation": forms.Textarea(attrs={"rows": 4, "cols": 80})}
