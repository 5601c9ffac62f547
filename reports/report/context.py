"""What every section builder of the report reads: the assessment, its result and the formatter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assessments.models import Assessment
from assessments.selectors import assessment_result, assessment_with_scores
from indicators.models import GradeBand, Tool
from indicators.scoring import AssessmentResult, round2
from ita_portal.lib import thai


class Formatter:
    """Numbers as the report prints them: two decimals, Thai or Arabic digits per report."""

    def __init__(self, thai_digits: bool):
        self.thai_digits = thai_digits

    def t(self, value: object) -> str:
        return thai.digits(value, self.thai_digits)

    def n(self, value: Decimal) -> str:
        return self.t(f"{round2(value):.2f}")


@dataclass(frozen=True)
class ReportContext:
    assessment: Assessment
    result: AssessmentResult
    fmt: Formatter
    bands: tuple[GradeBand, ...]
    tools: dict[str, Tool]
    threshold: Decimal
    mode: str
    approved_plan_only: bool

    @property
    def name(self) -> str:
        return self.assessment.agency.name

    @property
    def short(self) -> str:
        return self.assessment.agency.display_short_name

    @property
    def year_t(self) -> str:
        return self.fmt.t(self.assessment.fiscal_year)

    @property
    def plan_t(self) -> str:
        return self.fmt.t(self.assessment.plan_year)

    @property
    def threshold_t(self) -> str:
        return self.fmt.t(f"{self.threshold.normalize():f}")


def report_context(
    pk: int, *, thai_digits: bool | None, approved_plan_only: bool, mode: str
) -> ReportContext:
    """Read the assessment with its scores and compute its result (the report's first queries)."""
    assessment = assessment_with_scores(pk)
    framework = assessment.framework
    threshold = (
        assessment.strength_threshold
        if assessment.strength_threshold is not None
        else framework.strength_threshold
    )
    return ReportContext(
        assessment=assessment,
        result=assessment_result(assessment),
        fmt=Formatter(assessment.use_thai_digits if thai_digits is None else thai_digits),
        bands=tuple(framework.bands.all()),
        tools={t.code: t for t in framework.tools.all()},
        threshold=threshold,
        mode=mode,
        approved_plan_only=approved_plan_only,
    )
