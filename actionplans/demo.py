"""The seed's action plan for ๒๕๖๓ (indicators 2, 7, 8, 10), submitted and approved through the workflow.

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

from assessments.demo import DemoContext

from . import services
from .models import ActionPlan
from .selectors import plan_of
from .snapshots import plan_raw

PLAN_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2-actionplan.json"


def read_plan(path: Path = PLAN_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _specs(data: dict[str, Any], assessment: Any) -> list[services.ItemSpec]:
    issues = {
        s.indicator.number: s.assessment_issue_list
        for s in assessment.scores.select_related("indicator")
    }
    all_units = [u.name for u in assessment.agency.units.order_by("order", "name")]
    specs = []
    for row in data["items"]:
        number = row["indicator"]
        specs.append(
            services.ItemSpec(
                indicator_number=number,
                assessment_issues=[
                    issues[number][ref - 1] if isinstance(ref, int) else ref
                    for ref in row["issues"]
                ],
                activities=[
                    services.ActivitySpec(
                        text=a["text"],
                        **(
                            dict(
                                zip(
                                    ("start_month", "start_year", "end_month", "end_year"),
                                    a["months"],
                                    strict=True,
                                )
                            )
                            if "months" in a
                            else {}
                        ),
                        schedule_text=a.get("schedule", ""),
                    )
                    for a in row["activities"]
                ],
                target=row["target"],
                unit_names=all_units if row["units"] == "all" else row["units"],
                budget=Decimal(row["budget"]) if row.get("budget") else None,
            )
        )
    return specs


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
                )
                for a in i["activities"]
            ],
            i["target"],
            sorted(i["units"]),
            None if i["budget"] is None else Decimal(i["budget"]),
        )
        for i in raw["items"]
    ]


def _expected(specs: list[services.ItemSpec]) -> list[Any]:
    return [
        (
            s.indicator_number,
            list(s.assessment_issues),
            [
                (a.text, a.start_month, a.start_year, a.end_month, a.end_year, a.schedule_text)
                for a in s.activities
            ],
            list(s.target),
            sorted(s.unit_names),
            s.budget,
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
    services.actionplan_approve(plan=plan, user=approver, notify=False)
