"""A plan's content as JSON-ready data (what an approval keeps) and the report's rows from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ita_portal.lib import thai as thai_lib
from ita_portal.lib.thai import baht

from .models import ActionPlan
from .schedule import ScheduleView, quarters_label, schedule_view


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


def user_display_name(user: Any) -> str:
    if user is None:
        return ""
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.get_username()


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
