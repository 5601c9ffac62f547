"""Plans in each workflow state, made from the demo plan through the services."""

from __future__ import annotations

import pytest

from actionplans import services
from actionplans.models import ActionPlan


@pytest.fixture
def approved_plan(demo, seed_assessment) -> ActionPlan:
    return ActionPlan.objects.get(assessment=seed_assessment)


@pytest.fixture
def draft_plan(approved_plan, demo) -> ActionPlan:
    """The demo plan reopened by the approver, then edited by staff (so staff last edited it)."""
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = services.actionplan_reopen(plan=approved_plan, user=approver, comment="ปรับปรุงแผน")
    return services.actionplan_update(plan=plan, user=staff, title=plan.title)


@pytest.fixture
def submitted_plan(draft_plan, demo) -> ActionPlan:
    return services.actionplan_submit(plan=draft_plan, user=demo.users["demo-staff"])
