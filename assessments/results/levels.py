"""What keeps a result from the next level, named and in Thai (pure: no database).

`indicators.scoring.next_level` finds the level above a result and what falls short of it under
the year's level rule (every tool, or every indicator, at a minimum); this module names each
shortfall (the indicator's or the tool's name), says it as the one sentence the report, the staff
workspace and the public ITA page print, and gives it as JSON-ready data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from indicators.scoring import AssessmentResult, LevelRule, Shortfall, next_level, round2
from ita_portal.lib import thai

from .drafts import short_tool_name, thai_list

TOTAL = "total"
TOOL = "tool"
INDICATOR = "indicator"

SENTENCE_LEVEL = "ผลการประเมินอยู่ในระดับ {level}"
SENTENCE_TOP = " ซึ่งเป็นระดับสูงสุดแล้ว"
SENTENCE_NEXT = " ยังไม่ถึงระดับ {next_level}"
SENTENCE_BELOW_EVERY_LEVEL = "ผลการประเมินยังไม่ถึงระดับ {next_level}"
SENTENCE_BECAUSE = " เพราะ{blockers}"
SENTENCE_BLOCKER = "{what} ได้ {score} คะแนน ต่ำกว่า {threshold} อยู่ {gap} คะแนน"
WHAT_TOTAL = "คะแนนรวม"
WHAT_TOOL = "{name} ({code})"
WHAT_INDICATOR = "ตัวชี้วัดที่ {number} {name}"


@dataclass(frozen=True)
class LevelBlocker:
    """One thing below the next level's minimum: the total, a tool (by code) or an indicator."""

    kind: str  # TOTAL, TOOL or INDICATOR
    key: str  # the tool's code or the indicator's number; "" for the total
    name: str
    score: Decimal  # as shown (2 places)
    threshold: Decimal

    @property
    def gap(self) -> Decimal:
        return self.threshold - self.score


@dataclass(frozen=True)
class LevelOutlook:
    """The level reached ("" below every level), the next one ("" at the top) and its blockers."""

    level: str
    next_level: str
    blockers: tuple[LevelBlocker, ...]

    @property
    def is_top(self) -> bool:
        return not self.next_level


def _blocker(
    shortfall: Shortfall, indicator_names: Mapping[int, str], tool_names: Mapping[str, str]
) -> LevelBlocker:
    if shortfall.kind == INDICATOR:
        name = indicator_names.get(int(shortfall.key), "")
    elif shortfall.kind == TOOL:
        name = short_tool_name(tool_names.get(shortfall.key, shortfall.key))
    else:
        name = WHAT_TOTAL
    return LevelBlocker(
        kind=shortfall.kind,
        key=shortfall.key,
        name=name,
        score=shortfall.value,
        threshold=shortfall.minimum,
    )


def level_outlook(
    result: AssessmentResult,
    levels: Sequence[LevelRule],
    *,
    indicator_names: Mapping[int, str],
    tool_names: Mapping[str, str],
) -> LevelOutlook | None:
    """The result against the year's level rule; None when the framework has no levels."""
    if not levels:
        return None
    reached = result.result_level.name if result.result_level else ""
    up = next_level(result, levels)
    if up is None:
        return LevelOutlook(level=reached, next_level="", blockers=())
    return LevelOutlook(
        level=reached,
        next_level=up.level.name,
        blockers=tuple(_blocker(s, indicator_names, tool_names) for s in up.blockers),
    )


def _number(value: Decimal, thai_digits: bool) -> str:
    return thai.digits(f"{round2(value):.2f}", thai_digits)


def _threshold(value: Decimal, thai_digits: bool) -> str:
    """A minimum as the report writes one: "๘๕", not "๘๕.๐๐"."""
    return thai.digits(f"{value.normalize():f}", thai_digits)


def _blocker_clause(blocker: LevelBlocker, thai_digits: bool) -> str:
    if blocker.kind == INDICATOR:
        what = WHAT_INDICATOR.format(
            number=thai.digits(blocker.key, thai_digits), name=blocker.name
        ).strip()
    elif blocker.kind == TOOL:
        what = WHAT_TOOL.format(name=blocker.name, code=blocker.key)
    else:
        what = WHAT_TOTAL
    return SENTENCE_BLOCKER.format(
        what=what,
        score=_number(blocker.score, thai_digits),
        threshold=_threshold(blocker.threshold, thai_digits),
        gap=_number(blocker.gap, thai_digits),
    )


def level_sentence(outlook: LevelOutlook | None, *, thai_digits: bool) -> str:
    """The sentence every page prints: the level, the next one and what keeps the result from
    it, by how many points; "" when the framework has no level rule."""
    if outlook is None:
        return ""
    if not outlook.level:
        sentence = SENTENCE_BELOW_EVERY_LEVEL.format(next_level=outlook.next_level)
    elif outlook.is_top:
        return SENTENCE_LEVEL.format(level=outlook.level) + SENTENCE_TOP
    else:
        sentence = SENTENCE_LEVEL.format(level=outlook.level) + SENTENCE_NEXT.format(
            next_level=outlook.next_level
        )
    clauses = [_blocker_clause(b, thai_digits) for b in outlook.blockers]
    if clauses:
        sentence += SENTENCE_BECAUSE.format(blockers=thai_list(clauses))
    return sentence


def _blocker_json(blocker: LevelBlocker) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": blocker.kind}
    if blocker.kind == INDICATOR:
        data["number"] = int(blocker.key)
    elif blocker.kind == TOOL:
        data["code"] = blocker.key
    return {
        **data,
        "name": blocker.name,
        "score": str(round2(blocker.score)),
        "threshold": str(round2(blocker.threshold)),
        "gap": str(round2(blocker.gap)),
    }


def level_outlook_json(outlook: LevelOutlook | None) -> dict[str, Any] | None:
    """The outlook as JSON-ready data (decimals as strings of 2 places); None without a level rule."""
    if outlook is None:
        return None
    return {
        "level": outlook.level or None,
        "next_level": outlook.next_level or None,
        "blockers": [_blocker_json(b) for b in outlook.blockers],
    }
