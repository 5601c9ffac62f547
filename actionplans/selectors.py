"""Reads of action plans, returned as plain dataclasses (the report never queries).

Signatures the report (and the plan pages) use:

- ``plan_for_report(assessment, *, thai=None, approved_only=False) -> PlanReport | None``
  The assessment's plan as it is now (any status), or with ``approved_only`` its latest
  approved version: the live plan when approved, else the snapshot kept by the last approval
  (a reopened plan keeps showing what was approved). ``thai`` chooses Thai digits; None means
  ``assessment.use_thai_digits``. None when there is no (approved) plan.
- ``latest_approved_plan(assessment, *, thai=None) -> PlanReport | None``: the same as
  ``plan_for_report(..., approved_only=True)``.
- ``plan_raw(plan) -> dict``: the plan's content as JSON-ready data (the approval snapshot).
- ``report_from_raw(raw, *, thai) -> PlanReport``: dataclasses from such data.
- ``plan_transitions(plan) -> list[TransitionRow]``: the workflow history, oldest first.
- ``follow_up_summary(plan, *, today) -> FollowUpSummary``: items by status, overdue items
  (end month passed and not done or cancelled) and the budget planned, for a given "today".
- ``schedule_view(start_month, start_year, end_month, end_year, text, *, plan_year, thai)
  -> ScheduleView``: a schedule in Thai, e.g. "ตุลาคม ๒๕๖๒ – ธันวาคม ๒๕๖๒" and "ไตรมาส ๑".

PlanReport.groups is one PlanGroup per indicator (by indicator number), each with PlanRow
rows: assessment_issues, activities (ActivityRow: text, schedule, target, units as printed —
the lead unit first, "ทุกกลุ่ม/หน่วย" when every unit is named or the data says so — budget),
lines (one PlanLine per activity, equal neighbouring cells merged into a spanning Cell) and
the row's budget (the sum of its activities').
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from assessments.models import Assessment
from ita_portal.lib import thai as thai_lib

from .models import ActionPlan, PlanActivity, PlanItem, PlanTransition, ProgressReport

# ---------------------------------------------------------------------------------------------
# Schedules


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


# ---------------------------------------------------------------------------------------------
# The plan for the report

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


def baht(amount: Decimal | None, *, thai: bool) -> str:
    """'๒๐๐,๐๐๐ บาท' (satang shown only when there are some)."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return thai_lib.digits(f"{text} บาท", thai)


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


def user_display_name(user: Any) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.get_username()


def _plan_queryset():
    return ActionPlan.objects.select_related(
        "assessment__agency", "assessment__framework", "approved_by"
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=PlanItem.objects.select_related("indicator").prefetch_related(
                Prefetch(
                    "activities",
                    queryset=PlanActivity.objects.select_related("lead_unit")
                    .prefetch_related("units")
                    .order_by("order", "id"),
                ),
            ),
        )
    )


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


def plan_of(assessment: Assessment) -> ActionPlan | None:
    return _plan_queryset().filter(assessment=assessment).first()


def plan_for_report(
    assessment: Assessment, *, thai: bool | None = None, approved_only: bool = False
) -> PlanReport | None:
    """The assessment's plan as dataclasses (see the module docstring)."""
    use_thai = assessment.use_thai_digits if thai is None else thai
    plan = plan_of(assessment)
    if plan is None:
        return None
    if not approved_only or plan.status == ActionPlan.Status.APPROVED:
        return report_from_raw(plan_raw(plan), thai=use_thai)
    snapshot = (
        plan.transitions.filter(action=PlanTransition.Action.APPROVE, snapshot__isnull=False)
        .order_by("-at", "-id")
        .values_list("snapshot", flat=True)
        .first()
    )
    if snapshot is None:
        return None
    return report_from_raw(snapshot, thai=use_thai, approved=True)


def latest_approved_plan(assessment: Assessment, *, thai: bool | None = None) -> PlanReport | None:
    return plan_for_report(assessment, thai=thai, approved_only=True)


# ---------------------------------------------------------------------------------------------
# Workflow history


@dataclass(frozen=True)
class TransitionRow:
    action: str
    action_label: str
    from_label: str
    to_label: str
    actor: str
    at: dt.datetime
    comment: str
    plan_version: int
    has_snapshot: bool


