"""Whether an evidence's date fits its item's period rule: warnings for staff, never a refusal.

The assessors judge the evidence; the portal only points at a date that looks out of the period
the item's rule names (`OITItem.evidence_rule`). Fiscal year พ.ศ. Y runs 1 ต.ค. Y−1 to 30 ก.ย. Y
(`ita_portal.lib.thai.fiscal_year_bounds`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from indicators.models import EvidenceRule
from ita_portal.lib.thai import (
    fiscal_quarter,
    fiscal_year_bounds,
    fiscal_year_of,
    thai_date,
    to_thai_digits,
)

if TYPE_CHECKING:
    from .models import Evidence

# What each rule asks for, with the fiscal year it names (the sentence the reminder completes).
RULE_PERIODS: dict[str, str] = {
    EvidenceRule.THIS_FISCAL_YEAR: "เป็นการดำเนินการในปีงบประมาณ พ.ศ. {year}",
    EvidenceRule.LAST_FISCAL_YEAR: "เป็นผลการดำเนินการของปีงบประมาณ พ.ศ. {year}",
    EvidenceRule.QUARTERLY: "เป็นรายงานรายไตรมาสของปีงบประมาณ พ.ศ. {year}",
    EvidenceRule.SIX_MONTHLY: "เป็นรายงานรอบ ๖ เดือนของปีงบประมาณ พ.ศ. {year}",
}
REMINDER_NO_DATE = (
    "ข้อนี้กำหนดให้หลักฐาน{period} กรุณากรอกวันที่ของเอกสาร/ผลการดำเนินการ เพื่อให้ระบบช่วยตรวจช่วงเวลา"
)
WARNING_OUTSIDE = (
    "วันที่ของเอกสาร ({date}) ไม่อยู่ในปีงบประมาณ พ.ศ. {year} ({start} – {end}) "
    "ข้อนี้กำหนดให้หลักฐาน{period} กรุณาตรวจวันที่หรือเอกสารอีกครั้ง"
)
FALLS_IN_QUARTER = " (วันที่นี้ตรงกับไตรมาสที่ {part} ของปีงบประมาณ พ.ศ. {year})"
FALLS_IN_HALF = " (วันที่นี้ตรงกับรอบ ๖ เดือน{part} ของปีงบประมาณ พ.ศ. {year})"
HALVES = ("แรก (ต.ค.–มี.ค.)", "หลัง (เม.ย.–ก.ย.)")


def rule_year(rule: str, fiscal_year: int) -> int:
    """The fiscal year (พ.ศ.) an item's evidence must come from in an assessment of fiscal_year."""
    return fiscal_year - 1 if rule == EvidenceRule.LAST_FISCAL_YEAR else fiscal_year


def _falls_in(rule: str, value: dt.date) -> str:
    """Which quarter or half of its own fiscal year a date falls in (periodic rules only)."""
    year = to_thai_digits(fiscal_year_of(value))
    quarter = fiscal_quarter(value.month)
    if rule == EvidenceRule.QUARTERLY:
        return FALLS_IN_QUARTER.format(part=to_thai_digits(quarter), year=year)
    if rule == EvidenceRule.SIX_MONTHLY:
        return FALLS_IN_HALF.format(part=HALVES[(quarter - 1) // 2], year=year)
    return ""


def date_warnings(*, rule: str, document_date: dt.date | None, fiscal_year: int) -> list[str]:
    """Thai warnings about a date under an item's rule in an assessment of fiscal_year (พ.ศ.)."""
    if rule not in RULE_PERIODS:
        return []
    year = rule_year(rule, fiscal_year)
    period = RULE_PERIODS[rule].format(year=to_thai_digits(year))
    if document_date is None:
        return [REMINDER_NO_DATE.format(period=period)]
    start, end = fiscal_year_bounds(year)
    if start <= document_date <= end:
        return []
    warning = WARNING_OUTSIDE.format(
        date=thai_date(document_date),
        year=to_thai_digits(year),
        start=thai_date(start),
        end=thai_date(end),
        period=period,
    )
    return [warning + _falls_in(rule, document_date)]


def evidence_date_warnings(evidence: Evidence) -> list[str]:
    """The warnings of one evidence row (its item's rule, its assessment's fiscal year)."""
    return date_warnings(
        rule=evidence.item.evidence_rule,
        document_date=evidence.document_date,
        fiscal_year=evidence.assessment.framework.fiscal_year,
    )
