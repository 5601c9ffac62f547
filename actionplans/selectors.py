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
rows: assessment_issues, activities (each with its schedule), schedules (distinct schedule
texts in order), quarters_text, target, units (names), budget and budget_text.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from assessments.models import Assessment
from ita_portal.lib import thai as thai_lib

from .models import (
    ActionPlan,
    PlanActivity,
    PlanChange,
    PlanItem,
    PlanTransition,
    ProgressReport,
)

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


@dataclass(frozen=True)
class ActivityRow:
    text: str
    schedule: ScheduleView | None


@dataclass(frozen=True)
class PlanRow:
    item_id: int | None
    order: int
    assessment_issues: tuple[str, ...]
    activities: tuple[ActivityRow, ...]
    schedules: tuple[str, ...]
    quarters_text: str
    target: tuple[str, ...]
    units: tuple[str, ...]
    budget: Decimal | None
    budget_text: str
    # Every unit of the agency is responsible: shown as "ทุกกลุ่ม/หน่วย" after the first.
    all_units: bool = False

    @property
    def activity_texts(self) -> tuple[str, ...]:
        return tuple(a.text for a in self.activities)

    @property
    def schedule_text(self) -> str:
        return "\n".join(self.schedules)

    @property
    def units_text(self) -> str:
        if self.all_units and self.units:
            return f"{self.units[0]} และทุกกลุ่ม/หน่วย"
        return " และ ".join(self.units) if len(self.units) == 2 else ", ".join(self.units)


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


def baht(amount: Decimal | None, *, thai: bool) -> str:
    """'๒๐๐,๐๐๐ บาท' (satang shown only when there are some)."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return thai_lib.digits(f"{text} บาท", thai)


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
                Prefetch("activities", queryset=PlanActivity.objects.order_by("order", "id")),
                "units",
            ),
        )
    )


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
                    {
                        "text": a.text,
                        "start_month": a.start_month,
                        "start_year": a.start_year,
                        "end_month": a.end_month,
                        "end_year": a.end_year,
                        "schedule_text": a.schedule_text,
                    }
                    for a in sorted(item.activities.all(), key=lambda a: (a.order, a.pk or 0))
                ],
                "target": item.target_list,
                "units": [
                    u.name for u in sorted(item.units.all(), key=lambda u: (u.order, u.name))
                ],
                "budget": None if item.budget is None else str(item.budget),
                "all_units": unit_count > 1 and len(item.units.all()) == unit_count,
            }
            for item in items
        ],
    }


def _row_from_raw(item: dict[str, Any], *, plan_year: int, thai: bool) -> PlanRow:
    activities = tuple(
        ActivityRow(
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
        )
        for a in item["activities"]
    )
    schedules: list[str] = []
    quarters: list[int] = []
    for activity in activities:
        if activity.schedule is None:
            continue
        if activity.schedule.text not in schedules:
            schedules.append(activity.schedule.text)
        quarters.extend(activity.schedule.quarters)
    budget = None if item["budget"] is None else Decimal(item["budget"])
    return PlanRow(
        item_id=item.get("item_id"),
        order=item["order"],
        assessment_issues=tuple(item["assessment_issues"]),
        activities=activities,
        schedules=tuple(schedules),
        quarters_text=quarters_label(quarters, thai=thai),
        target=tuple(item["target"]),
        units=tuple(item["units"]),
        budget=budget,
        budget_text=baht(budget, thai=thai),
        all_units=bool(item.get("all_units")),
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
                budget=item.budget,
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


def plan_version_editors(plan: ActionPlan) -> list[str]:
    """Names of the users who really changed the plan's content in its current version."""
    seen: dict[int, str] = {}
    for change in (
        PlanChange.objects.filter(plan=plan, plan_version=plan.version, user__isnull=False)
        .select_related("user")
        .order_by("at", "id")
    ):
        user: Any = change.user
        full = f"{user.first_name} {user.last_name}".strip()
        seen.setdefault(user.pk, full or user.get_username())
    return list(seen.values())
