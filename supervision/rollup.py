"""The roll-up of the units under one framework: levels, grades, spread, movement, blockers.

Units of one console may follow different issuers (a school variant, the NACC's own): each
framework gets its own group, with its own bands, levels and indicators. Pure: no queries.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.scoring import grade_for, round2

from .pipeline import Earlier, Scored, earlier_of
from .units import UnitRow

UP, SAME, DOWN = "up", "same", "down"
MOVEMENT_LABELS = {UP: "ดีขึ้น", SAME: "คงที่", DOWN: "ลดลง", "": "ไม่มีผลปีก่อน"}
NO_LEVEL = "ไม่ถึงระดับใด"
NO_RESULT = "ยังไม่มีคะแนนครบ"
BLOCKER_TOTAL = "คะแนนรวม"
BLOCKER_TOOL = "เครื่องมือ {code} {name}"
BLOCKER_INDICATOR = "ตัวชี้วัดที่ {number} {name}"


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int
    color: str = ""


@dataclass(frozen=True)
class Spread:
    count: int
    mean: Decimal | None
    stdev: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass(frozen=True)
class Column:
    number: int
    name: str
    weak: int  # units below the threshold on this indicator


@dataclass(frozen=True)
class Group:
    """One framework's units: the roll-up and the heat map."""

    framework_id: int
    label: str
    levels: tuple[Tally, ...]
    grades: tuple[Tally, ...]
    spread: Spread
    movement: tuple[Tally, ...]
    blockers: tuple[Tally, ...]
    columns: tuple[Column, ...]
    rows: tuple[UnitRow, ...]

    @property
    def weakest(self) -> tuple[Column, ...]:
        """The indicators most units are below the threshold on (five at most, none at zero)."""
        ranked = sorted((c for c in self.columns if c.weak), key=lambda c: (-c.weak, c.number))
        return tuple(ranked[:5])


@dataclass(frozen=True)
class FrameworkInfo:
    """What a group shows of its framework beyond the scoring rules (read once per console)."""

    label: str
    indicator_names: Mapping[int, str]
    band_colors: Mapping[str, str]


def _position(result: Earlier, order: Sequence[str], by_level: bool) -> int | None:
    if by_level:
        if not result.level:
            return len(order)
        return order.index(result.level) if result.level in order else None
    return order.index(result.grade) if result.grade in order else None


def movement(current: Scored, last: Scored | Earlier | Decimal | None) -> str:
    """Up, same or down a level against last year (by result level when both years have levels,
    else by grade band, in this year's order); "" when either year has no result.

    Last year may be only a total (EarlierResult, a year before the portal's data): it is then
    graded in this year's bands. It may be read from the stored figures (Earlier)."""
    now = earlier_of(current)
    if now is None or last is None:
        return ""
    bands = [b.code for b in current.rules.bands]
    if isinstance(last, Decimal):
        return _compare(
            bands.index(now.grade), bands.index(grade_for(last, current.rules.bands).code)
        )
    before = earlier_of(last) if isinstance(last, Scored) else last
    if before is None:
        return ""
    by_level = now.has_levels and before.has_levels
    order = [lv.name for lv in current.rules.levels] if by_level else bands
    return _compare(_position(now, order, by_level), _position(before, order, by_level))


def _compare(now: int | None, before: int | None) -> str:
    """Positions run best first: a smaller one is a better level."""
    if now is None or before is None:
        return ""
    return UP if now < before else DOWN if now > before else SAME


def spread(totals: Sequence[Decimal]) -> Spread:
    """Mean, standard deviation (of the units as a population), min and max, 2 places."""
    if not totals:
        return Spread(0, None, None, None, None)
    return Spread(
        count=len(totals),
        mean=round2(sum(totals, Decimal(0)) / len(totals)),
        stdev=round2(Decimal(statistics.pstdev(totals))),
        minimum=min(totals),
        maximum=max(totals),
    )


def _blocker_label(kind: str, key: str, scored: Scored, info: FrameworkInfo) -> str:
    if kind == "total":
        return BLOCKER_TOTAL
    if kind == "tool":
        names = {t.code: t.name for t in scored.rules.tools}
        return BLOCKER_TOOL.format(code=key, name=names.get(key, "")).strip()
    return BLOCKER_INDICATOR.format(number=key, name=info.indicator_names.get(int(key), ""))


def _blockers(rows: Sequence[UnitRow], scored: Scored, info: FrameworkInfo) -> tuple[Tally, ...]:
    """What keeps units from their next level, by how many units it keeps back."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        if row.blockers is not None:
            counts.update({(b.kind, b.key) for b in row.blockers.blockers})
    return tuple(
        Tally(f"{kind}:{key}", _blocker_label(kind, key, scored, info), n)
        for (kind, key), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _levels(rows: Sequence[UnitRow], scored: Scored) -> tuple[Tally, ...]:
    counts = Counter(row.level_rank for row in rows)
    levels = scored.rules.levels
    tallies = [Tally(lv.code, lv.name, counts.get(i, 0)) for i, lv in enumerate(levels)]
    if levels:
        tallies.append(Tally("", NO_LEVEL, counts.get(len(levels), 0)))
    return tuple(tallies)


def _grades(rows: Sequence[UnitRow], scored: Scored, info: FrameworkInfo) -> tuple[Tally, ...]:
    counts = Counter(row.grade for row in rows if row.grade)
    return tuple(
        Tally(b.code, b.label or b.code, counts.get(b.code, 0), info.band_colors.get(b.code, ""))
        for b in scored.rules.bands
    )


def _movement(rows: Sequence[UnitRow]) -> tuple[Tally, ...]:
    counts = Counter(row.movement for row in rows if row.total is not None)
    return tuple(Tally(key, label, counts.get(key, 0)) for key, label in MOVEMENT_LABELS.items())


def group(framework_id: int, rows: Sequence[UnitRow], sample: Scored, info: FrameworkInfo) -> Group:
    """The roll-up and heat map of the rows of one framework (sample: any of its units)."""
    numbers = sample.rules.indicator_numbers
    weak = Counter(c.number for row in rows for c in row.cells if c.weak)
    return Group(
        framework_id=framework_id,
        label=info.label,
        levels=_levels(rows, sample),
        grades=_grades(rows, sample, info),
        spread=spread([row.total for row in rows if row.total is not None]),
        movement=_movement(rows),
        blockers=_blockers(rows, sample, info),
        columns=tuple(Column(n, info.indicator_names.get(n, ""), weak.get(n, 0)) for n in numbers),
        rows=tuple(rows),
    )
