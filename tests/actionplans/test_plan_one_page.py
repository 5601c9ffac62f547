"""The plan is edited on one page (issue 11): rows with their activities and schedules inline,
added, changed and deleted in one save; no page per row; a locked plan shows them read-only."""

from __future__ import annotations

from django.urls import reverse

from actionplans.models import ActionPlan, PlanActivity, PlanChange
from actionplans.plan_formsets import ERROR_ACTIVITIES_INVALID

from .formdata import admin_form_data, row_prefix


def _page(client, plan: ActionPlan) -> tuple[str, dict[str, list[str]]]:
    url = reverse("admin:actionplans_actionplan_change", args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, admin_form_data(response.content.decode(), "actionplan_form")


def _add_activity(data: dict[str, list[str]], row: str, **fields: str) -> None:
    index = int(data[f"{row}-activities-TOTAL_FORMS"][0])
    data[f"{row}-activities-TOTAL_FORMS"] = [str(index + 1)]
    data.update({f"{row}-activities-{index}-{k}": [v] for k, v in fields.items()})


def _add_row(data: dict[str, list[str]], indicator_pk: str, issues: str) -> str:
    index = int(data["items-TOTAL_FORMS"][0])
    data["items-TOTAL_FORMS"] = [str(index + 1)]
    row = f"items-{index}"
    data.update(
        {
            f"{row}-indicator": [indicator_pk],
            f"{row}-order": ["0"],
            f"{row}-assessment_issues": [issues],
            f"{row}-activities-TOTAL_FORMS": ["0"],
            f"{row}-activities-INITIAL_FORMS": ["0"],
            f"{row}-activities-MIN_NUM_FORMS": ["0"],
            f"{row}-activities-MAX_NUM_FORMS": ["1000"],
        }
    )
    return row


def _indicator(plan: ActionPlan, number: int) -> str:
    return str(plan.assessment.framework.indicators.get(number=number).pk)


def test_an_activity_is_added_to_a_row_on_the_plan_page(staff_client, draft_plan):
    item = draft_plan.items.filter(indicator__number=7).first()
    before = item.activities.count()
    url, data = _page(staff_client, draft_plan)
    row = row_prefix(data, item)
    _add_activity(
        data,
        row,
        text="ประชุมชี้แจงบุคลากร",
        order="9",
        start_month="1",
        start_year="๒๕๖๓",
        end_month="3",
        end_year="2563",
        budget="๕,๐๐๐",
    )
    assert staff_client.post(url, data).status_code == 302
    added = item.activities.get(text="ประชุมชี้แจงบุคลากร")
    assert (added.start_year, added.end_month, added.budget) == (2563, 3, 5000)
    assert item.activities.count() == before + 1
    change = PlanChange.objects.get(plan=draft_plan, kind="activity", object_id=added.pk)
    assert (change.kind, change.action) == ("activity", "add")


def test_a_new_row_and_its_activities_are_saved_in_one_go(staff_client, draft_plan):
    url, data = _page(staff_client, draft_plan)
    row = _add_row(data, _indicator(draft_plan, 3), "ประเด็นใหม่ของแถวใหม่")
    _add_activity(data, row, text="กิจกรรมแรกของแถวใหม่", order="1")
    _add_activity(data, row, text="กิจกรรมที่สองของแถวใหม่", order="2", schedule_text="ต่อเนื่อง")
    assert staff_client.post(url, data).status_code == 302
    item = draft_plan.items.get(assessment_issues="ประเด็นใหม่ของแถวใหม่")
    assert [a.text for a in item.activities.order_by("order")] == [
        "กิจกรรมแรกของแถวใหม่",
        "กิจกรรมที่สองของแถวใหม่",
    ]


def test_an_activity_of_a_new_row_outside_the_plans_year_is_refused(staff_client, draft_plan):
    # The new row has no key yet: its activity still reaches the plan's year through it.
    url, data = _page(staff_client, draft_plan)
    data["title"] = ["ชื่อที่พิมพ์พร้อมแถวใหม่"]
    row = _add_row(data, _indicator(draft_plan, 3), "แถวที่ไม่ควรถูกบันทึก")
    _add_activity(
        data,
        row,
        text="กิจกรรมนอกปี",
        start_month="7",
        start_year="2564",
        end_month="9",
        end_year="2564",
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "อยู่นอกปีงบประมาณ พ.ศ. ๒๕๖๓" in page and ERROR_ACTIVITIES_INVALID in page
    assert "กิจกรรมนอกปี" in page and "แถวที่ไม่ควรถูกบันทึก" in page, "what was typed is kept"
    assert not draft_plan.items.filter(assessment_issues="แถวที่ไม่ควรถูกบันทึก").exists()
    assert not PlanActivity.objects.filter(text="กิจกรรมนอกปี").exists()
    draft_plan.refresh_from_db()
    assert draft_plan.title != "ชื่อที่พิมพ์พร้อมแถวใหม่"


def test_an_activity_typed_in_a_new_row_without_an_indicator_is_not_dropped(
    staff_client, draft_plan
):
    url, data = _page(staff_client, draft_plan)
    row = _add_row(data, "", "")
    data[f"{row}-order"] = ["0"]
    _add_activity(data, row, text="กิจกรรมที่ยังไม่มีตัวชี้วัด")
    response = staff_client.post(url, data)
    assert response.status_code == 200, "the row is not skipped as blank"
    assert "กิจกรรมที่ยังไม่มีตัวชี้วัด" in response.content.decode()
    assert not PlanActivity.objects.filter(text="กิจกรรมที่ยังไม่มีตัวชี้วัด").exists()


def test_an_activity_is_deleted_on_the_plan_page(staff_client, draft_plan):
    item = draft_plan.items.filter(indicator__number=7).first()
    gone = item.activities.order_by("order", "id").first()
    url, data = _page(staff_client, draft_plan)
    data[f"{row_prefix(data, item)}-activities-0-DELETE"] = ["on"]
    assert staff_client.post(url, data).status_code == 302
    assert not PlanActivity.objects.filter(pk=gone.pk).exists()
    change = PlanChange.objects.get(plan=draft_plan, kind="activity", object_id=gone.pk)
    assert (change.kind, change.action) == ("activity", "delete")


def test_a_blank_new_activity_is_ignored(staff_client, draft_plan):
    item = draft_plan.items.filter(indicator__number=7).first()
    before = PlanActivity.objects.count()
    url, data = _page(staff_client, draft_plan)
    _add_activity(data, row_prefix(data, item), order="0", text="")
    assert staff_client.post(url, data).status_code == 302
    assert PlanActivity.objects.count() == before


def test_there_is_no_page_per_row(staff_client, draft_plan):
    item = draft_plan.items.first()
    url, _ = _page(staff_client, draft_plan)
    page = staff_client.get(url).content.decode()
    assert "/planitem/" not in page
    # Every activity of every row is on the plan's page.
    for activity in PlanActivity.objects.filter(item__plan=draft_plan):
        assert f'value="{activity.pk}"' in page
    # An old link to a row's page leads to its plan's page.
    old = staff_client.get(reverse("admin:actionplans_planitem_change", args=[item.pk]))
    assert (old.status_code, old["Location"]) == (302, url)
    assert (
        staff_client.post(reverse("admin:actionplans_planitem_change", args=[item.pk])).status_code
        == 302
    )
    assert staff_client.get(reverse("admin:actionplans_planitem_add")).status_code == 403
    delete = reverse("admin:actionplans_planitem_delete", args=[item.pk])
    assert staff_client.post(delete, {"post": "yes"})["Location"] == url
    assert draft_plan.items.filter(pk=item.pk).exists(), "a row is deleted on its plan's page"


def test_a_rows_old_link_is_404_for_an_outsider(outsider_client, draft_plan):
    item = draft_plan.items.first()
    old = outsider_client.get(reverse("admin:actionplans_planitem_change", args=[item.pk]))
    assert old.status_code == 404


def _printed_activity(plan: ActionPlan, activity: PlanActivity):
    from actionplans.selectors import plan_for_report

    report = plan_for_report(plan.assessment, thai=True)
    row = next(r for r in report.rows if r.item_id == activity.item_id)
    return next(a for a in row.activities if a.text == activity.text)


def test_a_locked_plan_shows_its_activities_read_only(staff_client, approved_plan):
    url = reverse("admin:actionplans_actionplan_change", args=[approved_plan.pk])
    page = staff_client.get(url).content.decode()
    activity = PlanActivity.objects.filter(item__plan=approved_plan, start_month__isnull=False)
    activity = activity.exclude(lead_unit=None).first()
    assert "-activities-0-text" not in page and "plan-activity-add" not in page
    assert activity.text.splitlines()[0] in page
    printed = _printed_activity(approved_plan, activity)
    schedule = printed.schedule.text
    assert schedule and f"<dd>{schedule}</dd>" in page, "its schedule as the report prints it"
    units = ", ".join(printed.units)
    assert units.startswith(activity.lead_unit.name) and f"<dd>{units}</dd>" in page


def test_a_viewer_reads_a_draft_plans_activities_as_printed(draft_plan):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import Role
    from assessments.services import membership_grant

    viewer = get_user_model().objects.create_user("plan-viewer")
    membership_grant(user=viewer, agency=draft_plan.assessment.agency, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    page = client.get(reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "-activities-0-text" not in html
    activity = PlanActivity.objects.filter(item__plan=draft_plan, start_month__isnull=False).first()
    assert f"<dd>{_printed_activity(draft_plan, activity).schedule.text}</dd>" in html


def test_the_plan_pages_queries_do_not_grow_with_its_activities(staff_client, draft_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:actionplans_actionplan_change", args=[draft_plan.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    staff_client.get(url)  # the session and caches settle
    before = queries()
    item = draft_plan.items.filter(indicator__number=7).first()
    units = list(draft_plan.assessment.agency.units.all()[:2])
    for n in range(10):
        activity = PlanActivity.objects.create(item=item, text=f"กิจกรรมเพิ่ม {n}", order=10 + n)
        activity.units.set(units)
    assert queries() == before


def test_an_activity_of_another_row_cannot_be_changed_through_this_one(staff_client, draft_plan):
    # The activities' keys come from the page: a key of another row's activity (a forged form)
    # is not looked up outside the row, so nothing of the other row changes or moves.
    mine = draft_plan.items.filter(indicator__number=7).first()
    theirs = draft_plan.items.filter(indicator__number=10).first().activities.first()
    url, data = _page(staff_client, draft_plan)
    row = row_prefix(data, mine)
    data[f"{row}-activities-0-id"] = [str(theirs.pk)]
    data[f"{row}-activities-0-text"] = ["เขียนทับกิจกรรมของแถวอื่น"]
    staff_client.post(url, data)
    theirs.refresh_from_db()
    assert theirs.text != "เขียนทับกิจกรรมของแถวอื่น" and theirs.item_id != mine.pk
    assert not PlanActivity.objects.filter(text="เขียนทับกิจกรรมของแถวอื่น").exists()


def test_a_new_activity_or_row_left_at_order_0_goes_last_not_first(staff_client, draft_plan):
    # The report sorts by order: a new entry left at 0 would print before the others.
    item = draft_plan.items.filter(indicator__number=7).first()
    url, data = _page(staff_client, draft_plan)
    _add_activity(data, row_prefix(data, item), text="กิจกรรมที่เพิ่มทีหลัง", order="0")
    row = _add_row(data, _indicator(draft_plan, 7), "แถวที่เพิ่มทีหลัง")
    _add_activity(data, row, text="กิจกรรมแรกของแถว", order="0")
    _add_activity(data, row, text="กิจกรรมที่สองของแถว", order="0")
    assert staff_client.post(url, data).status_code == 302
    texts = [a.text for a in item.activities.order_by("order", "id")]
    assert texts[-1] == "กิจกรรมที่เพิ่มทีหลัง" and len(texts) > 1
    rows = list(draft_plan.items.filter(indicator__number=7).order_by("order", "id"))
    assert rows[-1].assessment_issues == "แถวที่เพิ่มทีหลัง" and len(rows) > 1
    assert [a.text for a in rows[-1].activities.order_by("order", "id")] == [
        "กิจกรรมแรกของแถว",
        "กิจกรรมที่สองของแถว",
    ]


def test_a_plan_of_realistic_size_is_saved_in_one_post(staff_client, draft_plan):
    """15 rows of 5 activities each post more than Django's default 1,000 fields: the save
    must go through, not end in a bare 400 that loses what staff typed."""
    url, data = _page(staff_client, draft_plan)
    rows = sorted({key.rsplit("-activities-", 1)[0] for key in data if "-activities-" in key})
    rows = [row for row in rows if "__prefix__" not in row]
    for row in rows:
        # Every field of the activity's form, as the browser posts them (the empty ones too).
        template = f"{row}-activities-__prefix__-"
        blank = {k.removeprefix(template): v[0] for k, v in data.items() if k.startswith(template)}
        while int(data[f"{row}-activities-TOTAL_FORMS"][0]) < 5:
            _add_activity(data, row, **(blank | {"text": f"กิจกรรมเพิ่มของ {row}", "order": "9"}))
    assert sum(map(len, data.values())) > 1000
    assert staff_client.post(url, data).status_code == 302
    assert PlanActivity.objects.filter(item__plan=draft_plan).count() == 5 * len(rows)


def test_a_plan_past_the_field_limit_is_told_in_thai_that_nothing_was_saved(
    staff_client, draft_plan, settings
):
    from ita_portal import errors

    url, data = _page(staff_client, draft_plan)
    data["title"] = ["ชื่อแผนที่ยังไม่ถูกบันทึก"]
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = sum(map(len, data.values())) - 1
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert errors.TITLE_TOO_MANY_FIELDS in response.content.decode()
    draft_plan.refresh_from_db()
    assert draft_plan.title != "ชื่อแผนที่ยังไม่ถูกบันทึก"