def plan_transitions(plan: ActionPlan) -> list[TransitionRow]:
    labels = dict(ActionPlan.Status.choices)
    return [
        TransitionRow(
            action=t.action,
            action_label=t.get_action_display(),
            from_label=str(labels.get(t.from_status, t.from_status)),
            to_label=str(labels.get(t.to_status, t.to_status)),
            actor=user_display_name(t.actor),
            at=t.at,
            comment=t.comment,
            plan_version=t.plan_version,
            has_snapshot=t.snapshot is not None,
        )
        for t in plan.transitions.select_related("actor").order_by("at", "id")
    ]


def last_return_comment(plan: ActionPlan) -> str:
    """The comment of the latest return while the plan is back in draft because of it."""
    last = plan.transitions.order_by("-at", "-id").first()
    if last is None or last.action != PlanTransition.Action.RETURN:
        return ""
    return last.comment


# ---------------------------------------------------------------------------------------------
# Follow-up


@dataclass(frozen=True)
class FollowUpItem:
    item_id: int
    indicator_number: int
    label: str
    status: str
    status_label: str
    percent: int
    last_reported_on: dt.date | None
    due: dt.date | None
    overdue: bool
    budget: Decimal | None


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class FollowUpSummary:
    today: dt.date
    plan_year: int
    items: tuple[FollowUpItem, ...]
    by_status: tuple[StatusCount, ...]
    overdue: tuple[FollowUpItem, ...]
    budget_planned: Decimal


def _item_budget(activities: Sequence[PlanActivity]) -> Decimal | None:
    budgets = [a.budget for a in activities if a.budget is not None]
    return sum(budgets, Decimal(0)) if budgets else None


CLOSED_STATUSES = frozenset({ProgressReport.Status.DONE, ProgressReport.Status.CANCELLED})


def follow_up_summary(plan: ActionPlan, *, today: dt.date) -> FollowUpSummary:
    """Items by latest reported status; overdue = last month of its ranges passed and not closed.

    An item whose schedules are all free text ("ดำเนินการต่อเนื่อง") has no end month and so
    is never overdue.
    """
    items = (
        PlanItem.objects.filter(plan=plan)
        .select_related("indicator")
        .prefetch_related(
            "activities",
            Prefetch(
                "progress_reports", queryset=ProgressReport.objects.order_by("reported_on", "id")
            ),
        )
        .order_by("indicator__number", "order", "id")
    )
    plan_year = plan.plan_year
    rows: list[FollowUpItem] = []
    for item in items:
        reports = list(item.progress_reports.all())
        latest = reports[-1] if reports else None
        status = latest.status if latest else ProgressReport.Status.NOT_STARTED
        ends = [
            view.end
            for a in item.activities.all()
            if (
                view := schedule_view(
                    a.start_month,
                    a.start_year,
                    a.end_month,
                    a.end_year,
                    a.schedule_text,
                    plan_year=plan_year,
                    thai=False,
                )
            )
            is not None
            and view.end is not None
        ]
        due = max(ends) if ends else None
        activities = list(item.activities.all())
        issues = item.assessment_issue_list
        label = activities[0].text if activities else (issues[0] if issues else "-")
        rows.append(
            FollowUpItem(
                item_id=item.pk,
                indicator_number=item.indicator.number,
                label=label,
                status=status,
                status_label=str(ProgressReport.Status(status).label),
                percent=latest.percent if latest else 0,
                last_reported_on=latest.reported_on if latest else None,
                due=due,
                overdue=due is not None and today > due and status not in CLOSED_STATUSES,
                budget=_item_budget(activities),
            )
        )
    counts = {s: 0 for s in ProgressReport.Status.values}
    for row in rows:
        counts[row.status] += 1
    return FollowUpSummary(
        today=today,
        plan_year=plan_year,
        items=tuple(rows),
        by_status=tuple(
            StatusCount(status=value, label=str(label), count=counts[value])
            for value, label in ProgressReport.Status.choices
        ),
        overdue=tuple(r for r in rows if r.overdue),
        budget_planned=sum((r.budget for r in rows if r.budget is not None), Decimal(0)),
    )
