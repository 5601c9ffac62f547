"""Each tool's interpretation ("บ่งชี้ให้เห็นว่า…"): written by staff, drafted from the figures when empty."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, ToolAnalysis
from assessments.results.drafts import ToolFigures, thai_list, tool_interpretation_draft
from reports.report.builder import build_report, render_report_html
from reports.report.sections.tools import NOTE_POINTS, WARNING_DRAFT_INTERPRETATION

from .test_admin_access import _scores_post, change_url


def test_a_draft_names_the_grade_the_strengths_and_what_to_develop():
    draft = tool_interpretation_draft(
        ToolFigures(
            tool_name="แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal …: IIT)",
            grade_code="A",
            grade_label="ดีมาก",
            passed=True,
            strengths=["การปฏิบัติหน้าที่", "การใช้อำนาจ"],
            weaknesses=["การใช้งบประมาณ"],
        )
    )
    assert draft.startswith("บ่งชี้ให้เห็นว่า")
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน อยู่ในระดับ A (ดีมาก) ซึ่งผ่านเกณฑ์" in draft
    assert "Internal" not in draft
    assert "จุดแข็งในเรื่องการปฏิบัติหน้าที่ และการใช้อำนาจ" in draft
    assert "ควรให้ความสำคัญกับการพัฒนาในเรื่องการใช้งบประมาณ" in draft
    assert not any(c.isdigit() for c in draft)  # reads the same with either digit setting


def test_a_failing_tool_without_strengths_is_drafted_as_urgent():
    draft = tool_interpretation_draft(
        ToolFigures("OIT", "B", "ดี", False, strengths=[], weaknesses=["การเปิดเผยข้อมูล"])
    )
    assert "ยังไม่ผ่านเกณฑ์การประเมิน" in draft and "เร่งปรับปรุง" in draft
    assert "จุดแข็ง" not in draft and "โดยควรให้ความสำคัญ" in draft


def test_thai_lists_join_the_last_item_with_and():
    assert thai_list(["ก"]) == "ก"
    assert thai_list(["ก", "ข", "ค"]) == "ก ข และค"


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_the_demo_carries_the_seeds_own_interpretations(seed_assessment):
    report = build_report(seed_assessment)
    iit, eit, oit = report.tools
    assert iit.interpretation[0].startswith("บ่งชี้ให้เห็นว่าหน่วยงานมีแนวโน้มการดำเนินงาน")
    assert "มีการเรียกรับสินบน" in eit.interpretation[0]  # the seed's "มีกร" corrected
    assert "สาธารณชนได้รับทราบ" in oit.interpretation[0]
    assert iit.interpretation[-1].endswith("มีจุดแข็ง ๔ ตัวชี้วัด และจุดที่ต้องพัฒนา ๑ ตัวชี้วัด ดังนี้")
    assert not any(t.interpretation_is_draft for t in report.tools)
    assert not any("ร่างที่ระบบเขียน" in w for w in report.warnings)


@pytestmark_db
def test_an_empty_interpretation_prints_the_draft_and_warns_in_the_draft(seed_assessment):
    services.assessment_set_tool_interpretations(assessment=seed_assessment, texts={"EIT": ""})
    report = build_report(seed_assessment)
    eit = report.tools[1]
    assert eit.interpretation_is_draft
    assert eit.interpretation[0].startswith("บ่งชี้ให้เห็นว่าหน่วยงานมีผลการดำเนินงานตามแบบวัด")
    assert "ในเรื่องประสิทธิภาพการสื่อสาร และการปรับปรุงระบบการทำงาน" in eit.interpretation[0]
    assert WARNING_DRAFT_INTERPRETATION.format(tool="EIT") in report.warnings


@pytestmark_db
def test_the_iit_discrepancy_is_a_draft_warning_unless_the_agency_prints_a_note(seed_assessment):
    report = build_report(seed_assessment)
    iit = report.tools[0]
    assert "๒๗.๕๕" in iit.summary and "๒๗.๕๙" not in iit.summary and iit.note == ""
    assert any("27.59" in w for w in report.warnings)
    public = render_report_html(report, mode="pdf", draft=False)
    assert "๒๗.๕๙" not in public
    # The draft shows the warning, in the report's own digits like every other number.
    assert "๒๗.๕๙" in render_report_html(report, mode="pdf", draft=True)

    seed_assessment.discrepancy_display = Assessment.DiscrepancyDisplay.READER_NOTE
    seed_assessment.save()
    report = build_report(seed_assessment)
    note = NOTE_POINTS.format(tool="IIT", official="๒๗.๕๕", computed="๒๗.๕๙")
    assert report.tools[0].note == note and report.tools[1].note == ""
    assert note in render_report_html(report, mode="pdf", draft=False)


@pytestmark_db
def test_the_admin_offers_the_draft_for_an_empty_text_and_keeps_an_untouched_one_a_draft(
    staff_client, seed_assessment
):
    services.assessment_set_tool_interpretations(assessment=seed_assessment, texts={"OIT": ""})
    body = staff_client.get(change_url(seed_assessment)).content.decode()
    assert "บ่งชี้ให้เห็นว่าหน่วยงานมีผลการดำเนินงานตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ" in body
    # Posting the page as shown (the draft in the box) leaves the text empty: still a draft.
    data = _scores_post(seed_assessment, {})
    data["tool_analyses-2-interpretation"] = (
        build_report(seed_assessment).tools[2].interpretation[0].rsplit(" มีจุดแข็ง", 1)[0]
    )
    assert staff_client.post(change_url(seed_assessment), data).status_code == 302
    assert (
        ToolAnalysis.objects.get(assessment=seed_assessment, tool__code="OIT").interpretation == ""
    )
    data["tool_analyses-2-interpretation"] = "ข้อความของเจ้าหน้าที่เอง"
    seed_assessment.refresh_from_db()  # the first save moved the edit version on
    data["edit_version"] = str(seed_assessment.lock_version)
    assert staff_client.post(change_url(seed_assessment), data).status_code == 302
    analysis = ToolAnalysis.objects.get(assessment=seed_assessment, tool__code="OIT")
    assert analysis.interpretation == "ข้อความของเจ้าหน้าที่เอง"
    assert (
        build_report(seed_assessment).tools[2].interpretation[0].startswith("ข้อความของเจ้าหน้าที่เอง")
    )


@pytestmark_db
def test_an_outsider_cannot_open_the_assessment_with_its_texts(outsider_client, seed_assessment):
    response = outsider_client.get(change_url(seed_assessment))
    assert response.status_code in (302, 404)
    assert reverse("admin:index") in response.get("Location", reverse("admin:index"))
