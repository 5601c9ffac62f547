"""Predicted OIT score from O-item outcomes: pure functions over Decimal, no ORM.

The assessors' aggregation (corroborated by published NACC 2564 figures): each sub-indicator is
the share of its items passed × 100, each OIT indicator the mean of its sub-indicators, the OIT
tool the mean of its indicators. Nothing is rounded here; display with scoring.round2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .scoring import HUNDRED, FrameworkRules, ToolRule, tool_points

ERROR_NO_ITEMS = "ตัวชี้วัดย่อย {code} ไม่มีข้อการประเมินที่นับคะแนน"
ERROR_NO_OIT_TOOL = "ไม่พบเครื่องมือที่มีตัวชี้วัดที่ {numbers} ในกรอบการประเมิน"
ERROR_MISSING_TOOL = "ยังไม่มีร้อยละของเครื่องมือ {codes} สำหรับคำนวณคะแนนรวม"


@dataclass(frozen=True)
class ItemOutcome:
    """One O-item judged (or expected) passed or not, placed in its indicator and sub-indicator."""

    indicator_number: int
    sub_indicator_code: str
    passed: bool
    code: str = ""


@dataclass(frozen=True)
class SubIndicatorScore:
    code: str
    passed: int
    total: int
    percent: Decimal


@dataclass(frozen=True)
class IndicatorPrediction:
    number: int
    percent: Decimal
    sub_indicators: tuple[SubIndicatorScore, ...]


@dataclass(frozen=True)
class OITPrediction:
    indicators: tuple[IndicatorPrediction, ...]
    percent: Decimal

    @property
    def indicator_scores(self) -> dict[int, Decimal]:
        return {i.number: i.percent for i in self.indicators}

    @property
    def passed(self) -> int:
        return sum(s.passed for i in self.indicators for s in i.sub_indicators)

    @property
    def total(self) -> int:
        return sum(s.total for i in self.indicators for s in i.sub_indicators)


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def sub_indicator_percent(passed: int, total: int, code: str = "") -> Decimal:
    """Share of the sub-indicator's items passed, × 100."""
    if total <= 0:
        raise ValueError(ERROR_NO_ITEMS.format(code=code))
    return Decimal(passed) * HUNDRED / Decimal(total)


def indicator_percent(sub_indicator_percents: Sequence[Decimal]) -> Decimal:
    """Plain mean of the indicator's sub-indicator percentages."""
    return mean(sub_indicator_percents)


def oit_percent(indicator_percents: Sequence[Decimal]) -> Decimal:
    """Plain mean of the OIT indicators."""
    return mean(indicator_percents)


def predict_oit(outcomes: Iterable[ItemOutcome]) -> OITPrediction:
    """Every figure of the OIT from its items' outcomes (indicators and sub-indicators in order)."""
    counts: dict[int, dict[str, list[int]]] = {}
    for outcome in outcomes:
        tally = counts.setdefault(outcome.indicator_number, {}).setdefault(
            outcome.sub_indicator_code, [0, 0]
        )
        tally[0] += int(outcome.passed)
        tally[1] += 1
    indicators = []
    for number in sorted(counts):
        subs = tuple(
            SubIndicatorScore(code, passed, total, sub_indicator_percent(passed, total, code))
            for code, (passed, total) in sorted(counts[number].items(), key=_code_key)
        )
        indicators.append(
            IndicatorPrediction(number, indicator_percent([s.percent for s in subs]), subs)
        )
    if not indicators:
        raise ValueError(ERROR_NO_ITEMS.format(code="OIT"))
    return OITPrediction(tuple(indicators), oit_percent([i.percent for i in indicators]))


def _code_key(entry: tuple[str, list[int]]) -> tuple[int, ...]:
    """'9.10' after '9.2': sub-indicator codes compare as numbers, part by part."""
    return tuple(int(part) if part.isdigit() else 0 for part in entry[0].split("."))


def oit_tool(rules: FrameworkRules, indicator_numbers: Iterable[int]) -> ToolRule:
    """The framework's tool that the predicted indicators belong to."""
    wanted = set(indicator_numbers)
    for tool in rules.tools:
        if wanted and wanted <= set(tool.indicator_numbers):
            return tool
    raise ValueError(ERROR_NO_OIT_TOOL.format(numbers=", ".join(map(str, sorted(wanted)))))


def implied_total(rules: FrameworkRules, tool_percents: Mapping[str, Decimal]) -> Decimal:
    """ITA total from each tool's percentage and the framework's weights (unrounded)."""
    missing = [t.code for t in rules.tools if tool_percents.get(t.code) is None]
    if missing:
        raise ValueError(ERROR_MISSING_TOOL.format(codes=", ".join(missing)))
    return sum((tool_points(Decimal(tool_percents[t.code]), t) for t in rules.tools), Decimal(0))


def predicted_total(
    rules: FrameworkRules, prediction: OITPrediction, other_tool_percents: Mapping[str, Decimal]
) -> Decimal:
    """The ITA total implied by a predicted OIT and given percentages of the other tools."""
    tool = oit_tool(rules, prediction.indicator_scores)
    return implied_total(rules, {**other_tool_percents, tool.code: prediction.percent})
