"""Users of another agency (demo-other) learn nothing about the seed agency's plans, orders and meetings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actionplans.models import ActionPlan, ProgressReport
from committees.models import CommitteeOrder, Meeting


@pytest.fixture
def seed_objects(demo, seed_assessment):
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    item = plan.items.first()
    report = ProgressReport.objects.create(
        item=item, reported_on="2020-08-01", status="in_progress", percent=10
    )
    order = CommitteeOrder.objects.get(agency=seed_assessment.agency)
    meeting = Meeting.objects.get(agency=seed_assessment.agency)
    return plan, item, report, order, meeting


def test_every_page_of_the_seed_agency_is_404_for_an_outsider(outsider_client, seed_objects):
    plan, item, report, order, meeting = seed_objects
    pages = [
        reverse("actionplans:detail", args=[plan.pk]),
        reverse("admin:actionplans_actionplan_change", args=[plan.pk]),
        reverse("admin:actionplans_planitem_change", args=[item.pk]),
        reverse("admin:actionplans_progressreport_change", args=[report.pk]),
        reverse("admin:committees_committeeorder_change", args=[order.pk]),
        reverse("admin:committees_meeting_change", args=[meeting.pk]),
        reverse("committees:order", args=[order.pk]),
        reverse("committees:meeting", args=[meeting.pk]),
    ]
    for page in pages:
        assert outsider_client.get(page).status_code == 404, page


@pytest.mark.parametrize("name", ["submit", "approve", "return", "reopen"])
def test_every_workflow_action_on_the_seed_plan_is_404_for_an_outsider(
    outsider_client, seed_objects, name
):
    plan = seed_objects[0]
    response = outsider_client.post(
        reverse(f"actionplans:{name}", args=[plan.pk]), {"comment": "x"}
    )
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED


def test_drafting_from_the_seed_assessment_is_404_for_an_outsider(outsider_client, seed_assessment):
    response = outsider_client.post(
        reverse("actionplans:draft"), {"assessment": seed_assessment.pk}
    )
    assert response.status_code == 404


def test_outsider_lists_show_none_of_the_seed_agency(outsider_client, seed_objects):
    plan, _, _, order, meeting = seed_objects
    for name, text in [
        ("admin:actionplans_actionplan_changelist", str(plan)),
        ("admin:committees_committeeorder_changelist", "133/2563"),
        ("admin:committees_meeting_changelist", meeting.title),
    ]:
        response = outsider_client.get(reverse(name))
        assert response.status_code == 200
        assert text not in response.content.decode()


def test_the_seed_agency_staff_see_their_own_pages(staff_client, seed_objects):
    plan, item, report, order, meeting = seed_objects
    for page in [
        reverse("actionplans:detail", args=[plan.pk]),
        reverse("admin:actionplans_actionplan_change", args=[plan.pk]),
        reverse("admin:actionplans_progressreport_change", args=[report.pk]),
        reverse("admin:committees_committeeorder_change", args=[order.pk]),
        reverse("admin:committees_meeting_change", args=[meeting.pk]),
        reverse("committees:order", args=[order.pk]),
        reverse("committees:meeting", args=[meeting.pk]),
    ]:
        assert staff_client.get(page).status_code == 200, page


def test_anonymous_visitors_are_sent_to_login_from_order_and_meeting_pages(
    anonymous_client, seed_objects
):
    order, meeting = seed_objects[3], seed_objects[4]
    for page in [
        reverse("committees:order", args=[order.pk]),
        reverse("committees:meeting", args=[meeting.pk]),
    ]:
        response = anonymous_client.get(page)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_order_page_takes_only_get(staff_client, seed_objects):
    order = seed_objects[3]
    assert staff_client.post(reverse("committees:order", args=[order.pk])).status_code == 405
