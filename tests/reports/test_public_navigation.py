"""Public navigation: the menu reaches rankings and open data; a report page names its version."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports import publishing
from reports import selectors as portal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def test_the_menu_links_rankings_and_open_data(anonymous_client, demo):
    html = anonymous_client.get(reverse("reports:home")).content.decode()
    assert f'href="{reverse("assessments:ranking_latest")}">การจัดอันดับ</a>' in html
    assert f'href="{reverse("assessments:open_data")}">ข้อมูลเปิด</a>' in html


def test_rankings_without_published_results_lead_to_open_data(anonymous_client, demo):
    response = anonymous_client.get(reverse("assessments:ranking_latest"))
    assert response.status_code == 302 and response["Location"] == reverse("assessments:open_data")


def test_rankings_lead_to_the_newest_published_year(anonymous_client, approved_plan, demo):
    publishing.report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    response = anonymous_client.get(reverse("assessments:ranking_latest"))
    assert response["Location"] == reverse("assessments:ranking_year", args=[2562])
    assert anonymous_client.post(reverse("assessments:ranking_latest")).status_code == 405


def test_an_old_version_names_itself_and_links_the_current_one(
    anonymous_client, approved_plan, demo
):
    publishing.report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    approved_plan.foreword = "คำนำฉบับแก้ไข"  # a real change: publishing again makes version 2
    approved_plan.save()
    publishing.report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    code, year = approved_plan.agency.code, approved_plan.fiscal_year
    old = anonymous_client.get(reverse("reports:report_version", args=[code, year, 1]))
    html = old.content.decode()
    assert "<strong>ฉบับที่ 1</strong> · เผยแพร่เมื่อ " in html
    assert f'href="{reverse("reports:report", args=[code, year])}">ดูฉบับล่าสุด' in html
    assert reverse("reports:report_version_pdf", args=[code, year, 1]) in html
    current = anonymous_client.get(reverse("reports:report", args=[code, year])).content.decode()
    assert "<strong>ฉบับที่ 2</strong>" in current and "ดูฉบับล่าสุด" not in current
    # The bar comes first in the body; the frozen document itself is unchanged after it.
    stored = approved_plan.publications.get(version=2).html
    at = stored.index(">", stored.index("<body")) + 1
    assert current.startswith(stored[:at]) and current.endswith(stored[at:])


def test_the_bar_goes_right_after_the_body_tag():
    assert portal.insert_after_body('<html><body class="x"><p>a</p>', "<b>") == (
        '<html><body class="x">\n<b><p>a</p>'
    )
    assert portal.insert_after_body("<p>a</p>", "<b>") == "\n<b><p>a</p>"
