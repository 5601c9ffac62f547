"""Thai document conventions."""

import datetime as dt

import pytest

from ita_portal.lib.thai import (
    be_year,
    digits_in_html,
    fiscal_quarter,
    fiscal_year_bounds,
    fiscal_year_of,
    keep_units_together,
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


def _nobr(text: str) -> str:
    return f'<span class="nobr">{text}</span>'


@pytest.mark.parametrize(
    "unit",
    [
        "พ.ศ. ๒๕๖๓",
        "พ.ศ.๒๕๖๒",
        "พ.ศ. 2563",
        "เขต ๒",
        "เขต 2",
        "นายชนาธิป สำเร็จ",
        "นางอุรารักษ์ สุขสวัสดิ์",
        "นางสาวสม ใจดี",
        "น.ส.พิไลภรณ์ ตระกูลพันธุ์เลิศ",
        "ดร.ชนาธิป สำเร็จ",
        "ผู้รับผิดชอบ",
        "ความโปร่งใส",
        "เขตพื้นที่",
        "ปีงบประมาณ",
    ],
)
def test_units_a_line_must_not_split_are_kept_together(unit):
    assert keep_units_together(f"<p>ก่อน {unit} หลัง</p>") == f"<p>ก่อน {_nobr(unit)} หลัง</p>"


def test_a_title_inside_a_word_is_no_name():
    # พัฒนางาน holds the letters of นาง: no name starts there.
    html = "<p>ปรับปรุงและพัฒนางานให้มีประสิทธิภาพยิ่งขึ้น โดยมีการจัดตั้งช่องทาง</p>"
    assert keep_units_together(html) == html


def test_only_laid_out_text_gets_units():
    html = (
        '<title>ปี พ.ศ. ๒๕๖๓</title><style>p::after { content: "เขต 2"; }</style>'
        '<svg><text>พ.ศ. ๒๕๖๓</text></svg><img alt="เขต ๒"><p>เขต ๒ &amp; พ.ศ. ๒๕๖๓</p>'
    )
    assert keep_units_together(html) == html.replace(
        "<p>เขต ๒ &amp; พ.ศ. ๒๕๖๓</p>", f"<p>{_nobr('เขต ๒')} &amp; {_nobr('พ.ศ. ๒๕๖๓')}</p>"
    )


def test_arabic_digits_replace_every_thai_digit():
    html = '<title>ปี ๒๕๖๓</title><meta content="เขต ๒"><p>คะแนน ๘๙.๐๗ ลำดับ ๖๐</p>'
    assert digits_in_html(html, thai=False) == (
        '<title>ปี 2563</title><meta content="เขต 2"><p>คะแนน 89.07 ลำดับ 60</p>'
    )


def test_thai_digits_replace_arabic_ones_in_text_but_not_in_codes_or_markup():
    html = (
        '<style>td { width: 12%; }</style><a href="/reports/x/2563/v1.pdf">ฉบับที่ 1</a>'
        "<p>ปี 2563 ข้อ O42 COVID-19 https://example.go.th/2563 เวลา 08.15 - 08.30 น. &#39;</p>"
    )
    assert digits_in_html(html, thai=True) == (
        '<style>td { width: 12%; }</style><a href="/reports/x/2563/v1.pdf">ฉบับที่ ๑</a>'
        "<p>ปี ๒๕๖๓ ข้อ O42 COVID-19 https://example.go.th/2563 เวลา ๐๘.๑๕ - ๐๘.๓๐ น. &#39;</p>"
    )
