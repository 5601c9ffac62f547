"""Reads of assessments that cross relations, returned as plain data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from indicators.models import Framework, Issuer
from indicators.scoring import (
    AssessmentResult,
    FrameworkRules,
    IncompleteScores,
    LevelRule,
    round2,
    score_assessment,
)
from indicators.selectors import default_issuer, framework_for, framework_rules, level_rules
from ita_portal.lib import thai

from .models import (
    Agency,
    AgencyIssuer,
    Assessment,
    IndicatorScore,
    PublishedFigures,
    PublishedScore,
    ToolAnalysis,
)
from .results.drafts import ToolFigures, tool_interpretation_draft
from .results.levels import LevelOutlook, level_outlook

T = TypeVar("T")

ERROR_NO_FRAMEWORK_FOR_AGENCY = (
    "ยังไม่มีกรอบการประเมินของ{issuer} ปีงบประมาณ พ.ศ. {year} ซึ่งเป็นเกณฑ์ที่{agency}ใช้ในปีนั้น"
    " ผู้ดูแลระบบต้องสร้างกรอบการประเมินของปีนั้น หรือแก้ผู้ออกเกณฑ์ของหน่วยงาน"
)


def issuer_in_history(history: Iterable[tuple[int, T]], fiscal_year: int, default: T) -> T:
    """The rule of an agency's issuer, on (from_fiscal_year, issuer) pairs: the pair with the
    largest from_fiscal_year ≤ the year; the default (the NACC) before the first or with none."""
    applying = [(start, issuer) for start, issuer in history if start <= fiscal_year]
    return max(applying, key=lambda pair: pair[0])[1] if applying else default


def issuer_for_agency(agency: Agency | int, fiscal_year: int) -> Issuer:
    """The issuer whose framework the agency is assessed under in the year (issuer_in_history)."""
    rows = AgencyIssuer.objects.select_related("issuer").filter(agency=agency)
    history = [(row.from_fiscal_year, row.issuer) for row in rows]
    found = issuer_in_history(history, fiscal_year, None)
    return found if found is not None else default_issuer()


def agency_issuer_ids(agency_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """Agency id → its (from_fiscal_year, issuer id) history, for many agencies in one query."""
    histories: dict[int, list[tuple[int, int]]] = {}
    for agency_id, start, issuer_id in AgencyIssuer.objects.filter(
        agency_id__in=list(agency_ids)
    ).values_list("agency_id", "from_fiscal_year", "issuer_id"):
        histories.setdefault(agency_id, []).append((start, issuer_id))
    return histories


def framework_for_agency(agency: Agency, fiscal_year: int) -> Framework:
    """The framework the agency is assessed under in the year (ValidationError, in Thai, if none)."""
    issuer = issuer_for_agency(agency, fiscal_year)
    framework = framework_for(issuer, fiscal_year)
    if framework is None:
        raise ValidationError(
            ERROR_NO_FRAMEWORK_FOR_AGENCY.format(
                issuer=issuer.name, year=thai.to_thai_digits(fiscal_year), agency=agency
            )
        )
    return framework


def assessment_with_scores(pk: int) -> Assessment:
    return (
        Assessment.objects.select_related("agency", "framework")
        .prefetch_related(
            # The level rule, read once for the result and for what blocks the next level.
            "framework__levels",
            Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator__tool")),
            "official_tool_points__tool",
            Prefetch("tool_analyses", queryset=ToolAnalysis.objects.select_related("tool")),
        )
        .get(pk=pk)
    )


def assessment_rules(assessment: Assessment, rules: FrameworkRules | None = None) -> FrameworkRules:
    """The framework's rules (given, or read: 4 queries) with the assessment's own strength
    threshold where it has one: the threshold the report calls weaknesses by."""
    rules = framework_rules(assessment.framework) if rules is None else rules
    if assessment.strength_threshold is not None:
        rules = replace(rules, strength_threshold=assessment.strength_threshold)
    return rules


def assessment_result(
    assessment: Assessment, rules: FrameworkRules | None = None
) -> AssessmentResult:
    """Score an assessment (rules: its framework's, when the caller holds them already);
    raises IncompleteScores while an indicator has no score."""
    rules = assessment_rules(assessment, rules)
    scores = {s.indicator.number: s.score for s in assessment.scores.all()}
    return score_assessment(
        scores,
        rules,
        official_total=assessment.official_total,
        official_tool_points={p.tool.code: p.points for p in assessment.official_tool_points.all()},
    )


def assessment_result_or_none(
    assessment: Assessment, rules: FrameworkRules | None = None
) -> tuple[AssessmentResult | None, str | None]:
    """The result, or None and the Thai reason it cannot be computed yet."""
    try:
        return assessment_result(assessment, rules), None
    except IncompleteScores as exc:
        return None, str(exc)


def _outlook(
    result: AssessmentResult, levels: tuple[LevelRule, ...], scores: Iterable[Any]
) -> LevelOutlook | None:
    """The level outlook, naming indicators and tools from score rows (indicator and tool read)."""
    rows = list(scores)
    return level_outlook(
        result,
        levels,
        indicator_names={s.indicator.number: s.indicator.name for s in rows},
        tool_names={s.indicator.tool.code: s.indicator.tool.name for s in rows},
    )


def assessment_level_outlook(
    assessment: Assessment, result: AssessmentResult
) -> LevelOutlook | None:
    """What keeps the assessment's current result from the next level under its year's rule;
    None without a level rule (no query for an assessment read by assessment_with_scores)."""
    return _outlook(result, level_rules(assessment.framework), assessment.scores.all())


def published_level_outlook(assessment: Assessment) -> LevelOutlook | None:
    """The same for the published version's frozen scores; None when nothing is published (or
    the framework has no level rule): the public sees only what was published."""
    figures = PublishedFigures.objects.filter(assessment_id=assessment.pk).first()
    if figures is None or figures.total is None:
        return None
    if not level_rules(assessment.framework):
        return None
    rules = framework_rules(assessment.framework)
    scores = list(
        PublishedScore.objects.filter(assessment_id=assessment.pk).select_related("indicator__tool")
    )
    try:
        result = score_assessment(
            {s.indicator.number: s.score for s in scores},
            rules,
            official_total=figures.official_total,
        )
    except IncompleteScores:
        return None
    return _outlook(result, rules.levels, scores)


def tool_interpretation_drafts(
    assessment: Assessment, result: AssessmentResult, band_labels: dict[str, str]
) -> dict[str, str]:
    """The generated draft of each tool's interpretation, by tool code (scores prefetched)."""
    names = {s.indicator.number: s.indicator.name for s in assessment.scores.all()}
    tool_names = {s.indicator.tool.code: s.indicator.tool.name for s in assessment.scores.all()}
    drafts = {}
    for tool in result.tools:
        own = [i for i in result.indicators if i.tool == tool.code]
        drafts[tool.code] = tool_interpretation_draft(
            ToolFigures(
                tool_name=tool_names.get(tool.code, tool.code),
                grade_code=tool.grade.code,
                grade_label=band_labels.get(tool.grade.code, ""),
                passed=tool.grade.passed,
                strengths=[names[i.number] for i in own if i.is_strength],
                weaknesses=[names[i.number] for i in own if not i.is_strength],
            )
        )
    return drafts


