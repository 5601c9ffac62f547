"""Publishing asks first: the warnings, and what the new version changes from the live one."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from reports.models import ReportPublication
from reports.publish_check import publish_check, text_changes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def url(assessment) -> str:
    return reverse("reports:report_publish", args=[assessment.pk])


def test_only_the_agency_approver_sees_the_confirmation(
    approved_plan, approver_client, staff_client, outsider_client, client
):
    assert approver_client.get(url(approved_plan)).status_code == 200
    assert staff_client.get(url(approved_plan)).status_code == 403
    assert outsider_client.get(url(approved_plan)).status_code == 404
    assert client.get(url(approved_plan)).status_code == 302  # to the login page
    assert approver_client.put(url(approved_plan)).status_code == 405


def test_the_first_version_lists_warnings_and_creates_nothing_until_confirmed(
    approved_plan, approver_client
):
    page = approver_client.get(url(approved_plan)).content.decode()
    assert "ยังไม่มีฉบับที่เผยแพร่อยู่" in page and "ยืนยันเผยแพร่ฉบับที่ 1" in page
    for warning in publish_check(approved_plan).warnings:
        assert escape(warning) in page
    assert not ReportPublication.objects.exists()
    assert approver_client.post(url(approved_plan)).status_code == 302
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1


def test_unchanged_content_says_so_and_offers_no_new_version(approved_plan, approver_client):
    approver_client.post(url(approved_plan))
    page = approver_client.get(url(approved_plan)).content.decode()
    assert "การเผยแพร่จะไม่สร้างฉบับใหม่" in page
    assert "ยืนยันเผยแพร่" not in page and "<form" not in page.split("changes-h")[1]


def test_a_changed_foreword_is_shown_as_the_difference(approved_plan, approver_client):
    approver_client.post(url(approved_plan))
    approved_plan.foreword = "คำนำฉบับปรับปรุงเพื่อทดสอบการเปรียบเทียบ"
    approved_plan.save()
    check = publish_check(approved_plan)
    assert not check.unchanged and check.live is not None and check.live.version == 1
    added = [change.text for change in check.changes if change.added]
    assert "คำนำฉบับปรับปรุงเพื่อทดสอบการเปรียบเทียบ" in added
    page = approver_client.get(url(approved_plan)).content.decode()
    assert "คำนำฉบับปรับปรุงเพื่อทดสอบการเปรียบเทียบ" in page and "ยืนยันเผยแพร่ฉบับที่ 2" in page


def test_a_report_that_cannot_be_published_says_why(unapproved_plan, approver_client):
    page = approver_client.get(url(unapproved_plan)).content.decode()
    assert "เผยแพร่ไม่ได้" in page and "<button" not in page.split("<h1")[1]


def test_text_changes_compare_paragraphs_and_cells():
    old = "<h1>หัวข้อ</h1><p>ย่อหน้าเดิม</p><table><tr><td>๙๐.๑๒</td></tr></table>"
    new = "<h1>หัวข้อ</h1><p>ย่อหน้าใหม่</p><table><tr><td>๙๐.๑๒</td></tr></table><script>x</script>"
    changes = [(c.added, c.text) for c in text_changes(old, new)]
    assert changes == [(False, "ย่อหน้าเดิม"), (True, "ย่อหน้าใหม่")]
