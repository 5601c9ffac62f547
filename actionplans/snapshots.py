"""A plan's content as JSON-ready data (what an approval keeps) and the report's rows from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ita_portal.lib import thai as thai_lib
from ita_portal.lib.thai import baht
from ita_portal.lib.users import Person, display_name

from .models import ActionPlan, PlanActivity
from .schedule import ScheduleView, schedule_view

ALL_UNITS = "ทุกกลุ่ม/หน่วย"
AND_ALL_UNITS = "และทุกกลุ่ม/หน่วย"


@dataclass(frozen=True)
class ActivityRow:
    """One activity with its own schedule, target, responsible units and budget."""

    text: str
    schedule: ScheduleView | None
    target: tuple[str, ...]
    units: tuple[str, ...]  # as printed: the lead unit first, or "ทุกกลุ่ม/หน่วย"
    budget: Decimal | None
    budget_text: str  # "๒๐๐,๐๐๐ บาท"

    @property
    def budget_amount_text(self) -> str:
        """The amount without its unit, for a column headed "(บาท)"."""
        return self.budget_text.removesuffix(" บาท")

    @property
    def schedule_lines(self) -> tuple[str, ...]:
        if self.schedule is None:
            return ()
        if self.schedule.quarters_text:
            return (self.schedule.text, f"({self.schedule.quarters_text})")
        return (self.schedule.text,)

    @property
    def units_text(self) -> str:
        return " ".join(self.units)


@dataclass(frozen=True)
class Cell:
    """A cell of the report's plan table that spans `rowspan` activity lines."""

    lines: tuple[str, ...]
    rowspan: int


@dataclass(frozen=True)
class PlanLine:
    """One line of the plan table: an activity; a cell is None where the one above spans it."""

    number: str  # "๑." when the row has several activities
    activity: ActivityRow
    issues: Cell | None
    schedule: Cell | None
    target: Cell | None
    units: Cell | None


@dataclass(frozen=True)
class PlanRow:
    item_id: int | None
    order: int
    assessment_issues: tuple[str, ...]
    activities: tuple[ActivityRow, ...]
    lines: tuple[PlanLine, ...]
    budget: Decimal | None  # the sum of the activities' budgets
    budget_text: str

    @property
    def activity_texts(self) -> tuple[str, ...]:
        return tuple(a.text for a in self.activities)


