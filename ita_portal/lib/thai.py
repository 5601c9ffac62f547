"""Thai document conventions: Buddhist Era years, Thai digits, month names, fiscal quarters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

BE_OFFSET = 543

_ARABIC = "0123456789"
_THAI = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)


def to_thai_digits(value: object) -> str:
    """Render any value's text with Thai digits (๐–๙)."""
    return str(value).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """Replace Thai digits by Arabic ones; everything else is kept."""
    return text.translate(_TO_ARABIC)


def digits(value: object, thai: bool) -> str:
    """Text of value with Thai digits when thai is true, unchanged otherwise."""
    return to_thai_digits(value) if thai else str(value)


def be_year(ce_year: int) -> int:
    """พ.ศ. of a ค.ศ. year."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """ค.ศ. of a พ.ศ. year."""
    return be - BE_OFFSET


def thai_date(value: dt.date, *, abbreviated: bool = False, thai: bool = True) -> str:
    """'๕ กรกฎาคม ๒๕๖๓' (or with the month abbreviated); digits Thai unless thai is false."""
    months = MONTHS_ABBR if abbreviated else MONTHS
    text = f"{value.day} {months[value.month - 1]} {be_year(value.year)}"
    return digits(text, thai)


def fiscal_year_of(value: dt.date) -> int:
    """Thai fiscal year (พ.ศ.) a date falls in: it starts on 1 October of the year before."""
    year = be_year(value.year)
    return year + 1 if value.month >= 10 else year


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year พ.ศ. N: 1 ต.ค. N−1 to 30 ก.ย. N."""
    start = dt.date(ce_year(fiscal_year_be) - 1, 10, 1)
    end = dt.date(ce_year(fiscal_year_be), 9, 30)
    return start, end


def fiscal_quarter(month: int) -> int:
    """Quarter (1–4) of the fiscal year that a calendar month (1–12) belongs to."""
    return (month - 10) % 12 // 3 + 1


def baht(amount: Decimal | None, *, thai: bool) -> str:
    """'๒๐๐,๐๐๐ บาท' (satang shown only when there are some)."""
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return digits(f"{text} บาท", thai)
