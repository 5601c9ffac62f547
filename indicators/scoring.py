"""Scoring of one assessment under one framework: pure functions over Decimal, no ORM.

The rules (tools, weights, bands, levels, threshold) arrive as plain values built from the
framework's data; nothing here knows a figure of any particular year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
# Published totals come from unrounded indicators: a gap of one hundredth is consistent.
CONSISTENCY_TOLERANCE = Decimal("0.01")

WARNING_TOTAL = "คะแนนรวมที่ประกาศ {official} ไม่ตรงกับคะแนนที่คำนวณได้ {computed} (ต่างกัน {diff})"
WARNING_TOOL_POINTS = (
    "คะแนน {tool} ที่ประกาศ {official} ไม่ตรงกับคะแนนที่คำนวณจากตัวชี้วัด {computed} (ต่างกัน {diff})"
)
WARNING_RANK = "ลำดับที่ประกาศ {official} ไม่ตรงกับลำดับที่คำนวณได้ {computed}"
WARNING_MISSING = "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ {numbers}"


def round2(value: Decimal) -> Decimal:
    """Round half-up to two places: the only rounding the portal does, for display."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BandRule:
    code: str
    lower: Decimal
    upper: Decimal
    passed: bool
    label: str = ""


@dataclass(frozen=True)
class ToolRule:
    code: str
    weight: Decimal
    indicator_numbers: tuple[int, ...]
    name: str = ""


@dataclass(frozen=True)
class LevelRule:
    """A result level: reached when the total and, if set, every tool and every indicator reach
    their minimums (the framework's data says which: "ผ่านดี" is read both ways)."""

    code: str
    name: str
    min_total: Decimal
    min_each_tool: Decimal | None = None
    min_each_indicator: Decimal | None = None


@dataclass(frozen=True)
class Shortfall:
    """One thing that keeps a result from a level: what (total, a tool, an indicator) and by how much."""

    kind: str  # "total", "tool" or "indicator"
    key: str  # the tool's code or the indicator's number; "" for the total
    value: Decimal  # as shown (2 places)
    minimum: Decimal

    @property
    def points(self) -> Decimal:
        return self.minimum - self.value


@dataclass(frozen=True)
class NextLevel:
    level: LevelRule
    blockers: tuple[Shortfall, ...]


@dataclass(frozen=True)
class FrameworkRules:
    tools: tuple[ToolRule, ...]
    bands: tuple[BandRule, ...]
    levels: tuple[LevelRule, ...] = ()
    strength_threshold: Decimal = Decimal(90)
    pass_mark: Decimal = Decimal(85)

    @property
    def indicator_numbers(self) -> tuple[int, ...]:
        return tuple(n for tool in self.tools for n in tool.indicator_numbers)


@dataclass(frozen=True)
class Grade:
    code: str
    passed: bool
    label: str = ""


@dataclass(frozen=True)
class IndicatorResult:
    number: int
    tool: str
    score: Decimal
    grade: Grade
    is_strength: bool

    @property
    def passed(self) -> bool:
        return self.grade.passed


@dataclass(frozen=True)
class ToolResult:
    code: str
    percent: Decimal
    points: Decimal
    grade: Grade
    official_points: Decimal | None = None


@dataclass(frozen=True)
class AssessmentResult:
    indicators: tuple[IndicatorResult, ...]
    tools: tuple[ToolResult, ...]
    total: Decimal
    grade: Grade
    result_level: LevelRule | None
    official_total: Decimal | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return self.grade.passed

    @property
    def reported_total(self) -> Decimal:
        """The total to print: the official figure where one is given, else the computed one."""
        return self.official_total if self.official_total is not None else self.total

    @property
    def strengths(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.indicators if i.is_strength)

    @property
    def weaknesses(self) -> tuple[int, ...]:
        return tuple(i.number for i in self.indicators if not i.is_strength)

    def indicator(self, number: int) -> IndicatorResult:
        return next(i for i in self.indicators if i.number == number)

    def tool(self, code: str) -> ToolResult:
        return next(t for t in self.tools if t.code == code)