@dataclass(frozen=True)
class PlanGroup:
    indicator_number: int
    indicator_name: str
    title: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class PlanReport:
    plan_id: int | None
    status: str
    status_label: str
    version: int
    plan_year: int
    plan_year_text: str
    agency_name: str
    title: str
    introduction: str
    approved_by: str
    approved_at: dt.datetime | None
    groups: tuple[PlanGroup, ...]
    budget_total: Decimal
    budget_total_text: str
    # True when the content is the approved version (live approved plan or approval snapshot).
    is_approved_version: bool

    @property
    def rows(self) -> tuple[PlanRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def has_budget(self) -> bool:
        return any(a.budget is not None for row in self.rows for a in row.activities)


def unit_lines(names: Sequence[str], *, all_units: bool, covers_all: bool) -> tuple[str, ...]:
    """Responsible units as printed: the lead first; every unit of the agency as "ทุกกลุ่ม/หน่วย"."""
    unique = tuple(dict.fromkeys(names))
    if covers_all:
        return (ALL_UNITS,)
    if all_units:
        return (*unique, AND_ALL_UNITS) if unique else (ALL_UNITS,)
    return unique


def merge_cells(values: Sequence[tuple[str, ...]]) -> list[Cell | None]:
    """Equal neighbouring values become one cell spanning their lines (None below its first)."""
    cells: list[Cell | None] = []
    start = 0
    for index in range(1, len(values) + 1):
        if index < len(values) and values[index] == values[start]:
            continue
        cells.append(Cell(lines=values[start], rowspan=index - start))
        cells.extend([None] * (index - start - 1))
        start = index
    return cells


def plan_lines(
    issues: tuple[str, ...], activities: Sequence[ActivityRow], *, thai: bool
) -> tuple[PlanLine, ...]:
    """The lines of one plan row: one per activity, equal neighbouring cells merged."""
    if not activities:
        return ()
    schedules = merge_cells([a.schedule_lines for a in activities])
    targets = merge_cells([a.target for a in activities])
    units = merge_cells([a.units for a in activities])
    numbered = len(activities) > 1
    return tuple(
        PlanLine(
            number=thai_lib.digits(f"{index + 1}.", thai) if numbered else "",
            activity=activity,
            issues=Cell(lines=issues, rowspan=len(activities)) if index == 0 else None,
            schedule=schedules[index],
            target=targets[index],
            units=units[index],
        )
        for index, activity in enumerate(activities)
    )


def user_display_name(user: Person | None) -> str:
    """display_name, or "" for nobody (an account deleted since)."""
    return "" if user is None else display_name(user)


def _activity_raw(activity: PlanActivity, unit_count: int) -> dict[str, Any]:
    others = sorted(activity.units.all(), key=lambda u: (u.order, u.name))
    lead = activity.lead_unit
    names = list(dict.fromkeys(([lead.name] if lead else []) + [u.name for u in others]))
    return {
        "text": activity.text,
        "start_month": activity.start_month,
        "start_year": activity.start_year,
        "end_month": activity.end_month,
        "end_year": activity.end_year,
        "schedule_text": activity.schedule_text,
        "target": activity.target_list,
        "units": names,
        "all_units": activity.all_units,
        "covers_all": unit_count > 1 and len(names) == unit_count,
        "budget": None if activity.budget is None else str(activity.budget),
    }


def plan_raw(plan: ActionPlan) -> dict[str, Any]:
    """The plan's content as JSON-ready data: what an approval snapshot keeps."""
    items = sorted(plan.items.all(), key=lambda i: (i.indicator.number, i.order, i.pk or 0))
    unit_count = plan.assessment.agency.units.count()
    return {
        "plan_id": plan.pk,
        "status": plan.status,
        "version": plan.version,
        "plan_year": plan.plan_year,
        "agency_name": plan.assessment.agency.name,
        "title": plan.title,
        "introduction": plan.introduction,
        "approved_by": user_display_name(plan.approved_by),
        "approved_at": plan.approved_at.isoformat() if plan.approved_at else None,
        "items": [
            {
                "item_id": item.pk,
                "indicator_number": item.indicator.number,
                "indicator_name": item.indicator.name,
                "order": item.order,
                "assessment_issues": item.assessment_issue_list,
                "activities": [
                    _activity_raw(a, unit_count)
                    for a in sorted(item.activities.all(), key=lambda a: (a.order, a.pk or 0))
                ],
            }
            for item in items
        ],
    }


def _activities_of_old_snapshot(item: dict[str, Any]) -> list[dict[str, Any]]:
    """Snapshots approved before activities had their own target, units and budget.

    The row's target and units were shared by its activities; its budget is kept once.
    """
    units = list(item.get("units") or [])
    every = bool(item.get("all_units"))
    return [
        {
            **activity,
            "target": item.get("target") or [],
            "units": units[:1] if every else units,
            "all_units": every,
            "covers_all": False,
            "budget": item.get("budget") if position == 0 else None,
        }
        for position, activity in enumerate(item["activities"])
    ]


def _activity_row(a: dict[str, Any], *, plan_year: int, thai: bool) -> ActivityRow:
    budget = None if a.get("budget") is None else Decimal(a["budget"])
    return ActivityRow(
        text=a["text"],
        schedule=schedule_view(
            a["start_month"],
            a["start_year"],
            a["end_month"],
            a["end_year"],
            a["schedule_text"],
            plan_year=plan_year,
            thai=thai,
        ),
        target=tuple(a.get("target") or ()),
        units=unit_lines(
            a.get("units") or (),
            all_units=bool(a.get("all_units")),
            covers_all=bool(a.get("covers_all")),
        ),
        budget=budget,
        budget_text=baht(budget, thai=thai),
    )


def _row_from_raw(item: dict[str, Any], *, plan_year: int, thai: bool) -> PlanRow:
    raw_activities = (
        item["activities"] if "target" not in item else _activities_of_old_snapshot(item)
    )
    activities = tuple(_activity_row(a, plan_year=plan_year, thai=thai) for a in raw_activities)
    budgets = [a.budget for a in activities if a.budget is not None]
    budget = sum(budgets, Decimal(0)) if budgets else None
    issues = tuple(item["assessment_issues"])
    return PlanRow(
        item_id=item.get("item_id"),
        order=item["order"],
        assessment_issues=issues,
        activities=activities,
        lines=plan_lines(issues, activities, thai=thai),
        budget=budget,
        budget_text=baht(budget, thai=thai),
    )


def report_from_raw(raw: dict[str, Any], *, thai: bool, approved: bool = False) -> PlanReport:
    """Dataclasses of a plan_raw() dict (live or from an approval snapshot)."""
    plan_year = raw["plan_year"]
    groups: list[PlanGroup] = []
    by_number: dict[int, list[dict[str, Any]]] = {}
    names: dict[int, str] = {}
    for item in raw["items"]:
        by_number.setdefault(item["indicator_number"], []).append(item)
        names[item["indicator_number"]] = item["indicator_name"]
    total = Decimal(0)
    for number in sorted(by_number):
        rows = tuple(
            _row_from_raw(item, plan_year=plan_year, thai=thai)
            for item in sorted(by_number[number], key=lambda i: i["order"])
        )
        total += sum((r.budget for r in rows if r.budget is not None), Decimal(0))
        groups.append(
            PlanGroup(
                indicator_number=number,
                indicator_name=names[number],
                title=thai_lib.digits(f"ตัวชี้วัดที่ {number} {names[number]}", thai),
                rows=rows,
            )
        )
    status = raw["status"]
    approved_at = raw.get("approved_at")
    return PlanReport(
        plan_id=raw.get("plan_id"),
        status=status,
        status_label=str(ActionPlan.Status(status).label),
        version=raw["version"],
        plan_year=plan_year,
        plan_year_text=thai_lib.digits(plan_year, thai),
        agency_name=raw["agency_name"],
        title=raw["title"],
        introduction=raw["introduction"],
        approved_by=raw.get("approved_by") or "",
        approved_at=dt.datetime.fromisoformat(approved_at) if approved_at else None,
        groups=tuple(groups),
        budget_total=total,
        budget_total_text=baht(total, thai=thai) if total else "",
        is_approved_version=approved or status == ActionPlan.Status.APPROVED,
    )
