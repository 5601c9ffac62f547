"""Thai document conventions."""

import datetime as dt

import pytest

from ita_portal.lib.thai import (
    be_year,
    fiscal_quarter,
    fiscal_year_bounds,
    fiscal_year_of,
    search_key,
    thai_date,
    to_arabic_digits,
    to_thai_digits,
)


def test_digits_both_ways():
    assert to_thai_digits("89.07") == "๘๙.๐๗"
    assert to_arabic_digits("๑๓๓/๒๕๖๓") == "133/2563"


def test_buddhist_era_and_thai_date():
    assert be_year(2020) == 2563
    assert thai_date(dt.date(2020, 7, 5)) == "๕ กรกฎาคม ๒๕๖๓"
    assert thai_date(dt.date(2020, 7, 14), abbreviated=True, thai=False) == "14 ก.ค. 2563"


def test_fiscal_year_runs_october_to_september():
    assert fiscal_year_bounds(2563) == (dt.date(2019, 10, 1), dt.date(2020, 9, 30))
    assert fiscal_year_of(dt.date(2019, 10, 1)) == 2563
    assert fiscal_year_of(dt.date(2020, 9, 30)) == 2563


@pytest.mark.parametrize(
    ("month", "quarter"), [(10, 1), (12, 1), (1, 2), (3, 2), (4, 3), (6, 3), (7, 4), (9, 4)]
)
def test_fiscal_quarters(month, quarter):
    assert fiscal_quarter(month) == quarter


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ปทุมธานี เขต 2", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒"),
        ("สพป. ปทุมธานี  เขต ๒", "สพป.ปทุมธานี เขต ๒"),
        ("ปทุมธานี\u00a0เขต\u200b2", "ปทุมธานี เขต ๒"),
        ("ITA", "การประเมิน ita"),
        ("สำนักงาน", "ส\u0e4d\u0e32นักงาน"),  # ำ typed as nikhahit + sara aa
    ],
)
def test_search_key_ignores_digit_script_spacing_and_case(typed, stored):
    assert search_key(typed) in search_key(stored)


def test_search_key_keeps_what_tells_names_apart():
    assert search_key("เขต 2") != search_key("เขต 3")
    assert search_key("ปทุมธานี เขต ๑๒") == "ปทุมธานีเขต12"
    assert search_key("  ") == ""
