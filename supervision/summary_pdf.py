"""The summary PDF of a console (รายงานสรุปผลการประเมิน ITA ของหน่วยงานในสังกัด): the roll-up,
the heat map, the units needing help and the common weak indicators, in the report's typography.

Built from the console's ConsoleData (no query of its own); rendered by ita_portal.lib.pdf, which
renders one PDF at a time per process, as every report of the portal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string

from ita_portal.lib import thai
from ita_portal.lib.pdf import render_pdf

from .console import ConsoleData
from .rollup import Column, Group, Spread, Tally
from .units import Cell, UnitRow

TITLE = "รายงานสรุปผลการประเมิน ITA ของหน่วยงานในสังกัด"
HEAT_COLUMNS = 12  # indicator columns per heat-map table across a landscape A4 page
HELP_LIMIT = 15  # units listed as needing help
# Rows of the heat map: about 10 landscape pages. A larger console (OBEC's 7,595 units) prints
# its first units in the console's order and says how to see the rest (a sub-tree filter).
HEAT_ROWS_MAX = 200
HEAT_CUT = (
    "แผนภาพแสดง {shown} หน่วยงานแรกจาก {total} หน่วยงานตามลำดับในหน้าจอ เลือกสังกัดย่อยเพื่อดูหน่วยงานที่เหลือ"
)
BLOCKERS_LISTED = 5


@dataclass(frozen=True)
class HeatRow:
    name: str
    total: Decimal | None
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class HeatTable:
    """One page-wide slice of the heat map: every unit, a run of the indicators."""

    columns: tuple[Column, ...]
    rows: tuple[HeatRow, ...]
    note: str = ""


@dataclass(frozen=True)
class WeakIndicator:
    number: int
    name: str
    weak: int
    percent: Decimal


@dataclass(frozen=True)
class GroupSummary:
    label: str
    unit_count: int
    spread: Spread
    levels: tuple[Tally, ...]
    grades: tuple[Tally, ...]
    movement: tuple[Tally, ...]
    blockers: tuple[Tally, ...]
    heat: tuple[HeatTable, ...]
    weak: tuple[WeakIndicator, ...]


@dataclass(frozen=True)
class HelpRow:
    """A unit needing help, with what says so."""

    name: str
    parent_name: str
    level: str
    total: Decimal | None
    weak: int
    blockers: int
    overdue: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    title: str
    root_name: str
    year: int
    made_on: str
    unit_count: int
    shown_count: int
    stage_counts: tuple[Tally, ...]
    overdue_count: int
    groups: tuple[GroupSummary, ...]
    needing_help: tuple[HelpRow, ...]
    filters_note: str


def heat_tables(
    group: Group, width: int = HEAT_COLUMNS, max_rows: int = HEAT_ROWS_MAX
) -> tuple[HeatTable, ...]:
    """The group's heat map split into slices of at most `width` indicators, each with the
    group's first `max_rows` units."""
    shown = group.rows[:max_rows]
    note = ""
    if len(group.rows) > max_rows:
        note = HEAT_CUT.format(shown=len(shown), total=len(group.rows))
    tables = []
    for start in range(0, max(len(group.columns), 1), width):
        columns = group.columns[start : start + width]
        numbers = {c.number for c in columns}
        rows = tuple(
            HeatRow(r.name, r.total, tuple(c for c in r.cells if c.number in numbers))
            for r in shown
        )
        tables.append(HeatTable(tuple(columns), rows, note))
    return tuple(tables)


def weak_indicators(group: Group) -> tuple[WeakIndicator, ...]:
    """The console's weakest indicators (Group.weakest), with the share of the scored units."""
    scored = sum(1 for r in group.rows if r.cells)
    return tuple(
        WeakIndicator(c.number, c.name, c.weak, thai_percent(c.weak, scored)) for c in group.weakest
    )


def thai_percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def weak_count(row: UnitRow) -> int:
    return sum(1 for c in row.cells if c.weak)


def _help_key(row: UnitRow) -> tuple:
    """Lowest level first, then most blockers, most overdue steps, lowest total."""
    blockers = len(row.blockers.blockers) if row.blockers else 0
    rank = -1 if row.level_rank is None else row.level_rank
    total = row.total if row.total is not None else Decimal(101)
    return (-rank, -blockers, -len(row.overdue_steps), total, row.name)


def needing_help(rows: Sequence[UnitRow], limit: int = HELP_LIMIT) -> tuple[HelpRow, ...]:
    """The units at the lowest levels, with the most blockers or overdue work (a unit with none
    of these, or at the best level with nothing overdue, is not listed)."""
    candidates = [r for r in rows if r.overdue_steps or (r.level_rank or 0) > 0 or weak_count(r)]
    return tuple(
        HelpRow(
            name=r.name,
            parent_name=r.parent_name,
            level=r.level_name or r.grade or "-",
            total=r.total,
            weak=weak_count(r),
            blockers=len(r.blockers.blockers) if r.blockers else 0,
            overdue=tuple(s.title for s in r.overdue_steps),
        )
        for r in sorted(candidates, key=_help_key)[:limit]
    )


def _group_summary(group: Group) -> GroupSummary:
    return GroupSummary(
        label=group.label,
        unit_count=len(group.rows),
        spread=group.spread,
        levels=group.levels,
        grades=group.grades,
        movement=group.movement,
        blockers=group.blockers[:BLOCKERS_LISTED],
        heat=heat_tables(group),
        weak=weak_indicators(group),
    )


def summary_of(data: ConsoleData) -> Summary:
    """What the summary PDF prints of a console (no queries)."""
    notes = [f"{k}={v}" for k, v in data.filters.as_query().items() if k != "sort"]
    return Summary(
        title=TITLE,
        root_name=data.root.name,
        year=data.year,
        made_on=thai.thai_date(data.today),
        unit_count=data.unit_count,
        shown_count=len(data.rows),
        stage_counts=data.stage_counts,
        overdue_count=len(data.overdue),
        groups=tuple(_group_summary(g) for g in data.groups),
        needing_help=needing_help(data.rows),
        filters_note=", ".join(notes),
    )


def summary_html(summary: Summary) -> str:
    """The summary as one HTML document for WeasyPrint (Thai digits, units kept together)."""
    css = (settings.BASE_DIR / "static" / "css" / "supervision_summary.css").resolve().as_uri()
    document = render_to_string(
        "supervision/summary_report.html", {"summary": summary, "stylesheet_url": css}
    )
    return thai.keep_units_together(thai.digits_in_html(document, thai=True))


def summary_pdf(data: ConsoleData) -> bytes:
    """The console's summary as PDF/A (waits for any other render of this process)."""
    return render_pdf(summary_html(summary_of(data)))


def file_name(data: ConsoleData) -> tuple[str, str]:
    """(Thai, ASCII) download names."""
    code = data.root.short_name or data.root.code
    return (
        f"สรุปผลหน่วยงานในสังกัด-{code}-{data.year}.pdf",
        f"supervision-{data.root.code}-{data.year}.pdf",
    )
