"""Section 1: the year's result, the cohort, each indicator's score, its chart and the bands."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.safestring import SafeString

from assessments.results.levels import level_sentence
from assessments.selectors import assessment_level_outlook
from indicators.scoring import IndicatorResult, round2
from ita_portal.lib.thai import to_arabic_digits

from ... import charts
from ..context import ReportContext
from ..data import NOT_PASSED, PASSED, BandLine, IndicatorRow


@dataclass(frozen=True)
class Section1:
    section1_heading: str
    cohort_sentence: str
    total_sentence: str
    # What keeps the result from the next level under the year's rule ("" without a rule).
    level_sentence: str
    indicators_sentence: str
    indicators: tuple[IndicatorRow, ...]
    indicators_chart: SafeString
    bands: tuple[BandLine, ...]


def indicator_rows(ctx: ReportContext) -> tuple[IndicatorRow, ...]:
    """One formatted row per indicator, in the framework's order."""
    by_number = {s.indicator.number: s for s in ctx.assessment.scores.all()}
    colors = {b.code: b.color for b in ctx.bands}
    return tuple(
        _indicator_row(ctx, item, by_number[item.number], colors) for item in ctx.result.indicators
    )


def _indicator_row(
    ctx: ReportContext, item: IndicatorResult, score_row, colors: dict[str, str]
) -> IndicatorRow:
    fmt = ctx.fmt
    score_t = fmt.n(item.score)
    return IndicatorRow(
        number=fmt.t(item.number),
        name=score_row.indicator.name,
        tool=item.tool,
        score=score_t,
        grade=item.grade.code,
        passed=PASSED if item.passed else NOT_PASSED,
        is_strength=item.is_strength,
        color=colors.get(item.grade.code, "#777777"),
        lead=(
            f"ตัวชี้วัดที่ {fmt.t(item.number)} {score_row.indicator.name} "
            f"โดยรวมได้คะแนนร้อยละ {score_t} อยู่ในระดับ {item.grade.code}"
        ),
        narrative=score_row.narrative,
        assessment_issues=tuple(score_row.assessment_issue_list),
        development_issues=tuple(score_row.development_issue_list),
        anchor=f"indicator-{item.number}",
    )


def build_section1(ctx: ReportContext, rows: tuple[IndicatorRow, ...]) -> Section1:
    fmt = ctx.fmt
    tool_names = ", ".join(t.name for t in ctx.tools.values())
    return Section1(
        section1_heading=(
            f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{ctx.short} ปีงบประมาณ พ.ศ.{ctx.year_t}"
        ),
        cohort_sentence=_cohort_sentence(ctx),
        total_sentence=_total_sentence(ctx, rows),
        level_sentence=level_sentence(
            assessment_level_outlook(ctx.assessment, ctx.result), thai_digits=fmt.thai_digits
        ),
        indicators_sentence=(
            f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{ctx.name} เป็นรายตัวชี้วัด "
            f"จากเครื่องมือ {fmt.t(len(ctx.tools))} ประเภท ได้แก่ {tool_names} มีคะแนนตามตัวชี้วัด ดังนี้"
        ),
        indicators=rows,
        indicators_chart=_indicators_chart(ctx, rows),
        bands=tuple(
            BandLine(
                code=b.code,
                label=b.label,
                range=f"{fmt.n(b.lower)} – {fmt.n(b.upper)}",
                passed=PASSED if b.passed else NOT_PASSED,
                color=b.color,
            )
            for b in ctx.bands
        ),
    )


def _states_number(name: str, number: int) -> bool:
    """Whether a name already gives this number, in either digits ("สพท. ๒๒๕ เขต" gives 225: the
    report then does not add "จำนวนทั้งสิ้น ๒๒๕ หน่วยงาน" after it)."""
    return re.search(rf"(?<!\d){number}(?!\d)", to_arabic_digits(name)) is not None