class IncompleteScores(ValueError):
    """Raised when an indicator of the framework has no score."""

    def __init__(self, missing: Sequence[int]):
        self.missing = tuple(missing)
        super().__init__(WARNING_MISSING.format(numbers=", ".join(map(str, self.missing))))


def band_rules(bands: Iterable[Any]) -> tuple[BandRule, ...]:
    """The grade bands as rules, from objects that carry their fields (GradeBand rows)."""
    return tuple(
        BandRule(code=b.code, lower=b.lower, upper=b.upper, passed=b.passed, label=b.label)
        for b in bands
    )


def grade_for(value: Decimal, bands: Sequence[BandRule]) -> Grade:
    """Band of a score, judged on its two-decimal display value (84.995 shows, and grades, as 85.00)."""
    return _grade_of_shown(round2(value), bands)


def _grade_of_shown(shown: Decimal, bands: Sequence[BandRule]) -> Grade:
    for band in bands:
        if band.lower <= shown <= band.upper:
            return Grade(code=band.code, passed=band.passed, label=band.label)
    raise ValueError(f"no grade band holds {shown}")


def tool_percent(scores: Mapping[int, Decimal], tool: ToolRule) -> Decimal:
    """Plain mean of the tool's indicators, unrounded."""
    values = [Decimal(scores[n]) for n in tool.indicator_numbers]
    return sum(values, Decimal(0)) / len(values)


def tool_points(percent: Decimal, tool: ToolRule) -> Decimal:
    return percent * tool.weight / HUNDRED


def level_shortfalls(
    level: LevelRule,
    total: Decimal,
    tool_percents: Mapping[str, Decimal],
    indicator_scores: Mapping[int, Decimal],
) -> tuple[Shortfall, ...]:
    """What keeps the result (compared as shown, 2 places) from the level; empty: reached."""
    return _shortfalls_shown(
        level,
        round2(total),
        _shown(tool_percents) if level.min_each_tool is not None else {},
        _shown(indicator_scores) if level.min_each_indicator is not None else {},
    )


def _shown(values: Mapping[Any, Decimal]) -> dict[str, Decimal]:
    """The values as shown (2 places), by their keys as text."""
    return {str(key): round2(value) for key, value in values.items()}


def _shortfalls_shown(
    level: LevelRule,
    total: Decimal,
    tool_percents: Mapping[str, Decimal],
    indicator_scores: Mapping[str, Decimal],
) -> tuple[Shortfall, ...]:
    """level_shortfalls of values already rounded (as shown): each is rounded once, not once
    per level it is held against."""
    found = []
    if total < level.min_total:
        found.append(Shortfall("total", "", total, level.min_total))
    for kind, minimum, values in (
        ("tool", level.min_each_tool, tool_percents),
        ("indicator", level.min_each_indicator, indicator_scores),
    ):
        if minimum is None:
            continue
        found += [
            Shortfall(kind, key, value, minimum) for key, value in values.items() if value < minimum
        ]
    return tuple(found)


def result_level_for(
    total: Decimal,
    tool_percents: Mapping[str, Decimal],
    levels: Sequence[LevelRule],
    indicator_scores: Mapping[int, Decimal] | None = None,
) -> LevelRule | None:
    """First level, in the framework's order, whose minimums the result reaches."""
    if not levels:
        return None
    total_shown = round2(total)
    tools_shown = (
        _shown(tool_percents) if any(lv.min_each_tool is not None for lv in levels) else {}
    )
    indicators_shown = (
        _shown(indicator_scores or {})
        if any(lv.min_each_indicator is not None for lv in levels)
        else {}
    )
    for level in levels:
        if not _shortfalls_shown(level, total_shown, tools_shown, indicators_shown):
            return level
    return None


