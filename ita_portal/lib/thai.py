"""Thai document conventions: Buddhist Era years, Thai digits, month names, fiscal quarters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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


# What search ignores or treats as equal: Thai digits are Arabic ones, spaces of any kind (and the
# zero-width ones Thai text carries) vanish, and ำ typed as nikhahit + sara aa is ำ.
SEARCH_IGNORED = (" ", "\u00a0", "\t", "\n", "\u200b", "\u2060")
SEARCH_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *zip(_THAI, _ARABIC, strict=True),
    ("\u0e4d\u0e32", "\u0e33"),
    *((char, "") for char in SEARCH_IGNORED),
)


def search_key(text: str) -> str:
    """Text as search compares it: lower case, Arabic digits, one form of ำ, no spaces at all.

    The database side applies the same SEARCH_REPLACEMENTS (ita_portal.lib.search), so
    "ปทุมธานี เขต 2" and "สพป. ปทุมธานี เขต ๒" both find "สพป.ปทุมธานี เขต ๒".
    """
    key = text.lower()
    for old, new in SEARCH_REPLACEMENTS:
        key = key.replace(old, new)
    return "".join(key.split())


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


def be_text(value: dt.date) -> str:
    """'๖ ธ.ค. ๒๕๖๙' or, for a date-time, '๖ ธ.ค. ๒๕๖๙ ๐๙:๑๕ น.' in local time: how a staff page
    writes a stored date (never its ISO or Gregorian form)."""
    from django.utils import timezone

    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{thai_date(local.date(), abbreviated=True)} {to_thai_digits(f'{local:%H:%M}')} น."
    return thai_date(value, abbreviated=True)


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


# A year above this is พ.ศ. (2400 พ.ศ. is 1857 ค.ศ.): dates may be typed in either era.
BE_YEAR_FLOOR = 2400
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDED_DATE = re.compile(r"(\d{1,2})\s*(\S+?)\s*(?:พ\.\s*ศ\.)?\s*(\d{4})")


def _month_number(name: str) -> int:
    for months in (MONTHS, MONTHS_ABBR):
        if name in months:
            return months.index(name) + 1
    raise ValueError(name)


def parse_date(text: str) -> dt.date:
    """'25/11/2569', '๒๕/๑๑/๒๕๖๙', '25 พ.ย. 2569', '2026-11-25': a year above 2400 is พ.ศ.

    Raises ValueError for anything else (or a day that does not exist).
    """
    text = to_arabic_digits(text).strip()
    if match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _WORDED_DATE.fullmatch(text):
        day, month, year = int(match[1]), _month_number(match[2]), int(match[3])
    else:
        raise ValueError(text)
    if year > BE_YEAR_FLOOR:
        year = ce_year(year)
    return dt.date(year, month, day)


def be_numeric_date(value: dt.date) -> str:
    """'25/11/2569': the date as a date box shows it, with the พ.ศ. year."""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


# Units a Thai line must never split: a year after พ.ศ./ค.ศ., a district number after เขต, a
# person's title + first name + surname, and a few compounds that read wrongly when cut.
# นาย/นาง start a name only where no Thai letter precedes them (พัฒนางาน holds no นาง).
_TITLE = (
    r"(?:ว่าที่\s?(?:ร้อยตรี|ร\.ต\.)\s?)?"
    r"(?:(?<![\u0e01-\u0e4e])(?:นางสาว|นาย|นาง)|น\.ส\.|ดร\.|ผศ\.|รศ\.)(?:ดร\.)?"
)
_THAI_WORD = r"[\u0e01-\u0e4e]{1,25}"
KEEP_TOGETHER = (
    "ผู้รับผิดชอบ",
    "ความโปร่งใส",
    "เขตพื้นที่",
    "เขตสุจริต",
    "ปีงบประมาณ",
)
_UNIT = re.compile(
    rf"(?:พ\.ศ\.|ค\.ศ\.)\s?[0-9๐-๙]{{4}}"
    rf"|เขต\s?[0-9๐-๙]+"
    rf"|{_TITLE}{_THAI_WORD} {_THAI_WORD}"
    rf"|{'|'.join(map(re.escape, KEEP_TOGETHER))}"
)
_HTML_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?[a-zA-Z][a-zA-Z0-9]*)")
_ENTITY = re.compile(r"(&#?[0-9A-Za-z]+;)")
_TOKEN = re.compile(r"\S+")
_LATIN = re.compile(r"[A-Za-z]")
NOBR_START, NOBR_END = '<span class="nobr">', "</span>"


def _map_text(document: str, change: Callable[[str], str], skip: frozenset[str]) -> str:
    """An HTML document with change() applied to its text (not to tags, attributes, entities,
    nor to the text of the elements named in skip)."""
    parts = _HTML_TAG.split(document)
    inside: str | None = None
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            match = _TAG_NAME.match(part)
            name = match.group(1).lower() if match else ""
            if inside is None and name in skip:
                inside = name
            elif name == f"/{inside}":
                inside = None
        elif inside is None and part:
            pieces = _ENTITY.split(part)
            pieces[::2] = [change(piece) for piece in pieces[::2]]
            parts[index] = "".join(pieces)
    return "".join(parts)


def keep_units_together(document: str) -> str:
    """An HTML document with every unbreakable unit of its text in a nowrap span (class nobr).

    Text only: tags, attributes and the text of title, style, script, svg and textarea (not laid
    out in lines, or not text) are left as they are. The units contain no & or <.
    """

    def wrap(text: str) -> str:
        return _UNIT.sub(lambda m: f"{NOBR_START}{m.group(0)}{NOBR_END}", text)

    return _map_text(document, wrap, frozenset({"title", "style", "script", "svg", "textarea"}))


def _thai_digits_outside_latin(text: str) -> str:
    """Arabic digits to Thai, except in words with Latin letters (O42, COVID-19, URLs)."""

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        return token if _LATIN.search(token) else token.translate(_TO_THAI)

    return _TOKEN.sub(word, text)


def digits_in_html(document: str, *, thai: bool) -> str:
    """An HTML document whose every digit follows the setting, typed text included.

    Arabic: every Thai digit becomes Arabic (Thai digits are never markup). Thai: the Arabic
    digits of the text (not of tags, styles or scripts) become Thai, except in words with
    Latin letters, where they belong to a code or an address.
    """
    if not thai:
        return document.translate(_TO_ARABIC)
    return _map_text(document, _thai_digits_outside_latin, frozenset({"style", "script"}))
