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
    # The budget belongs to the first activity and is printed once, in its own cell.
    first, second = budget_row.activities
    assert (first.budget_text, second.budget_text) == ("๒๐๐,๐๐๐ บาท", "")
    assert "๒๐๐,๐๐๐" not in first.text


def test_the_demo_plan_was_submitted_by_staff_and_approved_by_the_approver(seed_assessment, demo):
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    assert plan.status == ActionPlan.Status.APPROVED
    assert plan.submitted_by == demo.users["demo-staff"]
    assert plan.approved_by == demo.users["demo-approver"]
    assert list(plan.transitions.values_list("action", "actor__username")) == [
        ("submit", "demo-staff"),
        ("approve", "demo-approver"),
    ]


def _schedules(row) -> list[tuple[str, ...]]:
    return [a.schedule_lines for a in row.activities]


def test_each_activity_has_its_own_schedule_as_in_the_seed_with_the_year_typo_fixed(
    seed_assessment,
):
    groups = {g.indicator_number: g for g in selectors.plan_for_report(seed_assessment).groups}
    assert _schedules(groups[2].rows[0]) == [("ตุลาคม ๒๕๖๒ – ธันวาคม ๒๕๖๒", "(ไตรมาส ๑)")]
    assert _schedules(groups[2].rows[2]) == [("ดำเนินการต่อเนื่อง",)]
    assert _schedules(groups[7].rows[0]) == [("กรกฎาคม ๒๕๖๓", "(ไตรมาส ๔)")] * 3
    assert _schedules(groups[10].rows[0]) == [
        ("มิถุนายน ๒๕๖๓ – กรกฎาคม ๒๕๖๓", "(ไตรมาส ๓–๔)"),
        ("ทุกวันจันทร์ เวลา ๐๘.๑๕ - ๐๘.๓๐ น.",),
    ]
    # The seed prints "กรกฎาคม – กันยายน ๒๕๖๔" here, outside fiscal year ๒๕๖๓.
    assert _schedules(groups[10].rows[1])[0] == ("กรกฎาคม ๒๕๖๓ – กันยายน ๒๕๖๓", "(ไตรมาส ๔)")
    assert _schedules(groups[10].rows[2])[0][1] == "(ไตรมาส ๒–๔)"


def test_equal_neighbouring_cells_span_their_activities_and_different_ones_do_not(
    seed_assessment,
):
    groups = {g.indicator_number: g for g in selectors.plan_for_report(seed_assessment).groups}
    lines = groups[7].rows[0].lines
    assert [line.number for line in lines] == ["๑.", "๒.", "๓."]
    assert lines[0].issues.rowspan == 3 and lines[1].issues is None
    assert lines[0].schedule.rowspan == 3  # the same month for all three
    assert [line.target.rowspan for line in lines] == [1, 1, 1]  # one target each
    assert [line.units.lines for line in lines] == [
        ("กลุ่มอำนวยการ",),
        ("กลุ่มอำนวยการ", "กลุ่มกฎหมายและคดี"),
        ("กลุ่มอำนวยการ",),
    ]
    shared = groups[10].rows[1].lines  # three activities, two targets shared by them
    assert shared[0].target.rowspan == 3 and len(shared[0].target.lines) == 2


def test_arabic_digits_when_the_report_asks_for_them(seed_assessment):
    report = selectors.plan_for_report(seed_assessment, thai=False)
    assert _schedules(report.groups[0].rows[0])[0][0] == "ตุลาคม 2562 – ธันวาคม 2562"
    assert report.budget_total_text == "200,000 บาท"


def test_units_lead_first_and_all_units_read_as_the_data_says(seed_assessment):
    groups = {g.indicator_number: g for g in selectors.plan_for_report(seed_assessment).groups}
    assert groups[2].rows[2].activities[0].units == (
        "กลุ่มนโยบายและแผน",
        "กลุ่มบริหารงานการเงินและสินทรัพย์",
        "หน่วยตรวจสอบภายใน",
    )
    # The lead unit first, although it comes later in the agency's own order of units.
    assert groups[8].rows[0].activities[0].units[0] == "กลุ่มพัฒนาครูและบุคลากรทางการศึกษา"
    assert groups[10].rows[2].activities[0].units[0] == "กลุ่มนิเทศ ติดตามและประเมินผลการจัดการศึกษา"
    # "ทุกกลุ่ม/หน่วย" as the data says, not ten unit names.
    assert groups[10].rows[3].activities[0].units == ("กลุ่มอำนวยการ", "และทุกกลุ่ม/หน่วย")
    seeds = PlanActivity.objects.filter(item__plan__assessment=seed_assessment)
    for activity in seeds.select_related("lead_unit"):
        assert activity.lead_unit.agency_id == seed_assessment.agency_id
        assert all(u.agency_id == seed_assessment.agency_id for u in activity.units.all())


def test_every_rows_issues_are_the_indicators_own_issues(seed_assessment):
    issues = {
        s.indicator.number: set(s.assessment_issue_list) for s in seed_assessment.scores.all()
    }
    for item in PlanItem.objects.filter(plan__assessment=seed_assessment).select_related(
        "indicator"
    ):
        assert set(item.assessment_issue_list) <= issues[item.indicator.number]
    # The demo schools' plans take their issues from their own scores too.
    for item in PlanItem.objects.exclude(plan__assessment=seed_assessment).select_related(
        "indicator", "plan__assessment"
    ):
        own = item.plan.assessment.scores.get(indicator=item.indicator).assessment_issue_list
        assert item.assessment_issue_list and set(item.assessment_issue_list) <= set(own)
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
    # plan, items (+indicator), activities (+lead unit), their other units, the agency's unit count.
    with django_assert_num_queries(5):
        report = selectors.plan_for_report(seed_assessment)
    assert len(report.rows) == 15
