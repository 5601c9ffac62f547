"""Two approvers acting at once produce exactly one transition (row lock in the service)."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections

from actionplans import services
from actionplans.models import ActionPlan, PlanTransition
from assessments.models import Role
from assessments.services import membership_grant

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_approvers_and_a_submitted_plan(transactional_db, demo, seed_assessment):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE)")
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    second = get_user_model().objects.create_user("approver-2", "a2@example.invalid")
    membership_grant(user=second, agency=seed_assessment.agency, role=Role.APPROVER)
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    plan = services.actionplan_reopen(plan=plan, user=approver, comment="ปรับปรุง")
    plan = services.actionplan_update(plan=plan, user=staff, title=plan.title)
    plan = services.actionplan_submit(plan=plan, user=staff)
    return plan, [approver, second]


def test_two_concurrent_approvals_leave_one_transition(two_approvers_and_a_submitted_plan):
    plan, approvers = two_approvers_and_a_submitted_plan
    start = threading.Barrier(len(approvers))
    outcomes: list[str] = []

    def approve(user) -> None:
        try:
            start.wait()
            services.actionplan_approve(plan=ActionPlan.objects.get(pk=plan.pk), user=user)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,)) for user in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["approved", "refused"]
    approvals = PlanTransition.objects.filter(
        plan=plan, action=PlanTransition.Action.APPROVE, plan_version=2
    )
    assert approvals.count() == 1
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.approved_by == approvals.get().actor


def test_three_concurrent_reopen_requests_leave_one_and_one_mail(
    transactional_db, demo, seed_assessment
):
    """Issue 24: requests at once must not each e-mail the approvers (the plan's row lock)."""
    from django.core import mail

    from actionplans.models import ReopenRequest

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE)")
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    staff = demo.users["demo-staff"]
    start = threading.Barrier(3)
    outcomes: list[str] = []

    def ask(number: int) -> None:
        try:
            start.wait()
            services.actionplan_request_reopen(plan=plan, user=staff, reason=f"ขอที่ {number}")
            outcomes.append("requested")
        except ValidationError as exc:
            outcomes.append(
                "refused" if exc.messages == [services.ERROR_REQUEST_ALREADY_OPEN] else str(exc)
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused", "refused", "requested"]
    assert ReopenRequest.objects.filter(plan=plan).count() == 1
    assert len([m for m in mail.outbox if "ขอเปิดแก้ไข" in m.subject]) == 1
