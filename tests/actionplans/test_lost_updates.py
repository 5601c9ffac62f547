"""Two people edit the same draft plan (its page with rows, or a row's page with activities):
the later, stale form overwrites nothing, says so in Thai, shows what differs and keeps its input."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from actionplans.models import ActionPlan, PlanItem
from ita_portal.lib.admin_locking import ERROR_STALE_EDIT

from .formdata import admin_form_data


def plan_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def item_url(item: PlanItem) -> str:
    return reverse("admin:actionplans_planitem_change", args=[item.pk])


def form_of(client: Client, url: str, form_id: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    return admin_form_data(response.content.decode(), form_id)


def conflict_cells(html: str, kind: str) -> list[str]:
    return re.findall(rf'<td class="edit-conflict-{kind}">(.*?)</td>', html, flags=re.S)


def first_item(plan: ActionPlan) -> PlanItem:
    return plan.items.order_by("indicator__number", "order", "id").first()


def test_a_stale_plan_page_is_refused_with_both_values_shown_and_its_input_kept(
    staff_client, approver_client, draft_plan
):
    url = plan_url(draft_plan)
    staff_form = form_of(staff_client, url, "actionplan_form")
    approver_form = form_of(approver_client, url, "actionplan_form")

    staff_form["items-0-assessment_issues"] = ["เป้าหมายของเจ้าหน้าที่"]
    staff_form["introduction"] = ["ข้อความนำของเจ้าหน้าที่"]
    assert staff_client.post(url, staff_form).status_code == 302

    approver_form["items-0-assessment_issues"] = ["เป้าหมายของผู้บริหาร"]
    approver_form["title"] = ["ชื่อแผนที่ผู้บริหารพิมพ์"]
    response = approver_client.post(url, approver_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR_STALE_EDIT in html
    assert "เป้าหมายของเจ้าหน้าที่" in conflict_cells(html, "saved")
    assert "เป้าหมายของผู้บริหาร" in conflict_cells(html, "yours")
    assert "บันทึกล่าสุดโดย เจ้าหน้าที่ ตัวอย่าง" in html
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert first_item(plan).assessment_issues == "เป้าหมายของเจ้าหน้าที่"
    assert plan.title != "ชื่อแผนที่ผู้บริหารพิมพ์"
    shown = admin_form_data(html, "actionplan_form")
    assert shown["items-0-assessment_issues"] == ["เป้าหมายของผู้บริหาร"]
    assert shown["title"] == ["ชื่อแผนที่ผู้บริหารพิมพ์"]

    assert shown["introduction"] == ["ข้อความนำของเจ้าหน้าที่"]  # only staff changed it

    assert approver_client.post(url, shown).status_code == 302
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert (plan.title, first_item(plan).assessment_issues) == (
        "ชื่อแผนที่ผู้บริหารพิมพ์",
        "เป้าหมายของผู้บริหาร",
    )
    assert plan.introduction == "ข้อความนำของเจ้าหน้าที่"


def test_a_save_on_a_rows_page_makes_the_open_plan_page_stale(
    staff_client, approver_client, draft_plan
):
    item = first_item(draft_plan)
    staff_form = form_of(staff_client, plan_url(draft_plan), "actionplan_form")
    approver_form = form_of(approver_client, item_url(item), "planitem_form")

    approver_form["activities-0-text"] = ["กิจกรรมที่ผู้บริหารแก้"]
    assert approver_client.post(item_url(item), approver_form).status_code == 302

    staff_form["items-0-assessment_issues"] = ["เป้าหมายของเจ้าหน้าที่"]
    response = staff_client.post(plan_url(draft_plan), staff_form)
    assert response.status_code == 200
    assert ERROR_STALE_EDIT in response.content.decode()
    item.refresh_from_db()
    assert item.assessment_issues != "เป้าหมายของเจ้าหน้าที่"
    assert item.activities.order_by("order", "id").first().text == "กิจกรรมที่ผู้บริหารแก้"


def test_a_stale_rows_page_is_refused_and_keeps_the_activities_typed(
    staff_client, approver_client, draft_plan
):
    item = first_item(draft_plan)
    url = item_url(item)
    staff_form = form_of(staff_client, url, "planitem_form")
    approver_form = form_of(approver_client, url, "planitem_form")

    staff_form["activities-0-text"] = ["กิจกรรมของเจ้าหน้าที่"]
    assert staff_client.post(url, staff_form).status_code == 302

    approver_form["activities-0-text"] = ["กิจกรรมของผู้บริหาร"]
    response = approver_client.post(url, approver_form)
    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR_STALE_EDIT in html
    assert "กิจกรรมของเจ้าหน้าที่" in conflict_cells(html, "saved")
    assert admin_form_data(html, "planitem_form")["activities-0-text"] == ["กิจกรรมของผู้บริหาร"]
    assert item.activities.order_by("order", "id").first().text == "กิจกรรมของเจ้าหน้าที่"
