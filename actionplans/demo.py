"""The seed's action plan for ๒๕๖๓ (indicators 2, 7, 8, 10), submitted and approved through the workflow,
and the plans of the seed's synthetic schools at their stage (submitted, or approved).

The rows are data (fixtures/demo/pathumthani-2-actionplan.json); assessment issues are given by
their position in the indicator's issue list of the assessment, so their text is entered once.
Idempotent: an approved plan whose content already matches the fixture is left alone.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings

from assessments.demo import STAGE_PLAN_SUBMITTED, STAGE_PUBLISHED, DemoContext

from . import services
from .models import ActionPlan
from .selectors import plan_of
from .snapshots import plan_raw

PLAN_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2-actionplan.json"


def read_plan(path: Path = PLAN_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _months(activity: dict[str, Any]) -> dict[str, int]:
    if "months" not in activity:
        return {}
    keys = ("start_month", "start_year", "end_month", "end_year")
    return dict(zip(keys, activity["months"], strict=True))


def _activity_spec(activity: dict[str, Any]) -> services.ActivitySpec:
    return services.ActivitySpec(
        text=activity["text"],
        **_months(activity),
        schedule_text=activity.get("schedule", ""),
        target=activity.get("target", []),
        unit_names=activity.get("units", []),
        all_units=bool(activity.get("all_units")),
        budget=Decimal(activity["budget"]) if activity.get("budget") else None,
    )


def _specs(data: dict[str, Any], assessment: Any) -> list[services.ItemSpec]:
    issues = {
        s.indicator.number: s.assessment_issue_list
        for s in assessment.scores.select_related("indicator")
    }
    return [
        services.ItemSpec(
            indicator_number=row["indicator"],
            assessment_issues=[
                issues[row["indicator"]][ref - 1] if isinstance(ref, int) else ref
                for ref in row["issues"]
            ],
            activities=[_activity_spec(a) for a in row["activities"]],
        )
        for row in data["items"]
    ]


def _content(raw: dict[str, Any]) -> list[Any]:
    """What must match for the demo plan to count as already loaded."""
    return [
        (
            i["indicator_number"],
            i["assessment_issues"],
            [
                (
                    a["text"],
                    a["start_month"],
                    a["start_year"],
                    a["end_month"],
                    a["end_year"],
                    a["schedule_text"],
                    a["target"],
                    a["units"],
                    a["all_units"],
                    None if a["budget"] is None else Decimal(a["budget"]),
                )
                for a in i["activities"]
            ],
        )
        for i in raw["items"]
    ]


def _expected(specs: list[services.ItemSpec]) -> list[Any]:
    return [
        (
            s.indicator_number,
            list(s.assessment_issues),
            [
                (
                    a.text,
                    a.start_month,
                    a.start_year,
                    a.end_month,
                    a.end_year,
                    a.schedule_text,
                    list(a.target),
                    list(a.unit_names),
                    a.all_units,
                    a.budget,
                )
                for a in s.activities
            ],
        )
        for s in specs
    ]


def load(context: DemoContext) -> None:
    data = read_plan()
    assessment = context.assessments[data["agency"]]
    staff = context.users[data["submitted_by"]]
    approver = context.users[data["approved_by"]]
    specs = _specs(data, assessment)

    plan = plan_of(assessment)
    if (
        plan is not None
        and plan.status == ActionPlan.Status.APPROVED
        and plan.approved_by_id == approver.pk
        and plan.title == data["title"]
        and _content(plan_raw(plan)) == _expected(specs)
    ):
        return
    if plan is not None:
        # Anything else (an edited or half-loaded demo plan) is rebuilt from the fixture.
        plan.delete()
    _build(assessment, data, specs, staff, approver)
    _school_plans(context)


def _build(
    assessment: Any, data: dict[str, Any], specs: list[Any], staff: Any, approver: Any | None
) -> None:
    """Create the plan through the workflow: submitted, then approved when an approver is given."""
    plan = services.actionplan_create(
        assessment=assessment,
        user=staff,
        title=data["title"],
        introduction=data["introduction"],
    )
    for order, spec in enumerate(specs, start=1):
        spec.order = order
        services.actionplan_item_add(plan=plan, user=staff, spec=spec)
    # The demo users' addresses are example.invalid: no mail for the demo's own workflow.
    plan = services.actionplan_submit(plan=plan, user=staff, notify=False)
    if approver is not None:
        services.actionplan_approve(plan=plan, user=approver, notify=False)


SCHOOL_PLAN_STATUS = {
    STAGE_PLAN_SUBMITTED: ActionPlan.Status.SUBMITTED,
    STAGE_PUBLISHED: ActionPlan.Status.APPROVED,
}


def _school_plans(context: DemoContext) -> None:
    """A submitted plan for the school at that stage, an approved one for the published school;
    a plan already at its status is kept (load_demo twice gives the same)."""
    data = context.data.get("schools")
    if not data:
        return
    staff = context.users["demo-school-staff"]
    approver = context.users["demo-school-approver"]
    for code, stage in context.schools.items():
        status = SCHOOL_PLAN_STATUS.get(stage)
        if status is None:
            continue
        assessment = context.assessments[code]
        plan = plan_of(assessment)
        if plan is not None and plan.status == status and plan.title == data["plan"]["title"]:
            continue
        if plan is not None:
            plan.delete()
        specs = _specs(data["plan"], assessment)
        _build(
            assessment, data["plan"], specs, staff, approver if stage == STAGE_PUBLISHED else None
        )
