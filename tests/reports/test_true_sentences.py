"""The sentences the report writes from figures are true for any figures (issue 22).

The seed's IIT summary printed "๒๗.๕๕ จากน้ำหนัก ๓๐ คะแนน คิดเป็นร้อยละ ๙๑.๙๘": the official points
beside the percent computed from the indicators (27.55 / 30 = 91.83). A property test over
generated figures holds the arithmetic and the grade of every summary sentence.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from indicators.scoring import BandRule, Grade, ToolResult, grade_for, round2
from reports.report.builder import build_report
from reports.report.sections.tools import stated_figures

BANDS = tuple(
    BandRule(code=code, lower=Decimal(lower), upper=Decimal(upper), passed=code <= "E")
    for code, lower, upper in (
        ("AA", "95", "100"),
        ("A", "85", "94.99"),
        ("B", "75", "84.99"),
        ("C", "65", "74.99"),
        ("D", "55", "64.99"),
        ("E", "50", "54.99"),
        ("F", "0", "49.99"),
    )
)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SENTENCE = re.compile(
    r"ได้คะแนนเท่ากับ (?P<points>[\d.]+) จากน้ำหนัก (?P<weight>[\d.]+) คะแนน "
    r"คิดเป็นร้อยละ (?P<percent>[\d.]+) อยู่ในระดับ (?P<grade>\w+)"
)


def _cents(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _stated_is_true(points: Decimal, weight: Decimal, percent: Decimal, grade: str) -> None:
    """What a reader checks with a calculator: the shown points over the weight give the shown
    percent (to the rounding of the shown points), and the shown percent lies in the grade."""
    shown_points, shown_percent = round2(points), round2(percent)
    slack = Decimal("0.005") * 100 / weight + Decimal("0.0051")
    assert abs(shown_points * 100 / weight - shown_percent) <= slack, (points, weight, percent)
    assert grade_for(shown_percent, BANDS).code == grade


def test_the_stated_points_percent_and_grade_agree_for_any_figures():
    rng = random.Random(2562)
    for _ in range(5000):
        weight = Decimal(rng.choice([10, 20, 25, 26, 30, 33, 40, 50]))
        percent = _cents(rng, 0, 100)
        points = percent * weight / 100
        official = None
        if rng.random() < 0.7:  # the issuer's printed points: near, never above the weight
            official = min(weight, max(Decimal(0), round2(points + _cents(rng, -2, 2))))
        result = ToolResult(
            code="IIT",
            percent=percent,
            points=points,
            grade=grade_for(percent, BANDS),
            official_points=official,
        )
        shown_points, shown_percent, grade = stated_figures(result, weight, BANDS)
        assert isinstance(grade, Grade)
        assert shown_points == (points if official is None else official)
        _stated_is_true(shown_points, weight, shown_percent, grade.code)


@pytest.mark.django_db
def test_the_seeds_iit_sentence_states_the_percent_of_its_printed_points(seed_assessment):
    report = build_report(seed_assessment)
    for tool in report.tools:
        found = SENTENCE.search(tool.summary.translate(THAI_DIGITS))
        assert found, tool.summary
        _stated_is_true(
            Decimal(found["points"]),
            Decimal(found["weight"]),
            Decimal(found["percent"]),
            found["grade"],
        )
    assert "๒๗.๕๕ จากน้ำหนัก ๓๐ คะแนน คิดเป็นร้อยละ ๙๑.๘๓" in report.tools[0].summary


@pytest.mark.django_db
def test_section_1_does_not_count_a_cohort_whose_name_gives_its_size(seed_assessment):
    """The seed's cohort is "สำนักงานเขตพื้นที่การศึกษา (สพท.) ๒๒๕ เขต": the sentence said
    "… ๒๒๕ เขต จำนวนทั้งสิ้น ๒๒๕ หน่วยงาน"."""
    from reports.report.builder import render_report_html

    def section_1() -> str:
        html = render_report_html(build_report(seed_assessment), mode="pdf", draft=False)
        return re.sub(r"<[^>]+>", "", html)

    assert "๒๒๕ เขต ได้คะแนนเฉลี่ยร้อยละ" in section_1()
    assert "จำนวนทั้งสิ้น ๒๒๕" not in section_1()

    cohort = seed_assessment.agency.cohort
    cohort.name = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา"  # a name without the count: it is said
    cohort.save()
    assert "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา จำนวนทั้งสิ้น ๒๒๕ หน่วยงาน" in section_1()
