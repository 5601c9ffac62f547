"""The console from the outside: who sees it, what it lists, what it exports, what it refuses."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from assessments.hierarchy import agency_move
from reports.models import ReportPreview
from supervision.filters import NOTICE_KIND, NOTICE_SORT, NOTICE_SUBTREE
from supervision.units import STAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(seed_assessment) -> int:
    return seed_assessment.framework.fiscal_year


def _urls(tree, year) -> list[str]:
    code = tree.esa.code
    return [
        reverse("supervision:index"),
        reverse("supervision:agency", args=[code]),
        reverse("supervision:console", args=[code, year]),
        reverse("supervision:export_csv", args=[code, year]),
        reverse("supervision:export_xlsx", args=[code, year]),
        reverse("supervision:unit", args=[code, year, tree.schools[1].code]),
    ]


def _csv_rows(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_supervisor_sees_every_unit_with_its_level_and_state(supervisor_client, tree, year):
    response = supervisor_client.get(reverse("supervision:console", args=[tree.esa.code, year]))
    assert response.status_code == 200
    rows = response.context["data"].rows
    assert {r.code for r in rows} == {s.code for s in tree.units}
    assessed = [r for r in rows if r.code != tree.empty.code]
    assert all(r.level_name and r.total is not None for r in assessed)
    assert {r.stage for r in assessed} == {
        "no_plan",
        "draft",
        "returned",
        "submitted",
        "approved",
        "published",
    }
    assert next(r for r in rows if r.code == tree.empty.code).stage == "no_data"
    page = response.content.decode()
    for school in tree.units:
        assert school.name in page
    for row in rows:
        assert row.stage_label in page


def test_the_sibling_and_its_units_never_show(supervisor_client, tree, year):
    response = supervisor_client.get(reverse("supervision:console", args=[tree.esa.code, year]))
    page = response.content.decode()
    for agency in [tree.sibling, tree.obec, tree.esa, *tree.sibling_schools]:
        assert agency.code not in {r.code for r in response.context["data"].rows}
        assert agency.name not in page.replace(tree.esa.name, "")


def test_the_csv_has_one_row_per_unit_and_nothing_else(supervisor_client, tree, year):
    response = supervisor_client.get(reverse("supervision:export_csv", args=[tree.esa.code, year]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert sorted(r["รหัสหน่วยงาน"] for r in rows) == sorted(s.code for s in tree.units)
    assert {r["สังกัด"] for r in rows} == {tree.esa.name}
    assert {r["สถานะ"] for r in rows} == set(STAGES.values())
    assessed = [r for r in rows if r["รหัสหน่วยงาน"] != tree.empty.code]
    assert all(r["คะแนนรวม"] and r["ตัวชี้วัดที่ 1"] for r in assessed)


def test_the_xlsx_has_one_row_per_unit(supervisor_client, tree, year):
    from openpyxl import load_workbook

    response = supervisor_client.get(reverse("supervision:export_xlsx", args=[tree.esa.code, year]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "รหัสหน่วยงาน"
    assert sorted(v[0] for v in values[1:]) == sorted(s.code for s in tree.units)


def test_a_unit_name_that_looks_like_a_formula_is_made_inert(supervisor_client, tree, year):
    tree.schools[0].name = "=HYPERLINK(1)"
    tree.schools[0].save()
    response = supervisor_client.get(reverse("supervision:export_csv", args=[tree.esa.code, year]))
    names = {r["ชื่อหน่วยงาน"] for r in _csv_rows(response)}
    assert "'=HYPERLINK(1)" in names


@pytest.mark.parametrize("who", ["school_staff_client", "esa_staff_client", "outsider_client"])
def test_whoever_does_not_supervise_the_agency_gets_404_everywhere(request, tree, year, who):
    client = request.getfixturevalue(who)
    for url in _urls(tree, year):
        assert client.get(url).status_code == 404, url


def test_a_visitor_is_sent_to_the_login_page(anonymous_client, tree, year):
    for url in _urls(tree, year):
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_every_console_url_refuses_a_post(supervisor_client, tree, year):
    for url in _urls(tree, year):
        assert supervisor_client.post(url).status_code == 405, url


def test_a_sibling_unit_or_the_agency_itself_has_no_read_only_view(supervisor_client, tree, year):
    for code in [tree.sibling_schools[0].code, tree.esa.code, tree.obec.code, "no-such-unit"]:
        url = reverse("supervision:unit", args=[tree.esa.code, year, code])
        assert supervisor_client.get(url).status_code == 404, code
    # Nor a console over the sibling or the parent.
    for code in [tree.sibling.code, tree.obec.code]:
        url = reverse("supervision:console", args=[code, year])
        assert supervisor_client.get(url).status_code == 404, code


def test_the_read_only_view_shows_the_analysis_and_records_nothing(supervisor_client, tree, year):
    school = tree.schools[1]
    url = reverse("supervision:unit", args=[tree.esa.code, year, school.code])
    response = supervisor_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert school.name in page
    assert "<form" not in page
    assert not ReportPreview.objects.filter(assessment__agency=school).exists()


def test_the_index_opens_the_only_supervised_agency_at_its_latest_year(
    supervisor_client, tree, year
):
    response = supervisor_client.get(reverse("supervision:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "supervision:console", args=[tree.esa.code, year]
    )


def test_bad_filters_are_dropped_with_a_thai_notice(supervisor_client, tree, year):
    url = reverse("supervision:console", args=[tree.esa.code, year])
    response = supervisor_client.get(
        url, {"subtree": tree.sibling.code, "kind": "<b>x</b>", "sort": "evil", "level": "ZZ"}
    )
    assert response.status_code == 200
    data = response.context["data"]
    assert NOTICE_SUBTREE.format(value=tree.sibling.code) in data.filters.notices
    assert NOTICE_KIND.format(value="<b>x</b>") in data.filters.notices
    assert NOTICE_SORT.format(value="evil") in data.filters.notices
    assert len(data.rows) == len(tree.units)
    assert "<b>x</b>" not in response.content.decode()


def test_the_state_filter_and_the_sort_by_total(supervisor_client, tree, year):
    url = reverse("supervision:console", args=[tree.esa.code, year])
    published = supervisor_client.get(url, {"state": "published"}).context["data"].rows
    assert [r.stage for r in published] == ["published"]
    by_total = supervisor_client.get(url, {"sort": "total"}).context["data"].rows
    totals = [r.total for r in by_total]
    assert totals[:-1] == sorted(totals[:-1], reverse=True)
    assert by_total[-1].code == tree.empty.code  # no total: last
    lowest_first = supervisor_client.get(url, {"sort": "-total"}).context["data"].rows
    assert [r.total for r in lowest_first][:-1] == sorted(totals[:-1])
    assert lowest_first[-1].code == tree.empty.code  # still last


def test_a_unit_past_a_date_of_the_calendar_is_listed_as_overdue(supervisor_client, tree, year):
    import datetime as dt

    from assessments.models import Assessment

    school = tree.schools[0]  # no plan yet
    Assessment.objects.filter(agency=school).update(plan_due=dt.date(2000, 1, 31))
    url = reverse("supervision:console", args=[tree.esa.code, year])
    data = supervisor_client.get(url).context["data"]
    assert [r.code for r in data.overdue] == [school.code]
    overdue = supervisor_client.get(url, {"state": "overdue"}).context["data"].rows
    assert [r.code for r in overdue] == [school.code]
    csv_rows = _csv_rows(
        supervisor_client.get(reverse("supervision:export_csv", args=[tree.esa.code, year]))
    )
    late = {r["รหัสหน่วยงาน"]: r["เลยกำหนด"] for r in csv_rows}
    assert late[school.code] and not late[tree.schools[1].code]


def test_the_subtree_and_kind_filters_keep_only_their_units(supervisor_client, tree, year):
    group = tree.esa.children.create(code="esa-group", name="กลุ่มโรงเรียนที่ ๑", kind="กลุ่ม")
    inside = tree.schools[0]
    agency_move(agency=inside, new_parent=group, user=None)
    url = reverse("supervision:console", args=[tree.esa.code, year])
    data = supervisor_client.get(url, {"subtree": group.code}).context["data"]
    assert data.filters.notices == ()
    assert {r.code for r in data.rows} == {group.code, inside.code}
    kind = supervisor_client.get(url, {"kind": "กลุ่ม"}).context["data"]
    assert [r.code for r in kind.rows] == [group.code]


def test_a_unit_with_scores_missing_says_why_it_cannot_be_shown(supervisor_client, tree, year):
    from assessments.models import IndicatorScore

    school = tree.schools[2]
    IndicatorScore.objects.filter(assessment__agency=school, indicator__number=3).update(score=None)
    url = reverse("supervision:unit", args=[tree.esa.code, year, school.code])
    response = supervisor_client.get(url)
    assert response.status_code == 200
    assert "ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 3" in response.content.decode()


def test_the_unit_tables_are_paged_and_the_roll_up_counts_every_unit(
    supervisor_client, tree, year, monkeypatch
):
    monkeypatch.setattr("supervision.console.PER_PAGE", 2)
    url = reverse("supervision:console", args=[tree.esa.code, year])
    first = supervisor_client.get(url)
    rows = first.context["data"].rows
    assert len(rows) == len(tree.units) > 4
    second = supervisor_client.get(url, {"page": "2"})
    shown = second.context["shown"]
    assert [r.code for r in shown.page.object_list] == [r.code for r in rows[2:4]]
    html = second.content.decode()
    assert "หน้า 2 จาก" in html
    for row in (r for r in rows if r.assessment_id):
        # A unit's pipeline row links to its analysis; only the page's units have one here.
        link = reverse("supervision:unit", args=[tree.esa.code, year, row.code])
        assert (f'href="{link}">{row.name}</a>\n' in html) == (row in rows[2:4]), row.code
    for group, heat_rows in shown.heat:
        assert set(heat_rows) == {r for r in rows[2:4] if r.framework_id == group.framework_id}
        # The roll-up still counts every unit of the framework, not the page's.
        assert sum(t.count for t in group.grades) == len(
            [r for r in rows if r.framework_id == group.framework_id and r.grade]
        )
    past = supervisor_client.get(url, {"page": "999"}).context["shown"].page
    assert past.number == past.paginator.num_pages  # past the last page: the last
    assert supervisor_client.get(url, {"page": "x"}).context["shown"].page.number == 1
