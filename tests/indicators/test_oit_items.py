"""O-items are framework data per year: installed, corrected for 2566+, copied, changed one year at a time."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from indicators.loader import load_missing_frameworks
from indicators.models import (
    ERROR_ITEM_OTHER_FRAMEWORK,
    ERROR_SECOND_ANALYSIS_ITEM,
    ERROR_SECOND_FOLLOW_UP_ITEM,
    EvidenceRule,
    Framework,
    ItemRole,
    OITItem,
)
from indicators.services import (
    ERROR_VERIFY_NOT_ALLOWED,
    framework_copy,
    framework_items_verify,
    oit_item_save,
)

pytestmark = pytest.mark.django_db


def codes_by_sub_indicator(year: int) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for item in OITItem.objects.filter(
        framework__issuer__code="nacc", framework__fiscal_year=year
    ).select_related("sub_indicator"):
        result.setdefault(item.sub_indicator.code, []).append(item.code)
    return result


def item(year: int, code: str) -> OITItem:
    return OITItem.objects.get(
        framework__issuer__code="nacc", framework__fiscal_year=year, code=code
    )


@pytest.fixture
def site_admin(db):
    return get_user_model().objects.create_superuser("items-admin", "a@example.invalid", "x-pw-1")


def test_2562_to_2565_have_o1_to_o43_in_the_reconstructed_sub_indicators():
    for year in (2562, 2563, 2564, 2565):
        groups = codes_by_sub_indicator(year)
        assert groups["9.1"] == [f"O{n}" for n in range(1, 10)]
        assert groups["9.3"] == [f"O{n}" for n in range(18, 25)]
        assert groups["10.2"] == ["O42", "O43"]
        assert sum(len(codes) for codes in groups.values()) == 43
    assert item(2562, "O1").name == "โครงสร้าง"
    assert item(2562, "O43").sub_indicator.indicator.number == 10


def test_2566_has_no_gift_ethics_and_personal_data_items_from_the_school_variant():
    groups = codes_by_sub_indicator(2566)
    assert sum(len(codes) for codes in groups.values()) == 43
    assert item(2566, "O10").name == "นโยบายคุ้มครองข้อมูลส่วนบุคคล"
    assert "No Gift Policy" in item(2566, "O31").name
    assert item(2566, "O39").name == "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ"
    assert groups["10.1"] == [f"O{n}" for n in range(31, 39)]
    # The school wording is adapted, and the printed text is kept beside it.
    o4 = item(2566, "O4")
    assert o4.name == "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"
    assert "สถานศึกษา" in o4.source and "แผนพัฒนาสถานศึกษา" in o4.source
    assert "สถานศึกษา" in Framework.objects.get(issuer__code="nacc", fiscal_year=2566).items_note


def test_2567_and_2568_have_the_33_item_third_party_list_with_the_merged_sub_indicator():
    for year in (2567, 2568):
        groups = codes_by_sub_indicator(year)
        assert sum(len(codes) for codes in groups.values()) == 33
        assert groups["9.2"] == [f"O{n}" for n in range(7, 14)]
        framework = Framework.objects.get(fiscal_year=year)
        sub = framework.indicators.get(number=9).sub_indicators.get(code="9.2")
        assert sub.name == "การบริหารงานและการใช้จ่ายงบประมาณ"
        assert "บุคคลที่สาม" in framework.items_note
        assert all("ความน่าเชื่อถือต่ำ" in i.source for i in framework.oit_items.all())


def test_no_year_is_verified_until_a_site_administrator_says_so():
    assert not Framework.objects.filter(items_verified_at__isnull=False).exists()
    assert all(f.items_note for f in Framework.objects.all())


def test_the_2565_calendar_gives_the_oit_due_date():
    assert str(Framework.objects.get(fiscal_year=2565).oit_due_date) == "2022-04-30"
    assert Framework.objects.get(issuer__code="nacc", fiscal_year=2566).oit_due_date is None


def test_an_item_code_is_unique_within_its_year():
    existing = item(2562, "O1")
    with pytest.raises(IntegrityError), transaction.atomic():
        OITItem.objects.create(
            framework=existing.framework, sub_indicator=existing.sub_indicator, code="O1", name="x"
        )


def test_an_item_cannot_sit_under_a_sub_indicator_of_another_year():
    sub_2563 = item(2563, "O1").sub_indicator
    stray = OITItem(framework=item(2562, "O1").framework, sub_indicator=sub_2563, code="O99")
    stray.name = "ข้อใหม่"
    with pytest.raises(ValidationError) as caught:
        stray.full_clean()
    assert ERROR_ITEM_OTHER_FRAMEWORK in caught.value.messages


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_copying_a_year_carries_its_items_in_force_and_leaves_them_to_be_checked(site_admin):
    source = Framework.objects.get(fiscal_year=2568)
    framework_items_verify(framework=source, user=site_admin)
    retired = item(2568, "O33")
    retired.retired = True
    oit_item_save(item=retired, user=site_admin)

    copy = framework_copy(source=source, fiscal_year=2569)

    copied = list(copy.oit_items.order_by("order"))
    assert [i.code for i in copied] == [f"O{n}" for n in range(1, 33)]
    assert copied[0].carried_from == item(2568, "O1")
    assert copied[0].sub_indicator.indicator.framework == copy
    assert copy.items_verified_at is None
    assert copy.items_note == source.items_note
    # Its follow-up item was retired with O33: the copy has none until an administrator sets it.
    assert not copy.oit_items.filter(role=ItemRole.FOLLOW_UP).exists()
    assert copy.oit_items.get(role=ItemRole.ANALYSIS).code == "O32"


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_a_copied_year_keeps_its_roles_criteria_and_evidence_rules():
    source = Framework.objects.get(fiscal_year=2568)
    source.oit_items.filter(code="O29").update(
        role=ItemRole.RISK_REPORT,
        criteria="รายงานผลการจัดการความเสี่ยงของปีที่ผ่านมา",
        evidence_rule=EvidenceRule.LAST_FISCAL_YEAR,
    )
    copy = framework_copy(source=source, fiscal_year=2569)
    assert copy.oit_items.get(role=ItemRole.FOLLOW_UP).code == "O33"
    risk = copy.oit_items.get(code="O29")
    assert (risk.role, risk.criteria, risk.evidence_rule) == (
        ItemRole.RISK_REPORT,
        "รายงานผลการจัดการความเสี่ยงของปีที่ผ่านมา",
        EvidenceRule.LAST_FISCAL_YEAR,
    )


def test_a_second_follow_up_item_in_a_year_is_refused_in_thai(site_admin):
    other = item(2563, "O41")
    other.role = ItemRole.FOLLOW_UP
    with pytest.raises(ValidationError) as caught:
        oit_item_save(item=other, user=site_admin)
    assert caught.value.messages == [ERROR_SECOND_FOLLOW_UP_ITEM]
    assert item(2563, "O43").role == ItemRole.FOLLOW_UP


def test_a_second_analysis_item_in_a_year_is_refused_in_thai(site_admin):
    other = item(2563, "O41")
    other.role = ItemRole.ANALYSIS
    with pytest.raises(ValidationError) as caught:
        oit_item_save(item=other, user=site_admin)
    assert caught.value.messages == [ERROR_SECOND_ANALYSIS_ITEM]
    assert item(2563, "O42").role == ItemRole.ANALYSIS


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_a_new_year_adds_renames_and_retires_items_without_touching_earlier_years(site_admin):
    before = list(
        OITItem.objects.filter(framework__fiscal_year=2568).values_list("code", "name", "retired")
    )
    copy = framework_copy(source=Framework.objects.get(fiscal_year=2568), fiscal_year=2569)

    renamed = item(2569, "O1")
    renamed.name = "โครงสร้างและอำนาจหน้าที่"
    oit_item_save(item=renamed, user=site_admin)
    retired = item(2569, "O6")
    retired.retired = True
    oit_item_save(item=retired, user=site_admin)
    added = OITItem(sub_indicator=retired.sub_indicator, code="O34", name="ข้อใหม่ของปี ๒๕๖๙")
    oit_item_save(item=added, user=site_admin)

    assert added.framework == copy and added.order == 34
    assert item(2569, "O1").name == "โครงสร้างและอำนาจหน้าที่"
    assert item(2569, "O6").retired
    after = list(
        OITItem.objects.filter(framework__fiscal_year=2568).values_list("code", "name", "retired")
    )
    assert after == before


def test_changing_a_verified_list_makes_it_to_be_checked_again(site_admin):
    framework = Framework.objects.get(fiscal_year=2565)
    framework_items_verify(framework=framework, user=site_admin)
    framework.refresh_from_db()
    assert framework.items_verified and framework.items_verified_by == site_admin

    renamed = item(2565, "O9")
    renamed.name = "สื่อสังคมออนไลน์"
    oit_item_save(item=renamed, user=site_admin)

    framework.refresh_from_db()
    assert not framework.items_verified
    assert Framework.objects.get(fiscal_year=2565).items_verified_by is None


def test_only_a_site_administrator_verifies_a_list(demo):
    staff = demo.users["demo-staff"]
    with pytest.raises(PermissionDenied) as caught:
        framework_items_verify(framework=Framework.objects.get(fiscal_year=2562), user=staff)
    assert str(caught.value) == ERROR_VERIFY_NOT_ALLOWED


def test_loader_reinstalls_a_deleted_year_with_its_items():
    Framework.objects.filter(fiscal_year=2567).delete()
    assert load_missing_frameworks(apps) == [("nacc", 2567)]
    assert codes_by_sub_indicator(2567)["10.1"] == ["O25", "O26", "O27", "O28", "O29"]
