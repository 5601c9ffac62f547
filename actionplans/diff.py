"""What the version under approval changes, for the approver: from the last approved version,
and from the version the approver last returned.

Both sides are plan_raw() data: the live plan and the snapshot its last approval (or return)
kept. Rows are
matched by their id (kept in every snapshot); a row's activities by their position in the row
(activities have no id in a snapshot), so an inserted activity shows as changes to the ones
after it and one added at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ita_portal.lib import thai as thai_lib
from ita_portal.lib.thai import baht

from .models import ActionPlan
from .schedule import schedule_view
from .selectors import ReturnedVersion, approved_snapshot, returned_version
from .snapshots import plan_raw, unit_lines

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
KIND_LABELS = {ADDED: "เพิ่มรายการ", REMOVED: "ลบรายการ", CHANGED: "แก้ไขรายการ"}

PLAN_FIELDS = {"title": "ชื่อแผน", "introduction": "ข้อความนำ"}
ITEM_FIELDS = {
    "indicator": "ตัวชี้วัด",
    "order": "ลำดับ",
    "issues": "ประเด็นการประเมิน",
}
ACTIVITY_FIELDS = {
    "text": "แผนงาน/กิจกรรม",
    "schedule": "ระยะเวลาดำเนินการ",
    "target": "เป้าหมาย/ผลที่คาดว่าจะได้รับ",
    "units": "ผู้รับผิดชอบ",
    "budget": "งบประมาณ",
}
NOTHING = "(ไม่มี)"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class PlanChangeRow:
    """One row of the difference: the plan itself, or a row of it added, removed or changed."""

    kind: str  # ADDED, REMOVED or CHANGED
    title: str  # "แผน" or "ตัวชี้วัดที่ ๒ รายการ: <its first issue>"
    fields: tuple[FieldChange, ...]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def plan_changes_since_approval(plan: ActionPlan) -> list[PlanChangeRow] | None:
    """The plan's changes since its last approved version; None when it was never approved."""
    snapshot = approved_snapshot(plan)
    if snapshot is None:
        return None
    return changes_between(snapshot, plan_raw(plan), thai=plan.assessment.use_thai_digits)


@dataclass(frozen=True)
class ReturnDiff:
    """What changed since the latest return: the return itself and the rows (None without a
    copy of the returned plan: a return recorded before returns kept one)."""

    returned: ReturnedVersion
    rows: list[PlanChangeRow] | None


def plan_changes_since_return(plan: ActionPlan) -> ReturnDiff | None:
    """The plan's changes since its current version was last returned; None if it was not."""
    returned = returned_version(plan)
    if returned is None:
        return None
    if returned.snapshot is None:
        return ReturnDiff(returned, None)
    thai = plan.assessment.use_thai_digits
    return ReturnDiff(returned, changes_between(returned.snapshot, plan_raw(plan), thai=thai))


def changes_between(old: dict[str, Any], new: dict[str, Any], *, thai: bool) -> list[PlanChangeRow]:
    """Plan-level changes first, then rows in the new plan's order, then the removed rows."""
    rows: list[PlanChangeRow] = []
    plan_fields = _compare(_plan_values(old), _plan_values(new), PLAN_FIELDS)
    if plan_fields:
        rows.append(PlanChangeRow(CHANGED, "แผน", plan_fields))
    old_items = {item.get("item_id"): item for item in old["items"]}
    new_ids = {item.get("item_id") for item in new["items"]}
    for item in new["items"]:
        before = old_items.get(item.get("item_id"))
        if before is None:
            rows.append(_whole_item(ADDED, item, new["plan_year"], thai))
            continue
        fields = _item_changes(before, item, old["plan_year"], new["plan_year"], thai)
        if fields:
            rows.append(PlanChangeRow(CHANGED, _item_title(item, thai), fields))
    rows.extend(
        _whole_item(REMOVED, item, old["plan_year"], thai)
        for item in old["items"]
        if item.get("item_id") not in new_ids
    )
    return rows


def _plan_values(raw: dict[str, Any]) -> dict[str, str]:
    return {"title": raw.get("title") or "", "introduction": raw.get("introduction") or ""}


