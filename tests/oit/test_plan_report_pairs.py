"""Plan/report pairs and dated evidence in the OIT workspace: the seed agency's NACC ๒๕๖๙
assessment, where O13/O14 (HR plan and report), O21/O22 (risk) and O23/O24 (anti-corruption
plan) are pairs by role, and each item's date is checked against its rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessments.services import assessment_create
from indicators.models import ROLE_PAIRS, ItemRole, partner_role
from indicators.selectors import framework_for
from ita_portal.lib.forms import ERROR_DATE_INVALID
from oit import services
from oit.dating import evidence_date_warnings
from oit.models import Evidence, EvidenceLink
from oit.selectors import PARTNER_NO_EVIDENCE, EvidenceRow, evidence_table, pair_partners
from tests.oit.test_access import evidence_post

pytestmark = pytest.mark.django_db

HR_PLAN_TITLE = "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล"
HR_REPORT_TITLE = "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล"


@pytest.fixture
def assessment_2569(seed_agency, staff_user):
    assessment = assessment_create(agency=seed_agency, framework=framework_for("nacc", 2569))
    services.evidence_ensure_rows(user=staff_user, assessment=assessment)
    return assessment


def evidence_of(assessment, role: str) -> Evidence:
    return assessment.oit_evidence.select_related("item", "assessment__framework").get(
        item__role=role
    )


def rows_by_role(assessment) -> dict[str, EvidenceRow]:
    return {row.role: row for row in evidence_table(assessment) if row.role}


def overview(assessment) -> str:
    return reverse("admin:oit_evidence_overview", args=[assessment.pk])


# --- the vocabulary -------------------------------------------------------------------------


@pytest.mark.parametrize(("plan", "report"), list(ROLE_PAIRS.items()))
def test_each_half_of_a_pair_names_the_other(plan, report):
    assert partner_role(plan) == report
    assert partner_role(report) == plan


@pytest.mark.parametrize(
    "role", [ItemRole.NONE, ItemRole.ANALYSIS, ItemRole.FOLLOW_UP, ItemRole.COMPLAINT_STATISTICS]
)
def test_roles_outside_the_pairs_have_no_partner(role):
    assert partner_role(role) == ""


def test_the_pairs_are_plan_and_report_of_the_four_kinds():
    assert ROLE_PAIRS == {
        "plan": "plan_report",
        "risk_assessment": "risk_report",
        "procurement_plan": "procurement_summary",
        "hr_plan": "hr_report",
    }


# --- the selector -----------------------------------------------------------------------------


def test_the_hr_plan_and_report_of_2569_show_each_other_without_evidence(assessment_2569):
    rows = rows_by_role(assessment_2569)
    [plan_partner] = rows["hr_plan"].partners
    [report_partner] = rows["hr_report"].partners
    assert (plan_partner.code, plan_partner.name, plan_partner.state) == (
        rows["hr_report"].code,
        HR_REPORT_TITLE,
        PARTNER_NO_EVIDENCE,
    )
    assert (report_partner.code, report_partner.name) == (rows["hr_plan"].code, HR_PLAN_TITLE)


def test_a_partner_with_a_link_shows_its_state_and_date(assessment_2569, staff_user):
    report = evidence_of(assessment_2569, "hr_report")
    services.evidence_link_save(
        user=staff_user, link=EvidenceLink(evidence=report, url="https://example.go.th/hr")
    )
    services.evidence_update(
        user=staff_user,
        evidence=report,
        state=Evidence.State.READY,
        document_date=dt.date(2025, 9, 30),
    )
    [partner] = rows_by_role(assessment_2569)["hr_plan"].partners
    assert partner.state == "พร้อมส่ง"
    assert partner.document_date_label == "๓๐ กันยายน ๒๕๖๘"


def test_every_pair_of_2569_is_found_and_lone_roles_get_none(assessment_2569):
    rows = rows_by_role(assessment_2569)
    paired = {role for role, row in rows.items() if row.partners}
    assert paired == {
        "hr_plan",
        "hr_report",
        "risk_assessment",
        "risk_report",
        "plan",
        "plan_report",
    }
    # The procurement summary has no procurement plan in ๒๕๖๙: no half-pair is shown.
    assert rows["procurement_summary"].partners == ()


def row(item_id: int, code: str, role: str) -> EvidenceRow:
    return EvidenceRow(
        item_id=item_id,
        code=code,
        name=f"ข้อ {code}",
        role=role,
        indicator_number=9,
        sub_indicator_code="9.1",
        sub_indicator_name="",
        evidence_id=None,
        state="not_started",
        state_label="ยังไม่เริ่ม",
        unit="",
        responsible_person="",
        due_date=None,
        links=(),
        files=0,
        public=False,
        preliminary_result="",
        final_result="",
    )


def test_a_role_held_twice_gives_both_holders_as_partners():
    rows = [row(1, "A", "plan"), row(2, "B", "plan_report"), row(3, "C", "plan_report")]
    found = pair_partners(rows)
    assert [p.code for p in found[1]] == ["B", "C"]
    assert [p.code for p in found[2]] == ["A"] == [p.code for p in found[3]]


# --- dated evidence on real rows ---------------------------------------------------------------


def test_the_hr_plan_of_2569_dated_in_2568_warns_and_the_report_does_not(
    assessment_2569, staff_user
):
    plan = evidence_of(assessment_2569, "hr_plan")
    report = evidence_of(assessment_2569, "hr_report")
    for evidence in (plan, report):
        services.evidence_update(
            user=staff_user, evidence=evidence, document_date=dt.date(2025, 9, 30)
        )
    assert len(evidence_date_warnings(plan)) == 1
    assert evidence_date_warnings(report) == []
    rows = rows_by_role(assessment_2569)
    assert rows["hr_plan"].date_warnings == tuple(evidence_date_warnings(plan))
    assert rows["hr_report"].date_warnings == ()


# --- the workspace page -------------------------------------------------------------------------


def test_the_workspace_shows_the_pair_and_the_date_warning(
    staff_client, assessment_2569, staff_user
):
    plan = evidence_of(assessment_2569, "hr_plan")
    services.evidence_update(user=staff_user, evidence=plan, document_date=dt.date(2025, 9, 30))
    [warning] = evidence_date_warnings(plan)
    response = staff_client.get(overview(assessment_2569))
    assert response.status_code == 200
    body = response.content.decode()
    report_code = evidence_of(assessment_2569, "hr_report").item.code
    assert f"คู่กับ {report_code} {HR_REPORT_TITLE}: {PARTNER_NO_EVIDENCE}" in body
    assert f"คู่กับ {plan.item.code} {HR_PLAN_TITLE}: {PARTNER_NO_EVIDENCE}" in body
    assert warning in body
    assert "วันที่ของเอกสาร ๓๐ กันยายน ๒๕๖๘" in body


def test_another_agencys_staff_get_404_for_the_workspace(outsider_client, assessment_2569):
    assert outsider_client.get(overview(assessment_2569)).status_code == 404


def test_the_evidence_form_saves_a_thai_date_and_warns_after_saving(staff_client, assessment_2569):
    plan = evidence_of(assessment_2569, "hr_plan")
    url = reverse("admin:oit_evidence_change", args=[plan.pk])
    response = staff_client.post(
        url, evidence_post(plan, document_date="๓๐/๐๙/๒๕๖๘", _continue="1"), follow=True
    )
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.document_date == dt.date(2025, 9, 30)  # saved all the same: a warning only
    [warning] = evidence_date_warnings(plan)
    messages = [str(m) for m in response.context["messages"]]
    assert f"{plan.item.code}: {warning}" in messages
    assert warning in response.content.decode()  # and on the form itself


def test_the_evidence_form_refuses_a_bad_date_in_thai_and_keeps_the_rest(
    staff_client, assessment_2569
):
    plan = evidence_of(assessment_2569, "hr_plan")
    url = reverse("admin:oit_evidence_change", args=[plan.pk])
    response = staff_client.post(
        url, evidence_post(plan, document_date="31/02/2569", responsible_person="คุณสมใจ")
    )
    assert response.status_code == 200
    assert ERROR_DATE_INVALID in response.content.decode()
    assert "คุณสมใจ" in response.content.decode()
    plan.refresh_from_db()
    assert plan.document_date is None


# --- the year's steps (reports/workspace.py) ------------------------------------------------------


def oit_step_detail(assessment) -> str:
    from reports import workspace as ws

    space = ws.workspace(
        assessment, viewer=ws.Viewer(can_edit=True, can_approve=False), today=dt.date(2026, 1, 5)
    )
    return next(step for step in space.steps if step.key == "oit").detail


def test_the_years_oit_step_names_items_dated_outside_their_period_not_undated_ones(
    assessment_2569, staff_user
):
    from reports.workspace import DETAIL_DATED_OUTSIDE

    plan = evidence_of(assessment_2569, "hr_plan")
    report = evidence_of(assessment_2569, "hr_report")
    assert "อยู่นอกช่วงเวลา" not in oit_step_detail(assessment_2569)  # no date yet: reminders only
    services.evidence_update(user=staff_user, evidence=report, document_date=dt.date(2025, 9, 30))
    assert "อยู่นอกช่วงเวลา" not in oit_step_detail(assessment_2569)  # last year's: fits
    services.evidence_update(user=staff_user, evidence=plan, document_date=dt.date(2025, 9, 30))
    assert oit_step_detail(assessment_2569).endswith(DETAIL_DATED_OUTSIDE.format(count=1))
