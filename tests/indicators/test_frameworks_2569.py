"""The ๒๕๖๙ frameworks: the NACC's (26 items) and OVEC's (23) in one year, ๒๕๗๐ a copy of ๒๕๖๙."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from assessments.models import AgencyIssuer
from assessments.selectors import framework_for_agency
from indicators.loader import load_missing_frameworks
from indicators.models import Framework, Issuer, ItemRole
from indicators.selectors import framework_for, item_with_role
from tests.indicators.framework_helpers import framework_rules

pytestmark = pytest.mark.django_db

NOT_SEEN_TITLE = "(ยังไม่พบชื่อข้อในแหล่งข้อมูลสาธารณะ — ตรวจกับคู่มือ)"


def run_show(*args: str) -> dict:
    out = StringIO()
    call_command("show_framework", *args, stdout=out)
    return json.loads(out.getvalue())


def test_2569_holds_the_naccs_and_ovecs_frameworks():
    issuers = Framework.objects.filter(fiscal_year=2569).values_list("issuer__code", flat=True)
    assert sorted(issuers) == ["nacc", "ovec"]


def test_show_framework_lists_the_naccs_26_items_of_2569_with_their_roles():
    data = run_show("nacc", "๒๕๖๙")
    assert [item["code"] for item in data["items"]] == [f"O{n}" for n in range(1, 27)]
    by_code = {item["code"]: item for item in data["items"]}
    assert by_code["O25"]["title"] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert by_code["O25"]["role"] == "analysis"
    assert by_code["O26"]["role"] == "follow_up"
    assert by_code["O26"]["title"].startswith(
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    )
    assert {code: by_code[code]["role"] for code in ("O13", "O14", "O21", "O22", "O23", "O24")} == {
        "O13": "hr_plan",
        "O14": "hr_report",
        "O21": "risk_assessment",
        "O22": "risk_report",
        "O23": "plan",
        "O24": "plan_report",
    }
    # Items not seen in any public source say so, in Thai, instead of a guessed title.
    assert [c for c, item in by_code.items() if item["title"] == NOT_SEEN_TITLE] == [
        "O2",
        "O5",
        "O6",
        "O7",
    ]


def test_show_framework_lists_ovecs_23_items_of_2569_with_the_measures_as_analysis():
    data = run_show("ovec", "2569")
    assert data["issuer"]["code"] == "ovec"
    assert [item["code"] for item in data["items"]] == [f"O{n}" for n in range(1, 24)]
    # Only the roles the titles make plain (O21/O22 are named otherwise on one of the two sites).
    assert {item["code"]: item["role"] for item in data["items"] if item["role"]} == {
        "O11": "procurement_summary",
        "O19": "complaint_statistics",
        "O23": "analysis",
    }
    assert [t["code"] for t in data["tools"]] == ["IIT", "EIT", "OIT"]


@pytest.mark.parametrize(
    ("issuer", "year", "analysis", "follow_up"),
    [("nacc", 2569, "O25", "O26"), ("nacc", 2570, "O25", "O26"), ("ovec", 2569, "O23", None)],
)
def test_the_new_years_find_their_items_by_role(issuer, year, analysis, follow_up):
    framework = framework_for(issuer, year)
    assert framework is not None
    assert item_with_role(framework, ItemRole.ANALYSIS).code == analysis
    found = item_with_role(framework, ItemRole.FOLLOW_UP)
    assert (found.code if found else None) == follow_up


def test_the_new_years_keep_the_2568_tools_bands_and_levels_and_say_they_are_unchecked():
    base = framework_rules(framework_for("nacc", 2568))
    for issuer, year in (("nacc", 2569), ("nacc", 2570), ("ovec", 2569)):
        framework = framework_for(issuer, year)
        assert framework_rules(framework) == base
        assert "ต้องตรวจกับคู่มือ" in framework.items_note
        assert "ตัวชี้วัดย่อย" in framework.items_note  # the grouping is said to be unknown
        assert all(item.source for item in framework.oit_items.all())
    assert "คัดลอกจากกรอบปี ๒๕๖๙" in framework_for("nacc", 2570).items_note


def test_2570_is_a_copy_of_2569():
    def items(year: int) -> list:
        framework = framework_for("nacc", year)
        return list(
            framework.oit_items.order_by("order").values_list(
                "code", "name", "sub_indicator__code", "role", "evidence_rule"
            )
        )

    assert items(2570) == items(2569)


def test_an_installed_database_gets_the_new_years_from_the_loader():
    Framework.objects.filter(fiscal_year__gte=2569).delete()
    assert sorted(load_missing_frameworks(apps)) == [
        ("nacc", 2569),
        ("nacc", 2570),
        ("ovec", 2569),
    ]
    assert framework_for("ovec", 2569).oit_items.count() == 23


def test_an_agency_following_ovec_from_2569_is_assessed_under_ovecs_framework(seed_agency):
    AgencyIssuer.objects.create(
        agency=seed_agency, issuer=Issuer.objects.get(code="ovec"), from_fiscal_year=2569
    )
    assert framework_for_agency(seed_agency, 2569) == framework_for("ovec", 2569)
    assert framework_for_agency(seed_agency, 2568) == framework_for("nacc", 2568)
