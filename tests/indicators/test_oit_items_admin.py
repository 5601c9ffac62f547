"""O-items in the admin: site administrators change and verify them; agency members only look."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.admin import ITEMS_TO_CHECK, MESSAGE_VERIFIED
from indicators.models import Framework, OITItem

pytestmark = pytest.mark.django_db


def item(year: int, code: str) -> OITItem:
    return OITItem.objects.get(
        framework__issuer__code="nacc", framework__fiscal_year=year, code=code
    )


def item_post(obj: OITItem, **changes: str) -> dict[str, str]:
    data = {
        "framework": str(obj.framework_id),
        "sub_indicator": str(obj.sub_indicator_id),
        "code": obj.code,
        "name": obj.name,
        "requirements": obj.requirements,
        "order": str(obj.order),
        "source": obj.source,
        # The role fields too: a post without them would clear the item's role.
        "role": obj.role,
        "evidence_rule": obj.evidence_rule,
        "criteria": obj.criteria,
    }
    data.update(changes)
    return data


def test_staff_see_the_items_of_a_year_but_cannot_change_them(staff_client):
    o1 = item(2566, "O1")
    listing = staff_client.get(
        reverse("admin:indicators_oititem_changelist") + "?framework__fiscal_year=2566"
    )
    assert listing.status_code == 200
    assert "นโยบายคุ้มครองข้อมูลส่วนบุคคล" in listing.content.decode()
    change = reverse("admin:indicators_oititem_change", args=[o1.pk])
    assert staff_client.get(change).status_code == 200
    response = staff_client.post(change, item_post(o1, name="แก้โดยเจ้าหน้าที่"))
    assert response.status_code == 403
    assert item(2566, "O1").name == "โครงสร้าง"
    assert staff_client.get(reverse("admin:indicators_oititem_add")).status_code == 403


def test_anonymous_visitor_is_sent_to_login(anonymous_client):
    response = anonymous_client.get(reverse("admin:indicators_oititem_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_site_admin_renames_an_item_of_one_year_only(site_admin_client):
    o9 = item(2565, "O9")
    response = site_admin_client.post(
        reverse("admin:indicators_oititem_change", args=[o9.pk]),
        item_post(o9, name="สื่อสังคมออนไลน์"),
    )
    assert response.status_code == 302
    assert item(2565, "O9").name == "สื่อสังคมออนไลน์"
    assert item(2564, "O9").name == "Social Network"


def test_an_item_put_under_another_years_sub_indicator_is_refused_in_thai(site_admin_client):
    o9 = item(2565, "O9")
    other_year_sub = item(2564, "O9").sub_indicator_id
    response = site_admin_client.post(
        reverse("admin:indicators_oititem_change", args=[o9.pk]),
        item_post(o9, sub_indicator=str(other_year_sub)),
    )
    assert response.status_code == 200
    assert "ตัวชี้วัดย่อยที่เลือกเป็นของกรอบการประเมินปีอื่น" in response.content.decode()
    assert item(2565, "O9").sub_indicator_id != other_year_sub


def test_the_framework_page_says_the_items_are_to_be_checked(staff_client):
    framework = Framework.objects.get(fiscal_year=2567)
    body = staff_client.get(
        reverse("admin:indicators_framework_change", args=[framework.pk])
    ).content.decode()
    assert "33 ข้อ" in body and ITEMS_TO_CHECK in body


def test_site_admin_verifies_a_years_items_and_staff_cannot(site_admin_client, staff_client):
    framework = Framework.objects.get(fiscal_year=2562)
    action = {"action": "verify_items", "_selected_action": [framework.pk]}
    url = reverse("admin:indicators_framework_changelist")

    staff_client.post(url, action)
    framework.refresh_from_db()
    assert not framework.items_verified

    response = site_admin_client.post(url, action, follow=True)
    assert MESSAGE_VERIFIED.format(years="2562") in response.content.decode()
    framework.refresh_from_db()
    assert framework.items_verified and framework.items_verified_by.username == "site-admin"
