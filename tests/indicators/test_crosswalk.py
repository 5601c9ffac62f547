"""The crosswalk between years: an administrator's mapping first (followed through the years
between), then the same role, then the same code and title; site administrators edit it."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from indicators.crosswalk import HOW_ADMIN, HOW_CODE_TITLE, HOW_ROLE, map_items, similar_titles
from indicators.models import (
    ERROR_CROSSWALK_NOT_LATER,
    ERROR_CROSSWALK_TAKEN,
    ItemCrosswalk,
    ItemRole,
    OITItem,
)
from indicators.selectors import framework_for
from indicators.services import item_crosswalk_save

pytestmark = pytest.mark.django_db


def item(year: int, code: str) -> OITItem:
    return OITItem.objects.get(
        framework__issuer__code="nacc", framework__fiscal_year=year, code=code
    )


def nacc(year: int):
    return framework_for("nacc", year)


def mapped(source_year: int, target_year: int) -> dict[str, tuple[str, str]]:
    """Source code → (target code, how)."""
    result = map_items(nacc(source_year), nacc(target_year))
    return {s.code: (t.code, result.how[s]) for s, t in result.mapped.items()}


def link(from_item: OITItem, to_item: OITItem) -> ItemCrosswalk:
    return item_crosswalk_save(
        crosswalk=ItemCrosswalk(from_item=from_item, to_item=to_item), user=None
    )


# ---------------------------------------------------------------------------------------------
# The rules


def test_the_shipped_2566_measures_and_follow_up_map_to_2569_o25_and_o26_by_role():
    result = mapped(2566, 2569)
    assert result["O42"] == ("O25", HOW_ROLE)
    assert result["O43"] == ("O26", HOW_ROLE)


def test_same_code_and_a_similar_title_map_and_a_different_title_does_not():
    result = map_items(nacc(2566), nacc(2569))
    codes = {s.code: (t.code, result.how[s]) for s, t in result.mapped.items()}
    # "โครงสร้าง" is held in "โครงสร้าง หน้าที่และอำนาจ"
    assert codes["O1"] == ("O1", HOW_CODE_TITLE)
    # O2 "ข้อมูลผู้บริหาร" against an O2 whose title is not known yet
    assert "O2" not in codes
    assert "O2" in [i.code for i in result.unmapped]
    assert len(result.mapped) + len(result.unmapped) == nacc(2566).oit_items.count()


def test_an_administrators_mapping_wins_over_the_role():
    link(item(2566, "O42"), item(2569, "O24"))
    result = mapped(2566, 2569)
    assert result["O42"] == ("O24", HOW_ADMIN)
    assert "O25" not in [code for code, _ in result.values()]


def test_an_administrators_chain_is_followed_through_the_years_between():
    link(item(2566, "O42"), item(2567, "O32"))
    link(item(2567, "O32"), item(2568, "O32"))
    link(item(2568, "O32"), item(2569, "O24"))
    assert mapped(2566, 2569)["O42"] == ("O24", HOW_ADMIN)
    assert mapped(2567, 2569)["O32"] == ("O24", HOW_ADMIN)


def test_a_chain_that_stops_short_of_the_target_leaves_the_item_to_the_role():
    link(item(2566, "O42"), item(2567, "O32"))
    assert mapped(2566, 2567)["O42"] == ("O32", HOW_ADMIN)
    assert mapped(2566, 2569)["O42"] == ("O25", HOW_ROLE)


def test_a_role_maps_only_when_it_names_one_item_on_each_side():
    OITItem.objects.filter(pk=item(2566, "O36").pk).update(role=ItemRole.PLAN)
    assert mapped(2566, 2569)["O36"] == ("O23", HOW_ROLE)

    OITItem.objects.filter(pk=item(2566, "O19").pk).update(role=ItemRole.PLAN)
    result = mapped(2566, 2569)
    assert "O36" not in result and "O19" not in result


def test_the_automatic_rules_do_not_take_an_item_the_administrator_gave_another():
    link(item(2566, "O4"), item(2569, "O1"))
    result = mapped(2566, 2569)
    assert result["O4"] == ("O1", HOW_ADMIN)
    assert "O1" not in result  # its own O1 is taken


def test_a_retired_item_of_the_target_takes_nothing():
    OITItem.objects.filter(pk=item(2569, "O25").pk).update(retired=True)
    assert "O42" not in mapped(2566, 2569)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("โครงสร้าง", "โครงสร้าง หน้าที่และอำนาจ", True),
        ("E-Service", "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)", True),
        ("Q&A", "Q & A", True),
        ("ข้อมูลผู้บริหาร", "ข่าวประชาสัมพันธ์", False),
        ("", "โครงสร้าง", False),
    ],
)
def test_similar_titles(a, b, similar):
    assert similar_titles(a, b) is similar


# ---------------------------------------------------------------------------------------------
# The mapping's own rules


def test_the_target_must_be_a_later_year():
    for to_item in (item(2565, "O42"), item(2566, "O43")):
        with pytest.raises(ValidationError) as refused:
            link(item(2566, "O42"), to_item)
        year = to_item.framework.fiscal_year
        assert (
            ERROR_CROSSWALK_NOT_LATER.format(from_year=2566, to_year=year) in refused.value.messages
        )
    assert not ItemCrosswalk.objects.exists()


def test_an_item_maps_to_one_item():
    link(item(2566, "O42"), item(2569, "O25"))
    with pytest.raises(ValidationError) as refused:
        link(item(2566, "O42"), item(2570, "O25"))
    assert ERROR_CROSSWALK_TAKEN in refused.value.messages
    assert ItemCrosswalk.objects.count() == 1


def test_show_framework_names_the_administrators_mapping(capsys):
    link(item(2566, "O42"), item(2569, "O24"))
    call_command("show_framework", "nacc", "2566")
    items = {i["code"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    assert items["O42"]["maps_to"] == "nacc 2569 O24"
    assert items["O43"]["maps_to"] is None


# ---------------------------------------------------------------------------------------------
# The admin, from the outside

CHANGELIST = "admin:indicators_itemcrosswalk_changelist"
ADD = "admin:indicators_itemcrosswalk_add"


def post(from_item: OITItem, to_item: OITItem, note: str = "") -> dict[str, str]:
    return {"from_item": str(from_item.pk), "to_item": str(to_item.pk), "note": note}


def test_a_site_admin_adds_a_mapping(site_admin_client):
    assert site_admin_client.get(reverse(CHANGELIST)).status_code == 200
    form = site_admin_client.get(reverse(ADD))
    assert form.status_code == 200
    assert "2569 · O25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร" in form.content.decode()

    response = site_admin_client.post(
        reverse(ADD), post(item(2566, "O42"), item(2569, "O24"), "ตามคู่มือ ๒๕๖๙")
    )

    assert response.status_code == 302
    saved = ItemCrosswalk.objects.get()
    assert (saved.to_item, saved.note) == (item(2569, "O24"), "ตามคู่มือ ๒๕๖๙")
    change = site_admin_client.get(
        reverse("admin:indicators_itemcrosswalk_change", args=[saved.pk])
    )
    assert change.status_code == 200


def test_a_site_admin_sees_the_thai_error_and_nothing_is_saved(site_admin_client):
    response = site_admin_client.post(reverse(ADD), post(item(2566, "O42"), item(2565, "O42")))
    assert response.status_code == 200
    assert (
        ERROR_CROSSWALK_NOT_LATER.format(from_year=2566, to_year=2565) in response.content.decode()
    )
    assert not ItemCrosswalk.objects.exists()

    link(item(2566, "O42"), item(2569, "O25"))
    again = site_admin_client.post(reverse(ADD), post(item(2566, "O42"), item(2570, "O25")))
    assert again.status_code == 200
    assert ERROR_CROSSWALK_TAKEN in again.content.decode()
    assert ItemCrosswalk.objects.count() == 1


@pytest.mark.parametrize("client_name", ["staff_client", "approver_client"])
def test_agency_staff_and_approvers_may_not_add_change_or_delete(request, client_name):
    client = request.getfixturevalue(client_name)
    existing = link(item(2566, "O42"), item(2569, "O25"))
    change = reverse("admin:indicators_itemcrosswalk_change", args=[existing.pk])
    delete = reverse("admin:indicators_itemcrosswalk_delete", args=[existing.pk])

    assert client.get(reverse(CHANGELIST)).status_code == 200  # they read it, like the frameworks
    assert client.get(reverse(ADD)).status_code == 403
    assert client.post(reverse(ADD), post(item(2566, "O43"), item(2569, "O26"))).status_code == 403
    assert client.post(change, post(item(2566, "O42"), item(2569, "O24"))).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403

    assert list(ItemCrosswalk.objects.values_list("from_item", "to_item")) == [
        (item(2566, "O42").pk, item(2569, "O25").pk)
    ]


def test_anonymous_is_sent_to_log_in(anonymous_client):
    response = anonymous_client.get(reverse(ADD))
    assert response.status_code == 302 and "login" in response["Location"]
