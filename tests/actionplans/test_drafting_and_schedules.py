"""Drafting a plan from an assessment in one action, and schedules kept inside the plan's year."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actionplans import services
from actionplans.models import (
    ERROR_MONTH_RANGE_OUTSIDE_YEAR,
    ActionPlan,
    PlanActivity,
    check_month_range_in_year,
)


@pytest.fixture
def no_plan(approved_plan):
    approved_plan.delete()


def test_staff_draft_a_plan_with_one_group_per_weakness(staff_client, no_plan, seed_assessment):
    response = staff_client.post(reverse("actionplans:draft"), {"assessment": seed_assessment.pk})
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:actionplans_actionplan_change", args=[plan.pk])
    assert plan.status == ActionPlan.Status.DRAFT
    items = list(plan.items.select_related("indicator").order_by("indicator__number"))
    assert [i.indicator.number for i in items] == [2, 7, 8, 10]
    scores = {s.indicator.number: s for s in seed_assessment.scores.all()}
    for item in items:
        score = scores[item.indicator.number]
        assert item.assessment_issue_list == score.assessment_issue_list
        assert [a.text for a in item.activities.all()] == score.development_issue_list


def test_drafting_twice_is_refused_with_a_message(staff_client, seed_assessment, approved_plan):
    response = staff_client.post(
        reverse("actionplans:draft"), {"assessment": seed_assessment.pk}, follow=True
    )
    assert services.ERROR_PLAN_EXISTS in response.content.decode()
    assert ActionPlan.objects.filter(assessment=seed_assessment).count() == 1


def test_draft_takes_only_post_and_a_real_assessment(staff_client, no_plan):
    assert staff_client.get(reverse("actionplans:draft")).status_code == 405
    assert staff_client.post(reverse("actionplans:draft"), {"assessment": "x"}).status_code == 404


def test_a_drafted_plan_cannot_be_submitted_until_schedules_and_units_are_set(
    staff_client, no_plan, seed_assessment, demo
):
    plan = services.actionplan_draft_from_assessment(
        assessment=seed_assessment, user=demo.users["demo-staff"]
    )
    response = staff_client.post(reverse("actionplans:submit", args=[plan.pk]), follow=True)
    assert services.PROBLEM_NO_SCHEDULE in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_a_month_range_outside_the_plan_year_is_refused_naming_the_bounds():
    with pytest.raises(ValidationError) as caught:
        check_month_range_in_year(2563, 7, 2564, 9, 2564)
    message = caught.value.messages[0]
    assert message == ERROR_MONTH_RANGE_OUTSIDE_YEAR.format(
        range="กรกฎาคม ๒๕๖๔ – กันยายน ๒๕๖๔",
        year="๒๕๖๓",
        start="๑ ตุลาคม ๒๕๖๒",
        end="๓๐ กันยายน ๒๕๖๓",
    )


def test_the_seeds_typo_is_refused_when_entered_in_the_admin(staff_client, demo, approved_plan):
    from actionplans.services import actionplan_reopen

    from .formdata import admin_form_data, row_prefix

    plan = actionplan_reopen(plan=approved_plan, user=demo.users["demo-approver"], comment="แก้")
    item = plan.items.filter(indicator__number=10).order_by("order")[1]
    count = item.activities.count()
    url = reverse("admin:actionplans_actionplan_change", args=[plan.pk])
    data = admin_form_data(staff_client.get(url).content.decode(), "actionplan_form")
    row = row_prefix(data, item)
    for n in range(count):
        data[f"{row}-activities-{n}-start_month"] = ["7"]
        data[f"{row}-activities-{n}-start_year"] = ["๒๕๖๔"]  # Thai digits are accepted as input
        data[f"{row}-activities-{n}-end_month"] = ["9"]
        data[f"{row}-activities-{n}-end_year"] = ["2564"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "อยู่นอกปีงบประมาณ พ.ศ. ๒๕๖๓" in response.content.decode()
    assert "๓๐ กันยายน ๒๕๖๓" in response.content.decode()
    assert not PlanActivity.objects.filter(start_year=2564).exists()
    # The same page with the year corrected is saved, and the plan remembers who edited it.
    for n in range(count):
        data[f"{row}-activities-{n}-start_year"] = data[f"{row}-activities-{n}-end_year"] = ["2563"]
    response = staff_client.post(url, data)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.last_edited_by == demo.users["demo-staff"]
    assert item.activities.filter(start_month=7, end_year=2563).count() == count


def test_an_incomplete_or_reversed_range_is_refused(approved_plan):
    item = approved_plan.items.first()
    with pytest.raises(ValidationError):
        PlanActivity(item=item, text="x", start_month=10, start_year=2562).full_clean()
    with pytest.raises(ValidationError):
        PlanActivity(
            item=item, text="x", start_month=12, start_year=2562, end_month=10, end_year=2562
        ).full_clean()


def test_services_refuse_to_change_an_approved_plan(approved_plan, demo):
    with pytest.raises(ValidationError):
        services.actionplan_update(plan=approved_plan, user=demo.users["demo-staff"], title="x")
    with pytest.raises(ValidationError):
        services.actionplan_item_add(
            plan=approved_plan,
            user=demo.users["demo-staff"],
            spec=services.ItemSpec(indicator_number=2),
        )
