"""Two people edit the agency page (with its units and earlier results): the later, stale form
overwrites nothing and keeps its input."""

from __future__ import annotations

from django.urls import reverse

from assessments.models import Agency
from tests.edit_lock import first_saves_then_second_is_refused, fresh_form_saves

FORM = "agency_form"


def agency_url(agency: Agency) -> str:
    return reverse("admin:assessments_agency_change", args=[agency.pk])


def add_unit(data: dict) -> None:
    index = int(data["units-TOTAL_FORMS"][0])
    data["units-TOTAL_FORMS"] = [str(index + 1)]
    data[f"units-{index}-name"] = ["กลุ่มที่เพิ่มก่อน"]
    data[f"units-{index}-order"] = ["99"]


def change_head(data: dict) -> None:
    data["head_name"] = ["นายผู้อนุมัติ พิมพ์ทีหลัง"]


def test_a_unit_added_by_one_makes_the_others_open_agency_page_stale(
    staff_client, approver_client, seed_agency
):
    old_head = seed_agency.head_name
    shown = first_saves_then_second_is_refused(
        staff_client,
        approver_client,
        agency_url(seed_agency),
        FORM,
        first_edit=add_unit,
        second_edit=change_head,
    )
    seed_agency.refresh_from_db()
    assert seed_agency.head_name == old_head
    assert seed_agency.units.filter(name="กลุ่มที่เพิ่มก่อน").exists()
    assert shown["head_name"] == ["นายผู้อนุมัติ พิมพ์ทีหลัง"]
    assert approver_client.post(agency_url(seed_agency), shown).status_code == 302
    seed_agency.refresh_from_db()
    assert seed_agency.head_name == "นายผู้อนุมัติ พิมพ์ทีหลัง"
    assert seed_agency.units.filter(name="กลุ่มที่เพิ่มก่อน").exists()


def test_a_head_changed_by_one_is_not_reverted_by_the_others_stale_unit_edit(
    staff_client, approver_client, seed_agency
):
    first_saves_then_second_is_refused(
        staff_client,
        approver_client,
        agency_url(seed_agency),
        FORM,
        first_edit=change_head,
        second_edit=add_unit,
    )
    seed_agency.refresh_from_db()
    assert seed_agency.head_name == "นายผู้อนุมัติ พิมพ์ทีหลัง"
    assert not seed_agency.units.filter(name="กลุ่มที่เพิ่มก่อน").exists()


def test_a_fresh_agency_form_saves(staff_client, seed_agency):
    fresh_form_saves(staff_client, agency_url(seed_agency), FORM, add_unit)
    fresh_form_saves(staff_client, agency_url(seed_agency), FORM, change_head)
    seed_agency.refresh_from_db()
    assert seed_agency.head_name == "นายผู้อนุมัติ พิมพ์ทีหลัง"
