"""Editing a draft plan in the admin: rows inline, the editor recorded for the four-eyes rule."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from actionplans import services
from actionplans.models import ActionPlan

from .formdata import admin_form_data, row_prefix


def test_staff_edit_a_draft_plan_and_become_its_last_editor(approver_client, draft_plan, demo):
    # The approver edits the plan staff had drafted: afterwards the approver may not approve it.
    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])
    data = admin_form_data(approver_client.get(url).content.decode(), "actionplan_form")
    assert data["items-TOTAL_FORMS"] == ["15"]
    data["title"] = ["แผนฉบับปรับปรุง"]
    data["items-0-assessment_issues"] = ["ประเด็นใหม่"]
    response = approver_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert plan.title == "แผนฉบับปรับปรุง"
    first = plan.items.order_by("indicator__number", "order").first()
    assert first.assessment_issues == "ประเด็นใหม่"
    assert plan.last_edited_by == demo.users["demo-approver"]
    plan = services.actionplan_submit(plan=plan, user=demo.users["demo-staff"])
    assert services.may_approve(demo.users["demo-approver"], plan) is False


def test_a_row_for_an_indicator_of_another_year_is_refused(staff_client, draft_plan):
    from indicators.models import Indicator

    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])
    data = admin_form_data(staff_client.get(url).content.decode(), "actionplan_form")
    foreign = Indicator.objects.exclude(framework=draft_plan.assessment.framework).first()
    assert foreign is not None, "the framework fixtures hold more than one year"
    data["items-0-indicator"] = [str(foreign.pk)]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    draft_plan.refresh_from_db()
    assert draft_plan.items.filter(indicator=foreign).count() == 0


def test_staff_create_a_plan_in_the_admin(staff_client, approved_plan, seed_assessment, demo):
    approved_plan.delete()
    response = staff_client.post(
        reverse("admin:actionplans_actionplan_add"),
        {
            "assessment": seed_assessment.pk,
            "title": "แผนใหม่",
            "introduction": "",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    assert (plan.title, plan.created_by, plan.status) == (
        "แผนใหม่",
        demo.users["demo-staff"],
        "draft",
    )


def test_an_outsider_cannot_create_a_plan_for_the_seed_assessment(
    outsider_client, approved_plan, seed_assessment
):
    approved_plan.delete()
    response = outsider_client.post(
        reverse("admin:actionplans_actionplan_add"),
        {
            "assessment": seed_assessment.pk,
            "title": "x",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert not ActionPlan.objects.filter(assessment=seed_assessment).exists()


def test_a_plan_with_a_history_cannot_be_deleted_even_as_a_draft(staff_client, draft_plan):
    url = reverse("admin:actionplans_actionplan_delete", args=[draft_plan.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    assert ActionPlan.objects.filter(pk=draft_plan.pk).exists()


def test_a_fresh_draft_can_be_deleted(staff_client, approved_plan, seed_assessment, demo):
    approved_plan.delete()
    plan = services.actionplan_draft_from_assessment(
        assessment=seed_assessment, user=demo.users["demo-staff"]
    )
    url = reverse("admin:actionplans_actionplan_delete", args=[plan.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()


def _item_page(client, plan, number: int = 10, position: int = 0):
    """A row's activities are edited on the plan's page: the row, the page and its data."""
    item = plan.items.filter(indicator__number=number).order_by("order")[position]
    url = reverse("admin:actionplans_actionplan_change", args=[plan.pk])
    data = admin_form_data(client.get(url).content.decode(), "actionplan_form")
    return item, url, data, row_prefix(data, item)


def test_a_budget_typed_in_thai_digits_with_separators_is_read_as_baht(staff_client, draft_plan):
    item, url, data, row = _item_page(staff_client, draft_plan)
    data[f"{row}-activities-0-budget"] = ["๑๕,๕๐๐.๕๐"]
    assert staff_client.post(url, data).status_code == 302
    assert item.activities.order_by("order").first().budget == Decimal("15500.50")


def test_a_budget_that_is_not_a_number_is_refused_in_thai(staff_client, draft_plan):
    from actionplans.forms import ERROR_BUDGET_INVALID
    from actionplans.plan_formsets import ERROR_ACTIVITIES_INVALID

    item, url, data, row = _item_page(staff_client, draft_plan)
    data[f"{row}-activities-0-budget"] = ["สองแสน"]
    data["title"] = ["ชื่อที่พิมพ์ไว้"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert ERROR_BUDGET_INVALID in page and ERROR_ACTIVITIES_INVALID in page
    assert "สองแสน" in page and "ชื่อที่พิมพ์ไว้" in page, "what was typed is kept"
    draft_plan.refresh_from_db()
    assert draft_plan.title != "ชื่อที่พิมพ์ไว้", "nothing is saved while an activity is wrong"


def test_each_activity_gets_its_own_target_lead_unit_and_units(
    staff_client, draft_plan, seed_agency
):
    item, url, data, row = _item_page(staff_client, draft_plan, number=7)
    units = {u.name: u.pk for u in seed_agency.units.all()}
    data[f"{row}-activities-1-target"] = ["เป้าหมายของกิจกรรมที่สอง"]
    data[f"{row}-activities-1-lead_unit"] = [str(units["กลุ่มกฎหมายและคดี"])]
    data[f"{row}-activities-1-units"] = [str(units["กลุ่มอำนวยการ"])]
    data[f"{row}-activities-1-all_units"] = ["on"]
    assert staff_client.post(url, data).status_code == 302, "saved"
    first, second, third = item.activities.order_by("order")
    assert second.target == "เป้าหมายของกิจกรรมที่สอง" and first.target != second.target
    assert second.lead_unit.name == "กลุ่มกฎหมายและคดี" and second.all_units
    from actionplans.selectors import plan_for_report

    row = plan_for_report(draft_plan.assessment).groups[1].rows[0]
    assert row.activities[1].units == ("กลุ่มกฎหมายและคดี", "กลุ่มอำนวยการ", "และทุกกลุ่ม/หน่วย")


def test_a_unit_of_another_agency_is_refused_for_an_activity(
    staff_client, draft_plan, other_agency
):
    item, url, data, row = _item_page(staff_client, draft_plan, number=7)
    foreign = other_agency.units.first()
    data[f"{row}-activities-0-lead_unit"] = [str(foreign.pk)]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert item.activities.order_by("order").first().lead_unit_id != foreign.pk


def test_the_plan_page_offers_each_rows_indicator_issues(staff_client, draft_plan, seed_assessment):
    page = staff_client.get(reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk]))
    issues = seed_assessment.scores.get(indicator__number=10).assessment_issue_list
    assert all(f"<li>{issue}</li>" in page.content.decode() for issue in issues)


def test_submitting_from_the_form_saves_what_was_typed_first(staff_client, draft_plan):
    # Issue 11: pressing เสนออนุมัติ with an unsaved edit used to throw the edit away.
    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])
    page = staff_client.get(url).content.decode()
    assert "บันทึกและเสนออนุมัติ" in page
    data = admin_form_data(page, "actionplan_form")
    data["title"] = ["แผนที่แก้แล้วจึงเสนอ"]
    data["_submit_plan"] = ["1"]
    data["submit_comment"] = ["ขอเสนอ"]
    response = staff_client.post(url, data, follow=True)
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert (plan.title, plan.status) == ("แผนที่แก้แล้วจึงเสนอ", ActionPlan.Status.SUBMITTED)
    assert "บันทึกการแก้ไขและเสนออนุมัติแผนแล้ว" in response.content.decode()
    assert plan.transitions.order_by("-at", "-pk").first().comment == "ขอเสนอ"


def test_an_invalid_edit_is_neither_saved_nor_submitted(staff_client, draft_plan):
    from indicators.models import Indicator

    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])
    data = admin_form_data(staff_client.get(url).content.decode(), "actionplan_form")
    foreign = Indicator.objects.exclude(framework=draft_plan.assessment.framework).first()
    data["items-0-indicator"] = [str(foreign.pk)]
    data["title"] = ["ไม่ควรถูกบันทึก"]
    data["_submit_plan"] = ["1"]
    response = staff_client.post(url, data)
    assert response.status_code == 200  # the form again, with what was typed and the errors
    assert "ไม่ควรถูกบันทึก" in response.content.decode()
    plan = ActionPlan.objects.get(pk=draft_plan.pk)
    assert plan.status == ActionPlan.Status.DRAFT and plan.title != "ไม่ควรถูกบันทึก"


def test_the_plan_names_its_people_by_name_and_links_to_no_page_staff_cannot_open(
    staff_client, approved_plan, demo
):
    # The creator, editor, proposer and approver were usernames linking to the accounts' admin,
    # which answers 403 to staff and approvers.
    from ita_portal.lib.users import display_name

    url = reverse("admin:actionplans_actionplan_change", args=[approved_plan.pk])
    html = staff_client.get(url).content.decode()
    assert "/admin/auth/user/" not in html
    assert display_name(demo.users["demo-approver"]) in html
    assert ">demo-approver<" not in html