def next_level(result: AssessmentResult, levels: Sequence[LevelRule]) -> NextLevel | None:
    """The level just above the result's (levels run best first) and what keeps it from it;
    None at the top, or when the framework has no levels."""
    if not levels:
        return None
    reached = result.result_level
    position = len(levels) if reached is None else list(levels).index(reached)
    if position == 0:
        return None
    target = levels[position - 1]
    graded = result.official_total if result.official_total is not None else result.total
    blockers = level_shortfalls(
        target,
        graded,
        {t.code: t.percent for t in result.tools},
        {i.number: i.score for i in result.indicators},
    )
    return NextLevel(level=target, blockers=blockers)


def _difference_warning(
    template: str, official: Decimal, computed: Decimal, **extra: str
) -> str | None:
    diff = abs(round2(computed) - official)
    if diff <= CONSISTENCY_TOLERANCE:
        return None
    return template.format(official=official, computed=round2(computed), diff=diff, **extra)


def _tool_result(
    tool: ToolRule,
    scores: Mapping[int, Decimal],
    rules: FrameworkRules,
    official_points: Decimal | None,
) -> tuple[list[IndicatorResult], ToolResult, str | None]:
    """One tool's indicators and result, and the warning when its official points disagree."""
    indicators = []
    for number in tool.indicator_numbers:
        score = Decimal(scores[number])
        shown = round2(score)  # grade and strength are judged as shown
        indicators.append(
            IndicatorResult(
                number=number,
                tool=tool.code,
                score=score,
                grade=_grade_of_shown(shown, rules.bands),
                is_strength=shown >= rules.strength_threshold,
            )
        )
    percent = tool_percent(scores, tool)
    points = tool_points(percent, tool)
    warning = None
    if official_points is not None:
        warning = _difference_warning(WARNING_TOOL_POINTS, official_points, points, tool=tool.code)
    result = ToolResult(
        code=tool.code,
        percent=percent,
        points=points,
        grade=grade_for(percent, rules.bands),
        official_points=official_points,
    )
    return indicators, result, warning


def score_assessment(
    scores: Mapping[int, Decimal | None],
    rules: FrameworkRules,
    *,
    official_total: Decimal | None = None,
    official_tool_points: Mapping[str, Decimal] | None = None,
) -> AssessmentResult:
    """Compute every figure of an assessment from its indicator scores and the framework's rules."""
    missing = [n for n in rules.indicator_numbers if scores.get(n) is None]
    if missing:
        raise IncompleteScores(missing)
    present = {n: v for n, v in scores.items() if v is not None}
    official_tool_points = official_tool_points or {}
    warnings: list[str] = []
    indicators: list[IndicatorResult] = []
    tools: list[ToolResult] = []
    for tool in rules.tools:
        tool_indicators, result, warning = _tool_result(
            tool, present, rules, official_tool_points.get(tool.code)
        )
        indicators.extend(tool_indicators)
        tools.append(result)
        if warning:
            warnings.append(warning)
    total = sum((t.points for t in tools), Decimal(0))
    if official_total is not None:
        warning = _difference_warning(WARNING_TOTAL, official_total, total)
        if warning:
            warnings.append(warning)
    graded_total = official_total if official_total is not None else total
    return AssessmentResult(
        indicators=tuple(sorted(indicators, key=lambda i: i.number)),
        tools=tuple(tools),
        total=total,
        grade=grade_for(graded_total, rules.bands),
        result_level=result_level_for(
            graded_total,
            {t.code: t.percent for t in tools},
            rules.levels,
            {i.number: i.score for i in indicators},
        ),
        official_total=official_total,
        warnings=tuple(warnings),
    )


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Standard competition ranks (1, 2, 2, 4) of totals, in the order given, highest first."""
    shown = [round2(t) for t in totals]
    ordered = sorted(shown, reverse=True)
    first_position: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return [first_position[v] for v in shown]
