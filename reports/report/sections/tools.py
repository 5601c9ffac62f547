"""Section 2: the analysis per tool (IIT, EIT, OIT), its strengths and its weaknesses."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from assessments.models import Assessment
from assessments.selectors import tool_interpretation_drafts, tool_interpretations
from indicators.scoring import Grade, ToolResult, band_rules, grade_for, round2

from ..context import ReportContext
from ..data import IndicatorRow, ToolSection

WARNING_DRAFT_INTERPRETATION = (
    "การตีความผล {tool} ยังเป็นร่างที่ระบบเขียนจากคะแนน (แก้ไขได้ที่ผลการประเมิน > การวิเคราะห์รายเครื่องมือ)"
)
NOTE_POINTS = (
    "หมายเหตุ: คะแนน {tool} {official} คะแนน เป็นคะแนนตามที่ประกาศผล "
    "เมื่อคำนวณจากคะแนนรายตัวชี้วัดข้างต้นได้ {computed} คะแนน"
)


@dataclass(frozen=True)
class Section2:
    section2_heading: str
    section2_intro: str
    tools: tuple[ToolSection, ...]


def build_section2(ctx: ReportContext, rows: tuple[IndicatorRow, ...]) -> Section2:
    fmt = ctx.fmt
    labels = {b.code: b.label for b in ctx.bands}
    drafts = tool_interpretation_drafts(ctx.assessment, ctx.result, labels)
    written = tool_interpretations(ctx.assessment)
    weak_count = sum(1 for r in rows if not r.is_strength)
    return Section2(
        section2_heading=f"การวิเคราะห์ข้อมูลผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.{ctx.year_t}",
        section2_intro=(
            f"จากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{ctx.name} ประจำปีงบประมาณ พ.ศ.{ctx.year_t} "
            f"เป็นรายตัวชี้วัด มีผลการวิเคราะห์ข้อมูลในแต่ละตัวชี้วัดที่แสดงให้เห็นถึงจุดแข็ง "
            f"{fmt.t(len(rows) - weak_count)} ตัวชี้วัด และจุดที่ต้องพัฒนา {fmt.t(weak_count)} ตัวชี้วัด "
            f"(เกณฑ์ร้อยละ {ctx.threshold_t}) ดังนี้"
        ),
        tools=tuple(
            _tool_section(
                ctx,
                index,
                tool_result,
                rows,
                written.get(tool_result.code) or "",
                drafts[tool_result.code],
            )
            for index, tool_result in enumerate(ctx.result.tools, start=1)
        ),
    )


def section2_warnings(section: Section2) -> tuple[str, ...]:
    """What the draft tells staff about section 2: interpretations still drafted by the portal."""
    return tuple(
        WARNING_DRAFT_INTERPRETATION.format(tool=t.code)
        for t in section.tools
        if t.interpretation_is_draft
    )


def _tool_range(ctx: ReportContext, numbers: tuple[int, ...]) -> str:
    if len(numbers) == 1:
        return f"ตัวชี้วัดที่ {ctx.fmt.t(numbers[0])}"
    return f"ตัวชี้วัดที่ {ctx.fmt.t(numbers[0])} – {ctx.fmt.t(numbers[-1])}"


def stated_figures(
    tool_result: ToolResult, weight: Decimal, bands: Any
) -> tuple[Decimal, Decimal, Grade]:
    """The points, percent and grade the tool's summary states, true to each other: where the
    official points stand in for the computed ones, the percent and the grade are those of the
    official points ("27.55 of 30 is 91.83 per cent", not the computed 91.98). Official points
    that are the computed ones rounded (34.48 for 34.482) keep the computed percent (86.21)."""
    official = tool_result.official_points
    if official is None or not weight:
        return tool_result.points, tool_result.percent, tool_result.grade
    if round2(official) == round2(tool_result.points):  # the same points, rounded: its percent
        return official, tool_result.percent, tool_result.grade
    percent = official * 100 / weight
    return official, percent, grade_for(percent, band_rules(bands))


def _points_note(ctx: ReportContext, tool_result: ToolResult) -> str:
    """A note for the reader on a mismatch, if the agency prints it (else the draft warns only)."""
    official = tool_result.official_points
    if official is None or round2(official) == round2(tool_result.points):
        return ""
    if ctx.assessment.discrepancy_display != Assessment.DiscrepancyDisplay.READER_NOTE:
        return ""
    return NOTE_POINTS.format(
        tool=tool_result.code,
        official=ctx.fmt.n(official),
        computed=ctx.fmt.n(tool_result.points),
    )


def _paragraphs(text: str) -> list[str]:
    blocks = [" ".join(b.split()) for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def _tool_section(
    ctx: ReportContext,
    index: int,
    tool_result: ToolResult,
    rows: tuple[IndicatorRow, ...],
    written: str,
    draft: str,
) -> ToolSection:
    fmt = ctx.fmt
    tool = ctx.tools[tool_result.code]
    numbers = tuple(i.number for i in ctx.result.indicators if i.tool == tool.code)
    row_of = {r.anchor: r for r in rows}
    own = [row_of[f"indicator-{n}"] for n in numbers]
    strong = tuple(r for r in own if r.is_strength)
    weak = tuple(r for r in own if not r.is_strength)
    points, percent, grade = stated_figures(tool_result, tool.weight, ctx.bands)
    paragraphs = _paragraphs(written or draft)
    counts = f"มีจุดแข็ง {fmt.t(len(strong))} ตัวชี้วัด และจุดที่ต้องพัฒนา {fmt.t(len(weak))} ตัวชี้วัด ดังนี้"
    if paragraphs:
        paragraphs[-1] = f"{paragraphs[-1]} {counts}"
    else:
        paragraphs = [counts]
    return ToolSection(
        number=fmt.t(f"2.{index}"),
        code=tool.code,
        name=tool.name,
        summary=(
            f"ผลการประเมินตาม{tool.name} {_tool_range(ctx, numbers)} "
            f"ได้คะแนนเท่ากับ {fmt.n(points)} "
            f"จากน้ำหนัก {fmt.t(f'{tool.weight.normalize():f}')} คะแนน "
            f"คิดเป็นร้อยละ {fmt.n(percent)} อยู่ในระดับ {grade.code}"
        ),
        interpretation=tuple(paragraphs),
        interpretation_is_draft=not written,
        note=_points_note(ctx, tool_result),
        strengths_heading=(
            f"จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ {ctx.threshold_t} ขึ้นไป) "
            + (f"จำนวน {fmt.t(len(strong))} ตัวชี้วัด คือ" if strong else "ไม่มี")
        ),
        strengths=strong,
        weaknesses_heading=(
            f"จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {ctx.threshold_t}) "
            + (f"จำนวน {fmt.t(len(weak))} ตัวชี้วัด คือ" if weak else "ไม่มี")
        ),
        weaknesses=weak,
    )
