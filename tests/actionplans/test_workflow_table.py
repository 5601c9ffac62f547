"""The whole workflow table walked from the outside: each step by each role, in its own status
and in the others, with the status code and the plan's state afterwards.

The expectations are written out here by hand (not read from actionplans.workflow), so changing
a row of the table (a role, a status, a rule) fails a case below.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan, ReopenRequest
from assessments.models import Role
from assessments.services import membership_grant

ROLES = ("staff", "approver", "viewer", "outsider", "anonymous")
STATUSES = ("draft", "submitted", "approved")

# action: (the status it starts from, the status it leads to, the roles that may take it)
TABLE = {
    "submit": ("draft", "submitted", {"staff", "approver"}),
    "withdraw": ("submitted", "draft", {"staff"}),  # only the submitter (staff in the fixtures)
    "approve": ("submitted", "approved", {"approver"}),
    "return": ("submitted", "draft", {"approver"}),
    "reopen": ("approved", "draft", {"approver"}),
    "request_reopen": ("approved", "approved", {"staff", "approver"}),
    "decline_reopen": ("approved", "approved", {"approver"}),
}
# How a refusal looks from outside: another agency's plan does not exist for its staff.
REFUSED = {"staff": 403, "approver": 403, "viewer": 403, "outsider": 404}


@pytest.fixture
def clients(seed_agency, staff_client, approver_client, outsider_client) -> dict[str, Client]:
    viewer = get_user_model().objects.create_user("table-viewer", "viewer@example.invalid", "x")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    viewer_client = Client()
    viewer_client.force_login(viewer)
    return {
        "staff": staff_client,
        "approver": approver_client,
        "viewer": viewer_client,
        "outsider": outsider_client,
        "anonymous": Client(),
    }


def _plan(request, status: str, action: str, demo) -> ActionPlan:
    plan = request.getfixturevalue(f"{status}_plan")
    if action == "decline_reopen" and status == "approved":
        services.actionplan_request_reopen(
            plan=plan, user=demo.users["demo-staff"], reason="ต้องเพิ่มกิจกรรม"
        )
    return plan


def _state(plan: ActionPlan) -> tuple[str, int, list[str]]:
    plan.refresh_from_db()
    outcomes = list(ReopenRequest.objects.filter(plan=plan).values_list("outcome", flat=True))
    return plan.status, plan.transitions.count(), sorted(outcomes)


def _post(client: Client, action: str, plan: ActionPlan):
    url = reverse(f"actionplans:{action}", args=[plan.pk])
    return client.post(url, {"comment": "เหตุผลของการดำเนินการ"})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(TABLE))
def test_each_step_by_each_role_in_its_status(request, demo, clients, action, role):
    source, target, roles = TABLE[action]
    plan = _plan(request, source, action, demo)
    before = _state(plan)
    response = _post(clients[role], action, plan)
    status, transitions, requests = _state(plan)
    if role in roles:
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:actionplans_actionplan_change", args=[plan.pk]
        )
        assert status == target
        if source != target:
            last = plan.transitions.order_by("-id").first()
            assert (last.action, last.from_status, last.to_status) == (action, source, target)
        elif action == "request_reopen":
            assert requests == ["open"]
        else:
            assert requests == ["declined"]
        return
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == REFUSED[role]
    assert (status, transitions, requests) == before


@pytest.mark.parametrize(
    "action,status",
    [(a, s) for a in sorted(TABLE) for s in STATUSES if s != TABLE[a][0]],
)
def test_each_step_is_refused_in_the_other_statuses(request, demo, clients, action, status):
    plan = _plan(request, status, action, demo)
    before = _state(plan)
    role = sorted(TABLE[action][2])[-1]  # staff where staff may, else the approver
    response = _post(clients[role], action, plan)
    assert response.status_code in (302, 403)
    assert _state(plan) == before


def test_withdrawal_is_recorded_and_the_approver_emailed(
    staff_client, submitted_plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(staff_client, "withdraw", submitted_plan)
    assert response.status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.DRAFT
    last = submitted_plan.transitions.order_by("-id").first()
    assert (last.action, last.comment) == ("withdraw", "เหตุผลของการดำเนินการ")
    assert [m.to for m in mail.outbox] == [["demo-approver@example.invalid"]]
    assert "ถอน" in mail.outbox[0].subject


def test_the_submitter_sees_the_withdraw_button_and_the_approver_does_not(
    staff_client, approver_client, submitted_plan
):
    page = reverse("admin:actionplans_actionplan_change", args=[submitted_plan.pk])
    button = 'value="withdraw"'
    assert button in staff_client.get(page).content.decode()
    assert button not in approver_client.get(page).content.decode()


def test_a_withdrawn_plan_can_be_edited_and_submitted_again(staff_client, submitted_plan):
    _post(staff_client, "withdraw", submitted_plan)
    assert _post(staff_client, "submit", submitted_plan).status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == ActionPlan.Status.SUBMITTED
