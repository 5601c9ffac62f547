"""The console from the outside: who sees it, what it lists, what it exports, what it refuses."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

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
