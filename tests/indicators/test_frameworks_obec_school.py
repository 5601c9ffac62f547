"""OBEC's school variant (ITA Online สถานศึกษา): the ๒๕๖๖ list, the one year its items were seen."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Agency, AgencyIssuer, Role
from assessments.selectors import framework_for_agency
from assessments.services import assessment_create, assessment_set_scores, membership_grant
from indicators.loader import load_missing_frameworks
from indicators.models import Framework, Issuer, ItemRole, SubIndicator
from indicators.selectors import framework_for, item_with_role, no_item_with_role_message
from reports.publishing import NOTE_ANALYSIS_ITEM, analysis_item_note
from tests.indicators.framework_helpers import framework_rules

pytestmark = pytest.mark.django_db

YEAR = 2566


def school_framework() -> Framework:
    framework = framework_for("obec-school", YEAR)
    assert framework is not None
    return framework


def test_the_school_list_of_2566_has_43_items_o1_to_o43():
    codes = list(school_framework().oit_items.order_by("order").values_list("code", flat=True))
    assert codes == [f"O{n}" for n in range(1, 44)]


def test_the_school_list_finds_its_items_by_role():
    framework = school_framework()
    analysis = item_with_role(framework, ItemRole.ANALYSIS)
    assert (analysis.code, analysis.name) == (
        "O42",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    )
    assert item_with_role(framework, ItemRole.FOLLOW_UP).code == "O43"
    roles = dict(framework.oit_items.exclude(role="").values_list("code", "role"))
    assert roles == {
        "O19": "procurement_plan",
        "O22": "procurement_summary",
        "O23": "hr_plan",
        "O26": "hr_report",
        "O29": "complaint_statistics",
        "O34": "risk_assessment",
        "O35": "risk_report",
        "O36": "plan",
        "O38": "plan_report",
        "O42": "analysis",
        "O43": "follow_up",
    }
    # The six-monthly report says so in its title.
    assert dict(
        framework.oit_items.exclude(evidence_rule="").values_list("code", "evidence_rule")
    ) == {"O37": "six_monthly"}


def test_the_school_list_keeps_the_school_wording_and_says_it_is_unchecked():
    framework = school_framework()
    o4 = framework.oit_items.get(code="O4")
    assert o4.name == "แผนยุทธศาสตร์หรือแผนพัฒนาสถานศึกษา"
    assert "ถ้อยคำเดิม" in o4.source
    assert framework.oit_items.get(code="O13").name == "รายงานผลการดำเนินงานประจำปีการศึกษา"
    assert "ต้องตรวจกับคู่มือ" in framework.items_note
    assert "ตัวชี้วัดย่อย" in framework.items_note  # the grouping is said to be inferred
    assert "ปานกลางค่อนต่ำ" in framework.items_note
    assert all("ปานกลางค่อนต่ำ" in item.source for item in framework.oit_items.all())
    assert framework.items_verified_at is None


def test_the_school_list_reuses_the_naccs_2566_tools_indicators_and_bands():
    def structure(framework: Framework) -> tuple:
        subs = SubIndicator.objects.filter(indicator__framework=framework).order_by(
            "indicator__number", "order"
        )
        grouping = [(s.code, s.name, [i.code for i in s.oit_items.all()]) for s in subs]
        return (framework_rules(framework), grouping)

    assert structure(school_framework()) == structure(framework_for("nacc", YEAR))


def test_show_framework_prints_the_school_list_as_json():
    out = StringIO()
    call_command("show_framework", "obec-school", "๒๕๖๖", stdout=out)
    data = json.loads(out.getvalue())
    assert data["issuer"]["code"] == "obec-school"
    assert len(data["items"]) == 43
    assert [i["code"] for i in data["items"] if i["role"] == "analysis"] == ["O42"]


def test_an_installed_database_gets_the_school_list_from_the_loader():
    school_framework().delete()
    assert load_missing_frameworks(apps) == [("obec-school", YEAR)]
    assert school_framework().oit_items.count() == 43


def test_a_school_following_obec_is_assessed_and_its_draft_names_the_analysis_item(demo):
    school = Agency.objects.create(code="school-2566", name="โรงเรียนบ้านทดสอบ")
    AgencyIssuer.objects.create(
        agency=school, issuer=Issuer.objects.get(code="obec-school"), from_fiscal_year=YEAR
    )
    framework = framework_for_agency(school, YEAR)
    assert framework == school_framework()
    assessment = assessment_create(agency=school, framework=framework)
    assessment_set_scores(assessment=assessment, scores={n: Decimal("88.50") for n in range(1, 11)})
    staff = demo.users["demo-staff"]
    membership_grant(user=staff, agency=school, role=Role.STAFF)
    client = Client()
    client.force_login(staff)

    response = client.get(reverse("reports:report_preview", args=[assessment.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    note = NOTE_ANALYSIS_ITEM.format(
        code="O42",
        name="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        issuer=Issuer.objects.get(code="obec-school").name,
        year=YEAR,
    )
    paragraph = re.search(r'<p class="analysis-item">(.*?)</p>', page).group(1)
    assert re.sub(r"<[^>]+>", "", paragraph) == note.replace("2566", "๒๕๖๖")


def test_a_draft_of_a_framework_without_an_analysis_item_says_where_to_set_it():
    framework = school_framework()
    framework.oit_items.filter(role=ItemRole.ANALYSIS).update(role=ItemRole.NONE)
    assert analysis_item_note(framework) == no_item_with_role_message(framework, ItemRole.ANALYSIS)
