"""The summary PDF of the console: the supervisor's, read back; nobody else's (404, login)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_portal.lib.thai import to_thai_digits
from supervision import summary_pdf
from supervision.rollup import Column, Group, Spread
from supervision.units import Cell, UnitRow
from tests.reports.pdftext import compact, pdf_text


def url(tree, year) -> str:
    return f"/supervise/{tree.esa.code}/{year}/summary.pdf"


@pytest.fixture
def year(seed_assessment) -> int:
    return seed_assessment.framework.fiscal_year


def test_the_supervisor_gets_the_summary_of_every_school_and_no_sibling(
    supervisor_client, tree, year, tmp_path
):
    response = supervisor_client.get(url(tree, year))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = compact(pdf_text(pdf, tmp_path))
    assert compact(summary_pdf.TITLE) in text
    assert compact(tree.esa.name) in text
    # The whole document in Thai digits, names included (as the report prints them).
    for school in tree.schools:
        assert compact(to_thai_digits(school.name)) in text
    for school in tree.sibling_schools:
        assert compact(to_thai_digits(school.name)) not in text
    assert "แผนภาพคะแนนรายตัวชี้วัด" in text and "หน่วยงานที่ควรได้รับการช่วยเหลือ" in text


@pytest.mark.parametrize(
    "client_name", ["school_staff_client", "esa_staff_client", "outsider_client", "staff_client"]
)
def test_anyone_but_the_supervisor_gets_404(client_name, request, tree, year):
    client = request.getfixturevalue(client_name)
    assert client.get(url(tree, year)).status_code == 404


def test_nobody_is_sent_to_the_login_page_and_a_post_is_refused(
    anonymous_client, supervisor_client, tree, year
):
    response = anonymous_client.get(url(tree, year))
    assert response.status_code == 302 and "/login" in response["Location"]
    assert supervisor_client.post(url(tree, year)).status_code == 405


def _row(name: str, rank: int | None, total: str | None, weak: int = 0) -> UnitRow:
    cells = tuple(Cell(n, Decimal(50), n <= weak) for n in range(1, 4))
    return UnitRow(
        agency_id=0,
        code=name,
        name=name,
        kind="",
        parent_name="",
        tree_path="",
        total=None if total is None else Decimal(total),
        level_rank=rank,
        cells=cells,
    )


def test_the_units_needing_help_are_the_lowest_first_and_the_best_with_nothing_are_left_out():
    rows = [
        _row("best", 0, "95.00"),
        _row("best-but-weak", 0, "94.00", weak=1),
        _row("middle", 1, "80.00"),
        _row("lowest", 3, "60.00"),
        _row("lowest-higher-total", 3, "60.01"),
    ]
    names = [h.name for h in summary_pdf.needing_help(rows)]
    assert names == ["lowest", "lowest-higher-total", "middle", "best-but-weak"]
    assert len(summary_pdf.needing_help(rows, limit=2)) == 2


def _group(columns: int, rows: list[UnitRow]) -> Group:
    return Group(
        framework_id=1,
        label="",
        levels=(),
        grades=(),
        spread=Spread(0, None, None, None, None),
        movement=(),
        blockers=(),
        columns=tuple(Column(n, f"ตัวชี้วัด {n}", n % 3) for n in range(1, columns + 1)),
        rows=tuple(rows),
    )


def test_the_heat_map_splits_at_12_indicators_and_keeps_every_unit_in_each_part():
    rows = [_row("a", 0, "90.00")]
    assert len(summary_pdf.heat_tables(_group(12, rows))) == 1
    parts = summary_pdf.heat_tables(_group(13, rows))
    assert [len(p.columns) for p in parts] == [12, 1]
    assert all(len(p.rows) == 1 for p in parts)


def test_the_common_weak_indicators_are_by_count_and_leave_out_none_weak():
    weak = summary_pdf.weak_indicators(_group(6, [_row("a", 0, "90.00")]))
    assert [(w.number, w.weak) for w in weak] == [(2, 2), (5, 2), (1, 1), (4, 1)]  # none at 0
    assert weak[0].percent == Decimal("200.0")  # 2 units weak of 1 scored: the count is the group's


def test_the_summary_asks_no_query_of_its_own(tree, year, django_assert_num_queries):
    from supervision.console import console_data
    from supervision.filters import Filters

    data = console_data(tree.esa, year, Filters())
    with django_assert_num_queries(0):
        summary = summary_pdf.summary_of(data)
    assert [h.name for h in summary.needing_help]  # the factories' units are not all perfect


def test_the_heat_map_prints_200_units_at_most_and_says_so():
    at_limit = summary_pdf.heat_tables(_group(3, [_row(f"u{n}", 0, "90.00") for n in range(200)]))
    assert len(at_limit[0].rows) == 200 and at_limit[0].note == ""
    [past] = summary_pdf.heat_tables(_group(3, [_row(f"u{n}", 0, "90.00") for n in range(201)]))
    assert len(past.rows) == 200
    assert past.note == summary_pdf.HEAT_CUT.format(shown=200, total=201)


def test_demo_supervisor_gets_the_summary_of_every_demo_school(demo, seed_agency, tmp_path):
    from django.test import Client

    client = Client()
    client.force_login(demo.users["demo-supervisor"])
    schools = list(seed_agency.children.order_by("code"))
    year = demo.assessments[schools[0].code].framework.fiscal_year
    response = client.get(f"/supervise/{seed_agency.code}/{year}/summary.pdf")
    assert response.status_code == 200
    text = compact(pdf_text(b"".join(response.streaming_content), tmp_path))
    assert len(schools) == 4
    for school in schools:
        assert compact(to_thai_digits(school.name)) in text
