"""The dated-evidence rule (oit/dating.py): warnings for a date outside the period the item's rule
names, a reminder for a missing date, nothing for an item without a rule. An assessment of
๒๕๖๙ (1 ต.ค. 2025 – 30 ก.ย. 2026): its last fiscal year ๒๕๖๘ runs 1 ต.ค. 2024 – 30 ก.ย. 2025."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.models import EvidenceRule
from oit.dating import (
    FALLS_IN_HALF,
    FALLS_IN_QUARTER,
    HALVES,
    REMINDER_NO_DATE,
    RULE_PERIODS,
    WARNING_OUTSIDE,
    date_warnings,
)

YEAR = 2569
FIRST_DAY = dt.date(2025, 10, 1)  # 1 ต.ค. ๒๕๖๘, first day of fiscal year ๒๕๖๙
LAST_DAY = dt.date(2026, 9, 30)  # 30 ก.ย. ๒๕๖๙, its last day
DAY = dt.timedelta(days=1)
THIS_YEAR_RULES = [EvidenceRule.THIS_FISCAL_YEAR, EvidenceRule.QUARTERLY, EvidenceRule.SIX_MONTHLY]


def warnings(rule: str, date: dt.date | None) -> list[str]:
    return date_warnings(rule=rule, document_date=date, fiscal_year=YEAR)


def outside(rule: str, date: str, year: str, start: str, end: str) -> str:
    period = RULE_PERIODS[rule].format(year=year)
    return WARNING_OUTSIDE.format(date=date, year=year, start=start, end=end, period=period)


@pytest.mark.parametrize("rule", THIS_YEAR_RULES)
@pytest.mark.parametrize("date", [FIRST_DAY, dt.date(2026, 3, 15), LAST_DAY])
def test_a_date_inside_the_assessments_fiscal_year_gives_no_warning(rule, date):
    assert warnings(rule, date) == []


@pytest.mark.parametrize("date", [FIRST_DAY - DAY, LAST_DAY + DAY])
def test_this_fiscal_year_warns_a_day_either_side_of_the_year(date):
    assert warnings(EvidenceRule.THIS_FISCAL_YEAR, date) == [
        outside(
            EvidenceRule.THIS_FISCAL_YEAR,
            "๓๐ กันยายน ๒๕๖๘" if date < FIRST_DAY else "๑ ตุลาคม ๒๕๖๙",
            "๒๕๖๙",
            "๑ ตุลาคม ๒๕๖๘",
            "๓๐ กันยายน ๒๕๖๙",
        )
    ]


@pytest.mark.parametrize("date", [FIRST_DAY - 365 * DAY, dt.date(2025, 3, 1), FIRST_DAY - DAY])
def test_last_fiscal_year_accepts_the_year_before_to_its_last_day(date):
    assert warnings(EvidenceRule.LAST_FISCAL_YEAR, date) == []


def test_last_fiscal_year_warns_from_the_first_day_of_the_assessments_year():
    assert warnings(EvidenceRule.LAST_FISCAL_YEAR, FIRST_DAY) == [
        outside(
            EvidenceRule.LAST_FISCAL_YEAR,
            "๑ ตุลาคม ๒๕๖๘",
            "๒๕๖๘",
            "๑ ตุลาคม ๒๕๖๗",
            "๓๐ กันยายน ๒๕๖๘",
        )
    ]


def test_last_fiscal_year_warns_the_day_before_its_first_day():
    [warning] = warnings(EvidenceRule.LAST_FISCAL_YEAR, dt.date(2024, 9, 30))
    assert warning.startswith("วันที่ของเอกสาร (๓๐ กันยายน ๒๕๖๗) ไม่อยู่ในปีงบประมาณ พ.ศ. ๒๕๖๘")


def test_quarterly_warns_outside_the_year_and_names_the_quarter_the_date_falls_in():
    date = LAST_DAY + DAY  # 1 ต.ค. ๒๕๖๙: quarter 1 of fiscal year ๒๕๗๐
    expected = outside(
        EvidenceRule.QUARTERLY, "๑ ตุลาคม ๒๕๖๙", "๒๕๖๙", "๑ ตุลาคม ๒๕๖๘", "๓๐ กันยายน ๒๕๖๙"
    ) + FALLS_IN_QUARTER.format(part="๑", year="๒๕๗๐")
    assert warnings(EvidenceRule.QUARTERLY, date) == [expected]


def test_quarterly_before_the_year_names_the_fourth_quarter_of_the_year_before():
    [warning] = warnings(EvidenceRule.QUARTERLY, FIRST_DAY - DAY)
    assert warning.endswith(FALLS_IN_QUARTER.format(part="๔", year="๒๕๖๘"))


@pytest.mark.parametrize(
    ("date", "half", "year"),
    [
        (FIRST_DAY - DAY, HALVES[1], "๒๕๖๘"),  # 30 ก.ย. ๒๕๖๘: the second half of ๒๕๖๘
        (dt.date(2025, 4, 1), HALVES[1], "๒๕๖๘"),
        (dt.date(2025, 3, 31), HALVES[0], "๒๕๖๘"),
        (LAST_DAY + DAY, HALVES[0], "๒๕๗๐"),
    ],
)
def test_six_monthly_warns_outside_the_year_and_names_the_half(date, half, year):
    [warning] = warnings(EvidenceRule.SIX_MONTHLY, date)
    assert warning.startswith("วันที่ของเอกสาร")
    assert warning.endswith(FALLS_IN_HALF.format(part=half, year=year))


@pytest.mark.parametrize(
    ("rule", "year"),
    [
        (EvidenceRule.THIS_FISCAL_YEAR, "๒๕๖๙"),
        (EvidenceRule.LAST_FISCAL_YEAR, "๒๕๖๘"),
        (EvidenceRule.QUARTERLY, "๒๕๖๙"),
        (EvidenceRule.SIX_MONTHLY, "๒๕๖๙"),
    ],
)
def test_a_missing_date_on_an_item_with_a_rule_gets_a_reminder(rule, year):
    period = RULE_PERIODS[rule].format(year=year)
    assert warnings(rule, None) == [REMINDER_NO_DATE.format(period=period)]


@pytest.mark.parametrize("date", [None, FIRST_DAY - 400 * DAY, LAST_DAY + DAY])
def test_an_item_without_a_rule_never_warns(date):
    assert warnings(EvidenceRule.NONE, date) == []


def test_warnings_use_thai_digits_only():
    [warning] = warnings(EvidenceRule.THIS_FISCAL_YEAR, dt.date(2027, 1, 2))
    assert not any(ch.isdigit() and ch.isascii() for ch in warning)
    assert "๒ มกราคม ๒๕๗๐" in warning
