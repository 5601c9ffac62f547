"""load_demo gives the seed's whole plan for ๒๕๖๓, submitted by demo-staff and approved by demo-approver."""

from __future__ import annotations

from decimal import Decimal

from actionplans import selectors
from actionplans.models import ActionPlan, PlanActivity, PlanItem, PlanTransition


def test_the_demo_plan_has_every_row_of_indicators_2_7_8_10(seed_assessment):
    report = selectors.plan_for_report(seed_assessment)
    assert [(g.indicator_number, len(g.rows)) for g in report.groups] == [
        (2, 5),
        (7, 1),
        (8, 5),
        (10, 4),
    ]
    assert sum(len(r.activities) for r in report.rows) == 22
    assert report.budget_total == Decimal("200000")
    assert report.budget_total_text == "๒๐๐,๐๐๐ บาท"
    budget_row = report.groups[3].rows[2]
    assert budget_row.budget_text == "๒๐๐,๐๐๐ บาท"
    assert "๒๐๐,๐๐๐ บาท" in budget_row.activities[0].text


def test_the_demo_plan_was_submitted_by_staff_and_approved_by_the_approver(seed_assessment, demo):
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.submitted_by == demo.users["demo-staff"]
    assert plan.approved_by == demo.users["demo-approver"]
    assert list(plan.transitions.values_list("action", "actor__username")) == [
        ("submit", "demo-staff"),
        ("approve", "demo-approver"),
    ]


def test_schedules_read_as_in_the_seed_with_the_year_typo_fixed(seed_assessment):
    groups = {g.indicator_number: g for g in selectors.plan_for_report(seed_assessment).groups}
    assert groups[2].rows[0].schedules == ("ตุลาคม ๒๕๖๒ – ธันวาคม ๒๕๖๒",)
    assert groups[2].rows[0].quarters_text == "ไตรมาส ๑"
    assert groups[2].rows[2].schedules == ("ดำเนินการต่อเนื่อง",)
    assert groups[7].rows[0].schedules == ("กรกฎาคม ๒๕๖๓",)
    assert groups[10].rows[0].schedules == (
        "มิถุนายน ๒๕๖๓ – กรกฎาคม ๒๕๖๓",
        "ทุกวันจันทร์ เวลา ๐๘.๑๕ - ๐๘.๓๐ น.",
    )
    # The seed prints "กรกฎาคม – กันยายน ๒๕๖๔" here, outside fiscal year ๒๕๖๓.
    assert groups[10].rows[1].schedules == ("กรกฎาคม ๒๕๖๓ – กันยายน ๒๕๖๓",)
    assert groups[10].rows[2].quarters_text == "ไตรมาส ๒–๔"


def test_arabic_digits_when_the_report_asks_for_them(seed_assessment):
    report = selectors.plan_for_report(seed_assessment, thai=False)
    assert report.groups[0].rows[0].schedules == ("ตุลาคม 2562 – ธันวาคม 2562",)
    assert report.budget_total_text == "200,000 บาท"


def test_units_are_the_agencys_own_and_all_units_read_as_in_the_seed(seed_assessment):
    groups = {g.indicator_number: g for g in selectors.plan_for_report(seed_assessment).groups}
    assert set(groups[2].rows[2].units) == {
        "กลุ่มนโยบายและแผน",
        "กลุ่มบริหารงานการเงินและสินทรัพย์",
        "หน่วยตรวจสอบภายใน",
    }
    assert groups[10].rows[3].units_text == "กลุ่มอำนวยการ และทุกกลุ่ม/หน่วย"
    for item in PlanItem.objects.all():
        assert all(u.agency_id == seed_assessment.agency_id for u in item.units.all())
        assert item.units.exists()


def test_every_rows_issues_are_the_indicators_own_issues(seed_assessment):
    issues = {
        s.indicator.number: set(s.assessment_issue_list) for s in seed_assessment.scores.all()
    }
    for item in PlanItem.objects.select_related("indicator"):
        assert set(item.assessment_issue_list) <= issues[item.indicator.number]
    ten = [r.assessment_issues for r in selectors.plan_for_report(seed_assessment).groups[3].rows]
    assert sum(len(i) for i in ten) == 10


def test_load_demo_twice_gives_the_same_data(load_demo_command, demo, seed_assessment):
    before = (
        PlanItem.objects.count(),
        PlanActivity.objects.count(),
        PlanTransition.objects.count(),
        selectors.plan_for_report(seed_assessment),
    )
    load_demo_command()
    load_demo_command()
    after = (
        PlanItem.objects.count(),
        PlanActivity.objects.count(),
        PlanTransition.objects.count(),
        selectors.plan_for_report(seed_assessment),
    )
    assert before == after


def test_the_plan_for_the_report_takes_a_fixed_number_of_queries(
    seed_assessment, django_assert_num_queries
):
    # plan, items (+indicator), activities, units, the agency's unit count.
    with django_assert_num_queries(5):
        report = selectors.plan_for_report(seed_assessment)
    assert len(report.rows) == 15