def tool_interpretations(assessment: Assessment) -> dict[str, str]:
    """What staff wrote about each tool, by tool code (empty where they have not)."""
    return {a.tool.code: a.interpretation.strip() for a in assessment.tool_analyses.all()}


def _fmt(value: Decimal | None) -> str | None:
    return None if value is None else str(round2(value))


def assessment_summary(assessment: Assessment) -> dict[str, Any]:
    """The computed result as JSON-ready data (the assessment_summary command prints it)."""
    result = assessment_result(assessment)
    names = {s.indicator.number: s.indicator.name for s in assessment.scores.all()}
    return {
        "agency": assessment.agency.code,
        "fiscal_year": assessment.fiscal_year,
        "indicators": [
            {
                "number": i.number,
                "name": names[i.number],
                "tool": i.tool,
                "score": _fmt(i.score),
                "grade": i.grade.code,
                "passed": i.passed,
            }
            for i in result.indicators
        ],
        "tools": [
            {
                "code": t.code,
                "percent": _fmt(t.percent),
                "points": _fmt(t.points),
                "grade": t.grade.code,
                "official_points": _fmt(t.official_points),
            }
            for t in result.tools
        ],
        "total": _fmt(result.total),
        "official_total": _fmt(result.official_total),
        "grade": result.grade.code,
        "passed": result.passed,
        "result_level": result.result_level.name if result.result_level else None,
        "strengths": list(result.strengths),
        "weaknesses": list(result.weaknesses),
        "warnings": list(result.warnings),
    }


@dataclass(frozen=True)
class HistoryRow:
    fiscal_year: int
    total: Decimal
    change: Decimal | None

    @property
    def direction(self) -> str:
        if self.change is None:
            return "-"
        if self.change > 0:
            return "เพิ่มขึ้น"
        if self.change < 0:
            return "ลดลง"
        return "คงที่"


def agency_history(agency: Agency, up_to_year: int | None = None) -> list[HistoryRow]:
    """Totals by year (earlier results and assessments), with the change from the year before."""
    totals: dict[int, Decimal] = {r.fiscal_year: r.total for r in agency.earlier_results.all()}
    assessments = agency.assessments.all()
    if up_to_year is not None:
        # A later year's results are not read at all (nor its framework's rules computed).
        assessments = assessments.filter(framework__fiscal_year__lte=up_to_year)
    for assessment in assessments.select_related("framework").prefetch_related(
        Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator")),
        "official_tool_points__tool",
    ):
        if assessment.official_total is not None:
            totals[assessment.fiscal_year] = assessment.official_total
        else:
            result, _ = assessment_result_or_none(assessment)
            if result is not None:
                totals[assessment.fiscal_year] = round2(result.total)
    return _history_rows(totals, up_to_year)


def agency_published_history(agency: Agency) -> list[HistoryRow]:
    """The public history: earlier results and each year's total as it was published.

    Frozen figures only (PublishedFigures): an assessment reopened for corrections shows what
    was published until the next version, and an unpublished year does not appear.
    """
    totals: dict[int, Decimal] = {r.fiscal_year: r.total for r in agency.earlier_results.all()}
    published = PublishedFigures.objects.filter(assessment__agency=agency).select_related(
        "framework"
    )
    for figures in published.only(
        "framework__fiscal_year", "total", "official_total", "assessment_id"
    ):
        if figures.shown_total is not None:
            totals[figures.framework.fiscal_year] = figures.shown_total
    return _history_rows(totals, None)


def _history_rows(totals: dict[int, Decimal], up_to_year: int | None) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    previous: Decimal | None = None
    for year in sorted(totals):
        if up_to_year is not None and year > up_to_year:
            break
        total = totals[year]
        rows.append(
            HistoryRow(
                fiscal_year=year, total=total, change=None if previous is None else total - previous
            )
        )
        previous = total
    return rows
