"""A grade tied to a score is checked against the framework's bands (pure), and the draft warns."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from reports.report.builder import build_report, render_report_html
from reports.report.checks import WARNING_BAND_CLAIM, band_claim_warnings, band_claims

BANDS = [
    SimpleNamespace(code="AA", lower=Decimal("95.00")),
    SimpleNamespace(code="A", lower=Decimal("85.00")),
    SimpleNamespace(code="B", lower=Decimal("75.00")),
]


def test_the_seeds_aa_or_85_is_caught():
    claims = band_claims("โดยมีเป้าหมายคะแนนอยู่ในระดับ AA หรือ\n๘๕ คะแนน ขึ้นไป", BANDS)
    assert [(c.code, c.stated, c.lower) for c in claims] == [("AA", Decimal(85), Decimal(95))]
    assert claims[0].excerpt == "AA หรือ ๘๕ คะแนน ขึ้นไป"


@pytest.mark.parametrize(
    "text",
    [
        "ระดับ AA หรือ ๙๕ คะแนนขึ้นไป",
        "ระดับ A (85 คะแนนขึ้นไป)",
        "อยู่ในระดับ A ๘๙.๐๗ คะแนน",  # a result, not a bound
        "ระดับ A (Very Good) ได้ 89.07 คะแนน",
        "ระดับ Z หรือ ๑๐ คะแนนขึ้นไป",  # not a band of the framework
    ],
)
def test_right_claims_and_mere_results_are_not_flagged(text):
    assert band_claims(text, BANDS) == []


def test_a_score_before_the_grade_is_read_too():
    assert band_claims("ได้ ๘๐ คะแนนขึ้นไป (ระดับ A)", BANDS)[0].stated == Decimal(80)


def test_the_warning_names_where_and_the_bound_in_the_reports_digits():
    warnings = band_claim_warnings(
        [("คำสั่งที่ ๑๓๓/๒๕๖๓", "ระดับ AA หรือ ๘๕ คะแนน ขึ้นไป")], BANDS, thai_digits=True
    )
    assert warnings == (
        WARNING_BAND_CLAIM.format(
            where="คำสั่งที่ ๑๓๓/๒๕๖๓",
            excerpt="AA หรือ ๘๕ คะแนน ขึ้นไป",
            code="AA",
            lower="๙๕.๐๐",
        ),
    )


@pytest.mark.django_db
def test_the_demo_orders_claim_is_a_draft_warning_only(seed_assessment):
    report = build_report(seed_assessment)
    flagged = [w for w in report.warnings if "AA หรือ ๘๕ คะแนน ขึ้นไป" in w]
    assert flagged and flagged[0].startswith("คำสั่งที่ ๑๓๓/๒๕๖๓")
    assert flagged[0] in render_report_html(report, mode="web", draft=True)
    assert "ข้อสังเกตก่อนเผยแพร่" not in render_report_html(report, mode="web", draft=False)
