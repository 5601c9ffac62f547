"""The admin speaks Thai where Django's own Thai catalogue is silent or wrong."""

from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.django_db

# English that Django's Thai catalogue left in the admin before locale/th filled it in.
ENGLISH = [
    "Skip to main content",
    "Toggle theme",
    "Model name",
    "Add link",
    "Change or view list link",
    "Please correct",
    "was added successfully",
    "was changed successfully",
]


def visible_text(html: str) -> str:
    """The page without tags, scripts and attribute values: what a user reads."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_thai(html: str) -> None:
    text = visible_text(html)
    for english in ENGLISH:
        assert english not in text, english
    assert "ไม่ว่าง" not in text  # Django's Thai for "None available" means "busy"
    assert "ดู:" not in text  # Django's Thai for "View" carries a stray colon


def test_the_admin_index_has_no_english_and_says_none_as_none(staff_client):
    response = staff_client.get("/admin/")
    html = response.content.decode()
    assert_thai(html)
    assert "ไม่มี" in visible_text(html)  # the empty list of recent actions


def test_an_error_in_a_form_is_announced_in_thai(site_admin_client):
    response = site_admin_client.post("/admin/assessments/cohort/add/", {"name": "", "code": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    assert_thai(html)


def test_saving_says_so_in_thai(site_admin_client):
    response = site_admin_client.post(
        "/admin/assessments/cohort/add/", {"name": "กลุ่มทดสอบ", "code": "test-group"}, follow=True
    )
    html = response.content.decode()
    assert re.search(r"บันทึก\S*กลุ่ม\S* “\s*กลุ่มทดสอบ\s*” เรียบร้อยแล้ว", visible_text(html))
    assert_thai(html)


def test_the_admin_javascript_catalogue_is_thai(staff_client):
    response = staff_client.get("/admin/jsi18n/")
    assert response.status_code == 200
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)[1]
    )
    assert catalog["Today"] == "วันนี้"
    assert catalog["Choose all %s"] == "เลือก%sทั้งหมด"  # one Django's Thai lacks
    assert catalog["abbrev. month November\x04Nov"] == "พ.ย."
    assert all(re.search("[ก-๙]", text) for text in catalog.values() if isinstance(text, str))


def test_every_section_of_the_site_admins_index_is_named_in_thai(site_admin_client):
    # django-axes has no verbose_name: its section was headed "AXES".
    response = site_admin_client.get("/admin/")
    names = [app["name"] for app in response.context["app_list"]]
    assert names and all(re.search("[\u0e01-\u0e5b]", str(name)) for name in names), names