def _compare(
    old: dict[str, str], new: dict[str, str], labels: dict[str, str], prefix: str = ""
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(f"{prefix}{label}", old[key] or NOTHING, new[key] or NOTHING)
        for key, label in labels.items()
        if old[key] != new[key]
    )


def _item_title(item: dict[str, Any], thai: bool) -> str:
    issues = item.get("assessment_issues") or []
    first = issues[0] if issues else "-"
    return thai_lib.digits(f"ตัวชี้วัดที่ {item['indicator_number']} รายการ: ", thai) + first


def _item_values(item: dict[str, Any], thai: bool) -> dict[str, str]:
    return {
        "indicator": thai_lib.digits(
            f"{item['indicator_number']} {item.get('indicator_name', '')}".strip(), thai
        ),
        "order": thai_lib.digits(item["order"], thai),
        "issues": "; ".join(item.get("assessment_issues") or []),
    }


def _activities(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The row's activities; snapshots older than per-activity targets carry them on the row."""
    if "target" not in item:
        return list(item["activities"])
    units = list(item.get("units") or [])
    return [
        {**a, "target": item.get("target") or [], "units": units, "all_units": False,
         "budget": item.get("budget") if position == 0 else None}
        for position, a in enumerate(item["activities"])
    ]  # fmt: skip


def _activity_values(activity: dict[str, Any], plan_year: int, thai: bool) -> dict[str, str]:
    schedule = schedule_view(
        activity.get("start_month"),
        activity.get("start_year"),
        activity.get("end_month"),
        activity.get("end_year"),
        activity.get("schedule_text") or "",
        plan_year=plan_year,
        thai=thai,
    )
    units = unit_lines(
        activity.get("units") or (),
        all_units=bool(activity.get("all_units")),
        covers_all=bool(activity.get("covers_all")),
    )
    budget = activity.get("budget")
    return {
        "text": activity.get("text") or "",
        "schedule": schedule.text if schedule else "",
        "target": "; ".join(activity.get("target") or []),
        "units": ", ".join(units),
        "budget": baht(None if budget is None else Decimal(budget), thai=thai),
    }


def _item_changes(
    old: dict[str, Any], new: dict[str, Any], old_year: int, new_year: int, thai: bool
) -> tuple[FieldChange, ...]:
    fields = list(_compare(_item_values(old, thai), _item_values(new, thai), ITEM_FIELDS))
    before, after = _activities(old), _activities(new)
    for index in range(max(len(before), len(after))):
        name = thai_lib.digits(f"กิจกรรมที่ {index + 1}", thai)
        if index >= len(before):
            fields.append(FieldChange(name, NOTHING, "เพิ่ม: " + after[index].get("text", "")))
        elif index >= len(after):
            fields.append(FieldChange(name, before[index].get("text", ""), "ลบ"))
        else:
            old_values = _activity_values(before[index], old_year, thai)
            new_values = _activity_values(after[index], new_year, thai)
            fields.extend(_compare(old_values, new_values, ACTIVITY_FIELDS, f"{name}: "))
    return tuple(fields)


def _whole_item(kind: str, item: dict[str, Any], plan_year: int, thai: bool) -> PlanChangeRow:
    """An added or removed row with its content, so the approver sees what came or went."""
    values = _item_values(item, thai)
    fields = [
        FieldChange(label, *_sides(kind, values[key]))
        for key, label in ITEM_FIELDS.items()
        if key != "order"
    ]
    for index, activity in enumerate(_activities(item)):
        text = _activity_values(activity, plan_year, thai)
        summary = " / ".join(v for v in text.values() if v)
        fields.append(
            FieldChange(thai_lib.digits(f"กิจกรรมที่ {index + 1}", thai), *_sides(kind, summary))
        )
    return PlanChangeRow(kind, _item_title(item, thai), tuple(fields))


def _sides(kind: str, value: str) -> tuple[str, str]:
    return (NOTHING, value or NOTHING) if kind == ADDED else (value or NOTHING, NOTHING)
