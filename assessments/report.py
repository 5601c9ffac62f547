"""The analysis report's data: one ready dataclass built from selectors; the template never queries.

Every figure is formatted here (two decimals, Thai or Arabic digits per report), and every
sentence that states a figure is generated from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from actionplans.selectors import PlanReport, plan_for_report
from committees.selectors import MeetingReport, OrderReport, meetings_for_report, order_for_report
from indicators.scoring import AssessmentResult, round2
from ita_portal.lib import thai

from . import charts
from .models import Assessment
from .selectors import agency_history, assessment_result, assessment_with_scores

PASSED = "ผ่าน"
NOT_PASSED = "ไม่ผ่าน"


@dataclass(frozen=True)
class IndicatorRow:
    number: str
    name: str
    tool: str
    score: str
    grade: str
    passed: str
    is_strength: bool
    color: str
    lead: str  # "ตัวชี้วัดที่ ๒ การใช้งบประมาณ โดยรวมได้คะแนนร้อยละ ๘๖.๖๔ อยู่ในระดับ A"
    narrative: str
    assessment_issues: tuple[str, ...]
    development_issues: tuple[str, ...]
    anchor: str


@dataclass(frozen=True)
class ToolSection:
    number: str  # "๒.๑"
    code: str
    name: str
    summary: str
    strengths_heading: str
    strengths: tuple[IndicatorRow, ...]
    weaknesses_heading: str
    weaknesses: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class HistoryLine:
    year: str
    total: str
    direction: str
    change: str


@dataclass(frozen=True)
class BandLine:
    code: str
    label: str
    range: str
    passed: str
    color: str


@dataclass(frozen=True)
class PhotoView:
    src: str  # file:// URI for the PDF, the access-checked media URL for the web page
    caption: str
    alt: str


@dataclass(frozen=True)
class MeetingView:
    meeting: MeetingReport
    photos: tuple[PhotoView, ...]
    anchor: str


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    level: int = 1


@dataclass(frozen=True)
class ReportData:
    """Everything the report template prints, formatted."""

    assessment_id: int
    agency_code: str
    agency_name: str
    agency_short_name: str
    fiscal_year: int
    plan_year: int
    fiscal_year_text: str
    plan_year_text: str
    thai_digits: bool
    title: str
    title_lines: tuple[str, ...]
    foreword: str
    introduction_heading: str
    introduction: str
    section1_heading: str
    cohort_sentence: str
    total_sentence: str
    history_sentence: str
    history: tuple[HistoryLine, ...]
    history_chart: SafeString
    indicators_sentence: str
    indicators: tuple[IndicatorRow, ...]
    indicators_chart: SafeString
    bands: tuple[BandLine, ...]
    section2_heading: str
    section2_intro: str
    tools: tuple[ToolSection, ...]
    section3_heading: str
    section3_intro: str
    weak_indicators: tuple[IndicatorRow, ...]
    warnings: tuple[str, ...]
    toc: tuple[TocEntry, ...]
    plan: PlanReport | None = None
    order: OrderReport | None = None
    meetings: tuple[MeetingView, ...] = field(default=())

    @property
    def page_counter_style(self) -> str:
        return "thai" if self.thai_digits else "decimal"


class _Fmt:
    """Numbers as the report prints them."""

    def __init__(self, thai_digits: bool):
        self.thai_digits = thai_digits

    def t(self, value: object) -> str:
        return thai.digits(value, self.thai_digits)

    def n(self, value: Decimal) -> str:
        return self.t(f"{round2(value):.2f}")

    def signed(self, value: Decimal) -> str:
        return self.t(f"{round2(value):.2f}")


def _tool_range(fmt: _Fmt, numbers: tuple[int, ...]) -> str:
    if len(numbers) == 1:
        return f"ตัวชี้วัดที่ {fmt.t(numbers[0])}"
    return f"ตัวชี้วัดที่ {fmt.t(numbers[0])} – {fmt.t(numbers[-1])}"


def _photo_src(path: str, mode: str) -> str:
    file = Path(path)
    if mode == "pdf":
        return file.resolve().as_uri()
    from django.urls import reverse

    relative = file.resolve().relative_to(Path(settings.MEDIA_ROOT).resolve()).as_posix()
    return reverse("assessments:media", kwargs={"path": relative})


def build_report(
    assessment: Assessment | int,
    *,
    thai_digits: bool | None = None,
    approved_plan_only: bool = False,
    mode: str = "pdf",
) -> ReportData:
    """Read everything the report needs and format it (queries are counted in the tests).

    approved_plan_only: section 3 shows the latest approved action plan (what is published);
    mode: "pdf" gives photos as file:// URIs, "web" as access-checked media URLs.
    """
    pk = assessment if isinstance(assessment, int) else assessment.pk
    assessment = assessment_with_scores(pk)
    agency = assessment.agency
    framework = assessment.framework
    result: AssessmentResult = assessment_result(assessment)
    bands = list(framework.bands.all())
    tools = {t.code: t for t in framework.tools.all()}
    thai_digits = assessment.use_thai_digits if thai_digits is None else thai_digits
    fmt = _Fmt(thai_digits)
    year, plan_year = assessment.fiscal_year, assessment.plan_year
    year_t, plan_t = fmt.t(year), fmt.t(plan_year)
    name = agency.name
    short = agency.display_short_name
    threshold = (
        assessment.strength_threshold
        if assessment.strength_threshold is not None
        else framework.strength_threshold
    )
    threshold_t = fmt.t(f"{threshold.normalize():f}")
    colors = {b.code: b.color for b in bands}
    by_number = {s.indicator.number: s for s in assessment.scores.all()}

    rows: list[IndicatorRow] = []
    for item in result.indicators:
        score_row = by_number[item.number]
        score_t = fmt.n(item.score)
        rows.append(
            IndicatorRow(
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
        )
    row_of = {r.anchor: r for r in rows}

    def row(number: int) -> IndicatorRow:
        return row_of[f"indicator-{number}"]

    total = result.reported_total
    grade = result.grade
    highest = max(result.indicators, key=lambda i: i.score)
    lowest = min(result.indicators, key=lambda i: i.score)
    cohort_name = agency.cohort.name if agency.cohort else "หน่วยงานในกลุ่มเดียวกัน"
    if assessment.cohort_average is not None:
        cohort_grade = next(
            (b for b in bands if b.lower <= round2(assessment.cohort_average) <= b.upper), None
        )
        size = (
            f" จำนวนทั้งสิ้น {fmt.t(assessment.cohort_size)} หน่วยงาน" if assessment.cohort_size else ""
        )
        cohort_sentence = (
            f"ผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ.{year_t} "
            f"ในภาพรวมของ{cohort_name}{size} ได้คะแนนเฉลี่ยร้อยละ {fmt.n(assessment.cohort_average)} "
            f"ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ "
            + (f"{cohort_grade.code} ({cohort_grade.label})" if cohort_grade else "-")
        )
    else:
        cohort_sentence = f"ยังไม่มีข้อมูลคะแนนเฉลี่ยของ{cohort_name} ประจำปีงบประมาณ พ.ศ.{year_t}"
    grade_label = next((b.label for b in bands if b.code == grade.code), "")
    rank = ""
    if assessment.official_rank:
        rank = f" เป็นลำดับที่ {fmt.t(assessment.official_rank)}"
        if assessment.cohort_size:
            rank += f" จาก {fmt.t(assessment.cohort_size)} หน่วยงาน"
    total_sentence = (
        f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{name} ประจำปีงบประมาณ พ.ศ.{year_t} "
        f"ได้คะแนน {fmt.n(total)}{rank} ซึ่งถือว่ามีคุณธรรมและความโปร่งใสในการดำเนินงานอยู่ในระดับ "
        f"{grade.code} ({grade_label}) ผลการประเมิน{PASSED if grade.passed else NOT_PASSED} "
        f"โดยตัวชี้วัด{row(highest.number).name} ได้คะแนนสูงสุด {fmt.n(highest.score)} "
        f"ส่วนตัวชี้วัดที่ได้คะแนนน้อยที่สุด คือ {row(lowest.number).name} ได้คะแนน {fmt.n(lowest.score)}"
    )

    history_rows = agency_history(agency, up_to_year=year)
    history = tuple(
        HistoryLine(
            year=fmt.t(h.fiscal_year),
            total=fmt.n(h.total),
            direction=h.direction,
            change="-" if h.change is None else fmt.signed(h.change),
        )
        for h in history_rows
    )
    first_year = fmt.t(history_rows[0].fiscal_year) if history_rows else year_t
    history_sentence = (
        f"ผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{name} ที่ผ่านมา "
        f"(พ.ศ.{first_year} – {year_t}) สรุปได้ดังนี้"
    )
    pass_mark = framework.pass_mark
    history_chart = charts.history_trend(
        [
            charts.Point(label=h.year, value=r.total, value_text=h.total)
            for h, r in zip(history, history_rows, strict=True)
        ],
        title=f"แผนภูมิผลคะแนน ITA ของ{short} พ.ศ.{first_year} – {year_t}",
        axis_text=fmt.t,
        lines=[charts.Line(value=pass_mark, label=f"เกณฑ์ผ่าน {fmt.n(pass_mark)}", color="#b71c1c")],
    )
    indicators_chart = charts.indicator_bars(
        [
            charts.Bar(
                label=r.number,
                value=i.score,
                value_text=r.score,
                color=r.color,
                title=f"ตัวชี้วัดที่ {r.number} {r.name}",
            )
            for r, i in zip(rows, result.indicators, strict=True)
        ],
        [
            charts.Line(value=pass_mark, label=f"เกณฑ์ผ่าน {fmt.n(pass_mark)}", color="#b71c1c"),
            charts.Line(
                value=threshold, label=f"จุดแข็ง {fmt.n(threshold)}", color="#1f4e8c", dash="5 3"
            ),
        ],
        title=f"แผนภูมิคะแนนรายตัวชี้วัดของ{short} ประจำปีงบประมาณ พ.ศ.{year_t}",
        axis_text=fmt.t,
    )
    band_lines = tuple(
        BandLine(
            code=b.code,
            label=b.label,
            range=f"{fmt.n(b.lower)} – {fmt.n(b.upper)}",
            passed=PASSED if b.passed else NOT_PASSED,
            color=b.color,
        )
        for b in bands
    )

    tool_sections: list[ToolSection] = []
    for index, tool_result in enumerate(result.tools, start=1):
        tool = tools[tool_result.code]
        numbers = tuple(i.number for i in result.indicators if i.tool == tool.code)
        points_t = fmt.n(tool_result.points)
        if tool_result.official_points is not None and round2(
            tool_result.official_points
        ) != round2(tool_result.points):
            points_t = f"{fmt.n(tool_result.official_points)} (คะแนนที่คำนวณจากตัวชี้วัดได้ {fmt.n(tool_result.points)})"
        elif tool_result.official_points is not None:
            points_t = fmt.n(tool_result.official_points)
        strong = tuple(row(n) for n in numbers if row(n).is_strength)
        weak = tuple(row(n) for n in numbers if not row(n).is_strength)
        tool_sections.append(
            ToolSection(
                number=fmt.t(f"2.{index}"),
                code=tool.code,
                name=tool.name,
                summary=(
                    f"ผลการประเมินตาม{tool.name} {_tool_range(fmt, numbers)} "
                    f"ได้คะแนนเท่ากับ {points_t} จากน้ำหนัก {fmt.t(f'{tool.weight.normalize():f}')} คะแนน "
                    f"คิดเป็นร้อยละ {fmt.n(tool_result.percent)} อยู่ในระดับ {tool_result.grade.code} "
                    f"มีจุดแข็ง {fmt.t(len(strong))} ตัวชี้วัด และจุดที่ต้องพัฒนา {fmt.t(len(weak))} ตัวชี้วัด ดังนี้"
                ),
                strengths_heading=(
                    f"จุดแข็ง (ตัวชี้วัดที่ได้คะแนนตั้งแต่ร้อยละ {threshold_t} ขึ้นไป) "
                    + (f"จำนวน {fmt.t(len(strong))} ตัวชี้วัด คือ" if strong else "ไม่มี")
                ),
                strengths=strong,
                weaknesses_heading=(
                    f"จุดที่ต้องพัฒนา (ตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {threshold_t}) "
                    + (f"จำนวน {fmt.t(len(weak))} ตัวชี้วัด คือ" if weak else "ไม่มี")
                ),
                weaknesses=weak,
            )
        )
    weak_rows = tuple(r for r in rows if not r.is_strength)
    tool_codes = ", ".join(f"{t.name}" for t in tools.values())

    section1 = f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{short} ปีงบประมาณ พ.ศ.{year_t}"
    section2 = f"การวิเคราะห์ข้อมูลผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ.{year_t}"
    section3 = (
        f"แนวทางการนำผลจากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ.{year_t} "
        f"ไปสู่การปฏิบัติของหน่วยงานในปีงบประมาณ พ.ศ.{plan_t}"
    )
    intro_heading = (
        f"การดำเนินงานส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ของ{name} ประจำปีงบประมาณ พ.ศ.{plan_t}"
    )
    plan = plan_for_report(assessment, thai=thai_digits, approved_only=approved_plan_only)
    order = order_for_report(assessment, thai=thai_digits)
    meetings = tuple(
        MeetingView(
            meeting=m,
            photos=tuple(
                PhotoView(
                    src=_photo_src(p.path, mode),
                    caption=p.caption,
                    alt=p.caption or f"ภาพการประชุม {m.title}",
                )
                for p in m.photos
            ),
            anchor=f"meeting-{m.meeting_id}",
        )
        for m in meetings_for_report(assessment, thai=thai_digits)
    )
    toc = [
        TocEntry("foreword", "คำนำ"),
        TocEntry("introduction", intro_heading),
        TocEntry("section-1", f"{fmt.t(1)}. {section1}"),
        TocEntry("section-2", f"{fmt.t(2)}. {section2}"),
        TocEntry("section-3", f"{fmt.t(3)}. {section3}"),
    ]
    if plan is not None:
        toc.append(TocEntry("plan", f"แนวทางในการพัฒนาสู่การปฏิบัติของ{name}", level=2))
    if order is not None or meetings:
        toc.append(TocEntry("appendix", "ภาคผนวก"))
    if order is not None:
        # Generated from the order itself, so the contents cannot cite another order.
        toc.append(
            TocEntry(
                "order",
                f"คำสั่ง{order.agency_name} ที่ {order.number_text} ลงวันที่ {order.signed_date_text} "
                f"เรื่อง {order.subject}",
                level=2,
            )
        )
    for meeting in meetings:
        toc.append(TocEntry(meeting.anchor, f"ภาพข่าวการประชุม: {meeting.meeting.title}", level=2))
    title_lines = (
        "รายงานการวิเคราะห์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        f"ของ{name}",
        f"ประจำปีงบประมาณ พ.ศ. {year_t}",
        f"เพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{name}",
        f"ประจำปีงบประมาณ พ.ศ. {plan_t}",
    )
    return ReportData(
        assessment_id=assessment.pk,
        agency_code=agency.code,
        agency_name=name,
        agency_short_name=short,
        fiscal_year=year,
        plan_year=plan_year,
        fiscal_year_text=year_t,
        plan_year_text=plan_t,
        thai_digits=thai_digits,
        title=" ".join(title_lines),
        title_lines=title_lines,
        foreword=assessment.foreword,
        introduction_heading=intro_heading,
        introduction=assessment.introduction,
        section1_heading=section1,
        cohort_sentence=cohort_sentence,
        total_sentence=total_sentence,
        history_sentence=history_sentence,
        history=history,
        history_chart=history_chart,
        indicators_sentence=(
            f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{name} เป็นรายตัวชี้วัด "
            f"จากเครื่องมือ {fmt.t(len(tools))} ประเภท ได้แก่ {tool_codes} มีคะแนนตามตัวชี้วัด ดังนี้"
        ),
        indicators=tuple(rows),
        indicators_chart=indicators_chart,
        bands=band_lines,
        section2_heading=section2,
        section2_intro=(
            f"จากผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{name} ประจำปีงบประมาณ พ.ศ.{year_t} "
            f"เป็นรายตัวชี้วัด มีผลการวิเคราะห์ข้อมูลในแต่ละตัวชี้วัดที่แสดงให้เห็นถึงจุดแข็ง "
            f"{fmt.t(len(rows) - len(weak_rows))} ตัวชี้วัด และจุดที่ต้องพัฒนา {fmt.t(len(weak_rows))} ตัวชี้วัด "
            f"(เกณฑ์ร้อยละ {threshold_t}) ดังนี้"
        ),
        tools=tuple(tool_sections),
        section3_heading=section3,
        section3_intro=(
            f"จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส มีตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {threshold_t} "
            f"ซึ่งเป็นจุดที่ต้องพัฒนา จำนวน {fmt.t(len(weak_rows))} ตัวชี้วัด ดังนี้"
        ),
        weak_indicators=weak_rows,
        warnings=result.warnings,
        toc=tuple(toc),
        plan=plan,
        order=order,
        meetings=meetings,
    )


def render_report_html(report: ReportData, *, mode: str, draft: bool, **extra: str) -> str:
    """The report as one HTML document: mode "pdf" links CSS and fonts by file://, "web" by /static/.

    Every digit follows the report's setting, typed text included, and units a line must not
    split (พ.ศ. ๒๕๖๓, เขต ๒, a person's name…) are kept together.
    """
    document: str = render_to_string(
        "report/report.html",
        {"report": report, "mode": mode, "draft": draft, **_assets(mode), **extra},
    )
    document = thai.digits_in_html(document, thai=report.thai_digits)
    return thai.keep_units_together(document)


def _assets(mode: str) -> dict[str, str]:
    from django.templatetags.static import static

    if mode == "pdf":
        css = (settings.BASE_DIR / "static" / "css" / "report.css").resolve().as_uri()
    else:
        css = static("css/report.css")
    return {"stylesheet_url": css}
