"""Schedules of plan activities: month ranges in พ.ศ., fiscal quarters, Thai labels (pure)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ita_portal.lib import thai as thai_lib


@dataclass(frozen=True)
class ScheduleView:
    text: str
    quarters: tuple[int, ...]
    quarters_text: str
    # Last day of the range's end month; None for a free-text schedule.
    end: dt.date | None
    is_month_range: bool


def _month_text(month: int, year: int) -> str:
    return f"{thai_lib.MONTHS[month - 1]} {year}"


def quarters_of_range(
    start_month: int, start_year: int, end_month: int, end_year: int, *, plan_year: int
) -> tuple[int, ...]:
    """Fiscal quarters of plan_year that a month range touches."""
    first, last = thai_lib.fiscal_year_bounds(plan_year)
    quarters: list[int] = []
    year, month = thai_lib.ce_year(start_year), start_month
    end = (thai_lib.ce_year(end_year), end_month)
    while (year, month) <= end:
        if (first.year, first.month) <= (year, month) <= (last.year, last.month):
            quarter = thai_lib.fiscal_quarter(month)
            if quarter not in quarters:
                quarters.append(quarter)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(quarters)


def quarters_label(quarters: Iterable[int], *, thai: bool) -> str:
    found = sorted(set(quarters))
    if not found:
        return ""
    if len(found) == 1:
        text = f"ไตรมาส {found[0]}"
    elif found == list(range(found[0], found[-1] + 1)):
        text = f"ไตรมาส {found[0]}–{found[-1]}"
    else:
        text = "ไตรมาส " + ", ".join(str(q) for q in found)
    return thai_lib.digits(text, thai)


def schedule_view(
    start_month: int | None,
    start_year: int | None,
    end_month: int | None,
    end_year: int | None,
    text: str,
    *,
    plan_year: int,
    thai: bool,
) -> ScheduleView | None:
    """The schedule as shown in the plan; None when the activity has none yet."""
    if start_month and start_year and end_month and end_year:
        if (start_month, start_year) == (end_month, end_year):
            label = _month_text(start_month, start_year)
        else:
            label = f"{_month_text(start_month, start_year)} – {_month_text(end_month, end_year)}"
        if text.strip():
            label = f"{label} ({text.strip()})"
        quarters = quarters_of_range(
            start_month, start_year, end_month, end_year, plan_year=plan_year
        )
        ce = thai_lib.ce_year(end_year)
        return ScheduleView(
            text=thai_lib.digits(label, thai),
            quarters=quarters,
            quarters_text=quarters_label(quarters, thai=thai),
            end=dt.date(ce, end_month, calendar.monthrange(ce, end_month)[1]),
            is_month_range=True,
        )
    if text.strip():
        return ScheduleView(
            text=thai_lib.digits(text.strip(), thai),
            quarters=(),
            quarters_text="",
            end=None,
            is_month_range=False,
        )
    return None
