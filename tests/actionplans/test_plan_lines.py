"""The plan table's lines: one per activity, equal neighbouring cells merged (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

from actionplans.snapshots import (
    ALL_UNITS,
    AND_ALL_UNITS,
    ActivityRow,
    Cell,
    merge_cells,
    plan_lines,
    report_from_raw,
    unit_lines,
)


def test_equal_neighbours_merge_and_a_different_value_starts_a_new_cell():
    a, b = ("ก",), ("ข",)
    assert merge_cells([a, a, b, a]) == [Cell(a, 2), None, Cell(b, 1), Cell(a, 1)]
    assert merge_cells([]) == []
    assert merge_cells([(), ()]) == [Cell((), 2), None]


def test_units_are_printed_lead_first_and_every_unit_as_all_units():
    assert unit_lines(["ข", "ก", "ข"], all_units=False, covers_all=False) == ("ข", "ก")
    assert unit_lines(["ก"], all_units=True, covers_all=False) == ("ก", AND_ALL_UNITS)
    assert unit_lines([], all_units=True, covers_all=False) == (ALL_UNITS,)
    assert unit_lines(["ก", "ข"], all_units=False, covers_all=True) == (ALL_UNITS,)


def _activity(text: str, target: tuple[str, ...], budget: str | None = None) -> ActivityRow:
    return ActivityRow(
        text=text,
        schedule=None,
        target=target,
        units=("ก",),
        budget=None if budget is None else Decimal(budget),
        budget_text="",
    )


def test_lines_number_the_activities_and_span_the_issues_over_all_of_them():
    lines = plan_lines(
        ("ประเด็น",), [_activity("หนึ่ง", ("ผล ๑",)), _activity("สอง", ("ผล ๒",))], thai=True
    )
    assert [line.number for line in lines] == ["๑.", "๒."]
    assert lines[0].issues == Cell(("ประเด็น",), 2) and lines[1].issues is None
    assert lines[0].units == Cell(("ก",), 2) and lines[1].units is None
    assert [line.target.lines for line in lines] == [("ผล ๑",), ("ผล ๒",)]
    single = plan_lines(("ประเด็น",), [_activity("หนึ่ง", ())], thai=False)
    assert single[0].number == ""


def test_a_snapshot_approved_before_activities_had_their_own_target_still_reads():
    old = {
        "plan_year": 2563,
        "status": "approved",
        "version": 1,
        "agency_name": "หน่วยงาน",
        "title": "",
        "introduction": "",
        "items": [
            {
                "indicator_number": 10,
                "indicator_name": "การป้องกันการทุจริต",
                "order": 1,
                "assessment_issues": ["ประเด็น"],
                "activities": [
                    {
                        "text": t,
                        "start_month": None,
                        "start_year": None,
                        "end_month": None,
                        "end_year": None,
                        "schedule_text": "ดำเนินการต่อเนื่อง",
                    }
                    for t in ("หนึ่ง", "สอง")
                ],
                "target": ["ผลร่วม"],
                "units": ["กลุ่มอำนวยการ", "กลุ่มนโยบายและแผน"],
                "budget": "1000.00",
                "all_units": False,
            }
        ],
    }
    report = report_from_raw(old, thai=False, approved=True)
    row = report.rows[0]
    assert [a.target for a in row.activities] == [("ผลร่วม",), ("ผลร่วม",)]
    assert row.lines[0].target == Cell(("ผลร่วม",), 2)
    assert [a.budget for a in row.activities] == [Decimal("1000.00"), None]
    assert report.budget_total == Decimal("1000.00")
