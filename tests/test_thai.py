"""Thai document conventions."""

import datetime as dt

import pytest

from ita_portal.lib.thai import (
    be_year,
    fiscal_quarter,
    fiscal_year_bounds,
    fiscal_year_of,
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
