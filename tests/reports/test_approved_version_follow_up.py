"""A reopened plan keeps its approved version in the follow-up: the public ITA page, the follow-up
report and the publishing warning read the approved version's snapshot, never the draft (issue 21)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan, PlanTransition
from actionplans.selectors import plan_for_report
from reports import follow_up, publishing
from reports.publishing import WARNING_REVISION_PENDING

YEAR = 2563
DRAFT_TEXT = "กิจกรรมที่แก้ในฉบับร่างเท่านั้น"


@pytest.fixture
def reopened(demo, seed_assessment) -> ActionPlan:
    """The demo plan for ๒๕๖๓ with a progress report, reopened, its first activity rewritten."""
    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    item = plan.items.order_by("indicator__number", "order", "id").first()
    services.progress_report_add(
        item=item, user=staff, reported_on=dt.date(2019, 12, 20), status="done", percent=100
    )
    plan = services.actionplan_reopen(plan=plan, user=approver, comment="ปรับกิจกรรม")
    activity = item.activities.order_by("order", "id").first()
    activity.text = DRAFT_TEXT
    activity.save()
    return plan


def ita_url() -> str:
    return reverse("reports:ita_json", args=["pathumthani-2", YEAR])


def test_the_public_follow_up_stays_after_a_reopen_with_the_approved_rows(
    anonymous_client, reopened
):
    response = anonymous_client.get(ita_url())
    assert response.status_code == 200
    data = response.json()["follow_up"]
    assert data is not None and data["plan_year"] == YEAR and len(data["items"]) == 15
    texts = [text for item in data["items"] for text in item["activities"]]
    assert DRAFT_TEXT not in texts and len(texts) == 22
    # The kept row still carries its progress, reported before the reopening.
    assert [item["status"] for item in data["items"]].count("done") >= 1


def test_the_public_follow_up_of_a_plan_never_approved_is_absent(anonymous_client, reopened):
    reopened.transitions.filter(action=PlanTransition.Action.APPROVE).delete()
    response = anonymous_client.get(ita_url())
    assert response.status_code == 200 and response.json()["follow_up"] is None


def test_the_follow_up_report_after_a_reopen_prints_the_approved_rows(reopened, seed_assessment):
    report = follow_up.follow_up_report(
        follow_up.approved_plan(seed_assessment), today=dt.date(2020, 4, 1)
    )
    activities = [text for row in report.rows for text in row.activities]
    assert len(report.rows) == 15 and DRAFT_TEXT not in activities
    assert ("ดำเนินการแล้วเสร็จ", "๑") in report.status_counts


def test_the_follow_up_pdf_is_offered_after_a_reopen(
    staff_client, reopened, seed_assessment, fast_pdf, monkeypatch
):
    from tests.reports.conftest import fake_pdf

    monkeypatch.setattr("reports.follow_up.render_pdf", fake_pdf)
    url = reverse("reports:follow_up_pdf", args=[seed_assessment.pk])
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_revision_warning_names_the_approved_version(reopened, demo, seed_assessment):
    plan = services.actionplan_submit(plan=reopened, user=demo.users["demo-staff"])
    assert plan.version == 2
    current = plan_for_report(seed_assessment)
    warning = publishing.revision_pending_warning(seed_assessment, current)
    assert warning == WARNING_REVISION_PENDING.format(status="รออนุมัติ", version=1)