def _cohort_sentence(ctx: ReportContext) -> str:
    fmt = ctx.fmt
    assessment = ctx.assessment
    cohort = assessment.agency.cohort
    cohort_name = cohort.name if cohort else "หน่วยงานในกลุ่มเดียวกัน"
    if assessment.cohort_average is None:
        return f"ยังไม่มีข้อมูลคะแนนเฉลี่ยของ{cohort_name} ประจำปีงบประมาณ พ.ศ.{ctx.year_t}"
    average = round2(assessment.cohort_average)
    cohort_grade = next((b for b in ctx.bands if b.lower <= average <= b.upper), None)
    size = (
        f" จำนวนทั้งสิ้น {fmt.t(assessment.cohort_size)} หน่วยงาน"
        if assessment.cohort_size and not _states_number(cohort_name, assessment.cohort_size)
        else ""
    )
    return (
        f"ผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ.{ctx.year_t} "
        f"ในภาพรวมของ{cohort_name}{size} ได้คะแนนเฉลี่ยร้อยละ {fmt.n(assessment.cohort_average)} "
        f"ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ "
        + (f"{cohort_grade.code} ({cohort_grade.label})" if cohort_grade else "-")
    )


def _rank_text(ctx: ReportContext) -> str:
    assessment, fmt = ctx.assessment, ctx.fmt
    if not assessment.official_rank:
        return ""
    rank = f" เป็นลำดับที่ {fmt.t(assessment.official_rank)}"
    if assessment.cohort_size:
        rank += f" จาก {fmt.t(assessment.cohort_size)} หน่วยงาน"
    return rank


def _total_sentence(ctx: ReportContext, rows: tuple[IndicatorRow, ...]) -> str:
    fmt, result = ctx.fmt, ctx.result
    name_of = {r.anchor: r.name for r in rows}
    highest = max(result.indicators, key=lambda i: i.score)
    lowest = min(result.indicators, key=lambda i: i.score)
    grade = result.grade
    grade_label = next((b.label for b in ctx.bands if b.code == grade.code), "")
    return (
        f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{ctx.name} ประจำปีงบประมาณ พ.ศ.{ctx.year_t} "
        f"ได้คะแนน {fmt.n(result.reported_total)}{_rank_text(ctx)} "
        f"ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ "
        f"{grade.code} ({grade_label}) ผลการประเมิน{PASSED if grade.passed else NOT_PASSED} "
        f"โดยตัวชี้วัด{name_of[f'indicator-{highest.number}']} ได้คะแนนสูงสุด {fmt.n(highest.score)} "
        f"ส่วนตัวชี้วัดที่ได้คะแนนน้อยที่สุด คือ {name_of[f'indicator-{lowest.number}']} "
        f"ได้คะแนน {fmt.n(lowest.score)}"
    )


def _indicators_chart(ctx: ReportContext, rows: tuple[IndicatorRow, ...]) -> SafeString:
    fmt = ctx.fmt
    pass_mark = ctx.assessment.framework.pass_mark
    return charts.indicator_bars(
        [
            charts.Bar(
                label=r.number,
                value=i.score,
                value_text=r.score,
                color=r.color,
                title=f"ตัวชี้วัดที่ {r.number} {r.name}",
            )
            for r, i in zip(rows, ctx.result.indicators, strict=True)
        ],
        [
            charts.Line(value=pass_mark, label=f"เกณฑ์ผ่าน {fmt.n(pass_mark)}", color="#b71c1c"),
            charts.Line(
                value=ctx.threshold,
                label=f"จุดแข็ง {fmt.n(ctx.threshold)}",
                color="#1f4e8c",
                dash="5 3",
            ),
        ],
        title=f"แผนภูมิคะแนนรายตัวชี้วัดของ{ctx.short} ประจำปีงบประมาณ พ.ศ.{ctx.year_t}",
        axis_text=fmt.t,
    )
