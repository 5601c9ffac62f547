"""A framework is (issuer, fiscal year): two issuers in one year, items found by role, show_framework."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from indicators.management.commands import show_framework
from indicators.models import (
    ERROR_FRAMEWORK_YEAR_TAKEN,
    EvidenceRule,
    Framework,
    Issuer,
    ItemRole,
)
from indicators.selectors import (
    framework_for,
    item_with_role,
    no_item_with_role_message,
)
from indicators.services import ERROR_YEAR_EXISTS, framework_copy

pytestmark = pytest.mark.django_db


def nacc(year: int) -> Framework:
    framework = framework_for("nacc", year)
    assert framework is not None
    return framework


def ovec_copy_of(year: int) -> Framework:
    return framework_copy(
        source=nacc(year), fiscal_year=year, issuer=Issuer.objects.get(code="ovec")
    )


def test_the_five_issuers_are_seeded_and_every_installed_framework_but_two_is_the_naccs():
    assert set(Issuer.objects.values_list("code", flat=True)) == {
        "nacc",
        "obec-esa",
        "obec-school",
        "ovec",
        "moph",
    }
    assert set(
        Framework.objects.exclude(issuer__code="nacc").values_list("issuer__code", "fiscal_year")
    ) == {("ovec", 2569), ("obec-school", 2566)}


def test_one_year_holds_a_framework_of_each_issuer():
    ovec = ovec_copy_of(2568)
    assert framework_for("ovec", 2568) == ovec
    assert framework_for(Issuer.objects.get(code="ovec"), 2568) == ovec
    assert framework_for("nacc", 2568) == nacc(2568) != ovec
    assert framework_for("moph", 2568) is None
    assert framework_for("nacc", 2599) is None


def test_a_second_framework_of_the_same_issuer_and_year_is_refused_in_thai():
    duplicate = Framework(issuer=nacc(2568).issuer, fiscal_year=2568, name="ซ้ำ")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert ERROR_FRAMEWORK_YEAR_TAKEN in caught.value.messages
    with pytest.raises(ValidationError) as refused:
        framework_copy(source=nacc(2567), fiscal_year=2568)
    assert refused.value.messages == [ERROR_YEAR_EXISTS.format(issuer=nacc(2568).issuer, year=2568)]


@pytest.mark.parametrize(
    ("year", "analysis", "follow_up"),
    [(year, "O42", "O43") for year in range(2562, 2567)]
    + [(2567, "O32", "O33"), (2568, "O32", "O33")],
)
def test_each_installed_year_finds_its_analysis_and_follow_up_items_by_role(
    year, analysis, follow_up
):
    assert item_with_role(nacc(year), ItemRole.ANALYSIS).code == analysis
    assert item_with_role(nacc(year), ItemRole.FOLLOW_UP).code == follow_up


def test_an_item_found_by_role_follows_the_data_not_a_number():
    ovec = ovec_copy_of(2568)
    ovec.oit_items.filter(role=ItemRole.ANALYSIS).update(role=ItemRole.NONE)
    ovec.oit_items.filter(code="O23").update(role=ItemRole.ANALYSIS)
    assert item_with_role(ovec, ItemRole.ANALYSIS).code == "O23"
    assert item_with_role(nacc(2568), ItemRole.ANALYSIS).code == "O32"


def test_a_retired_item_or_a_missing_role_finds_nothing_and_the_message_says_where_to_set_it():
    framework = nacc(2568)
    framework.oit_items.filter(role=ItemRole.FOLLOW_UP).update(retired=True)
    assert item_with_role(framework, ItemRole.FOLLOW_UP) is None
    assert item_with_role(framework, ItemRole.HR_PLAN) is None
    message = no_item_with_role_message(framework, ItemRole.FOLLOW_UP)
    assert "๒๕๖๘" in message and str(ItemRole.FOLLOW_UP.label) in message
    assert "ข้อการประเมิน OIT" in message and "บทบาทของข้อ" in message


def run_show(*args: str) -> dict:
    out = StringIO()
    call_command("show_framework", *args, stdout=out)
    return json.loads(out.getvalue())


def test_show_framework_prints_the_framework_as_json():
    nacc(2568).oit_items.filter(code="O28").update(
        role=ItemRole.RISK_ASSESSMENT, evidence_rule=EvidenceRule.THIS_FISCAL_YEAR
    )
    data = run_show("nacc", "2568")
    assert data["issuer"]["code"] == "nacc" and data["fiscal_year"] == 2568
    assert [t["code"] for t in data["tools"]] == ["IIT", "EIT", "OIT"]
    assert [t["weight"] for t in data["tools"]] == ["30.00", "30.00", "40.00"]
    assert [i["number"] for i in data["indicators"]] == list(range(1, 11))
    assert data["bands"][0]["code"] == "AA"
    assert data["levels"][0] == {
        "code": data["levels"][0]["code"],
        "name": "ผ่านดีเยี่ยม",
        "min_total": "95.00",
        "min_each_tool": "95.00",
        "min_each_indicator": None,
        "order": data["levels"][0]["order"],
    }
    assert len(data["items"]) == 33
    by_code = {item["code"]: item for item in data["items"]}
    assert by_code["O28"] == {
        "code": "O28",
        "title": "การประเมินความเสี่ยงการทุจริต",
        "subindicator": "10.1",
        "role": "risk_assessment",
        "evidence_rule": "this_fiscal_year",
        "retired": False,
        "maps_to": None,
    }
    assert by_code["O32"]["role"] == "analysis" and by_code["O33"]["role"] == "follow_up"


def test_show_framework_takes_a_year_in_thai_digits():
    assert run_show("nacc", "๒๕๖๒")["fiscal_year"] == 2562


def test_show_framework_tells_an_unknown_issuer_year_or_bad_year_in_thai():
    with pytest.raises(CommandError) as unknown:
        run_show("mahidol", "2568")
    assert str(unknown.value).startswith(
        show_framework.ERROR_UNKNOWN_ISSUER.format(code="mahidol", known="").split("(")[0]
    )
    assert "nacc" in str(unknown.value)
    with pytest.raises(CommandError) as missing:
        run_show("moph", "2569")
    assert str(missing.value) == show_framework.ERROR_NO_FRAMEWORK.format(
        issuer=Issuer.objects.get(code="moph").name, year="๒๕๖๙", known="ไม่มี"
    )
    with pytest.raises(CommandError) as bad:
        run_show("nacc", "25x9")
    assert str(bad.value) == show_framework.ERROR_BAD_YEAR.format(value="25x9")


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_a_per_indicator_level_rule_is_framework_data_read_by_scoring_and_copied():
    from indicators.selectors import framework_rules

    framework = nacc(2568)
    framework.levels.filter(name="ผ่านดี").update(min_each_tool=None, min_each_indicator=85)
    rules = framework_rules(framework)
    good = next(level for level in rules.levels if level.name == "ผ่านดี")
    assert (good.min_each_tool, good.min_each_indicator) == (None, 85)
    copy = framework_copy(source=framework, fiscal_year=2569)
    assert copy.levels.get(name="ผ่านดี").min_each_indicator == 85
    assert run_show("nacc", "2569")["levels"][1]["min_each_indicator"] == "85.00"
