"""The agency's earlier totals: sentence, table and trend chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from assessments.selectors import agency_history

from ... import charts
from ..context import ReportContext
from ..data import HistoryLine


@dataclass(frozen=True)
class History:
    history_sentence: str
    history: tuple[HistoryLine, ...]
    history_chart: SafeString


def build_history(ctx: ReportContext) -> History:
    fmt = ctx.fmt
    assessment = ctx.assessment
    history_rows = agency_history(assessment.agency, up_to_year=assessment.fiscal_year)
    history = tuple(
        HistoryLine(
            year=fmt.t(h.fiscal_year),
            total=fmt.n(h.total),
            direction=h.direction,
            change="-" if h.change is None else fmt.n(h.change),
        )
        for h in history_rows
    )
    first_year = fmt.t(history_rows[0].fiscal_year) if history_rows else ctx.year_t
    pass_mark = assessment.framework.pass_mark
    chart = charts.history_trend(
        [
            charts.Point(label=h.year, value=r.total, value_text=h.total)
            for h, r in zip(history, history_rows, strict=True)
        ],
        title=f"แผนภูมิผลคะแนน ITA ของ{ctx.short} พ.ศ.{first_year} – {ctx.year_t}",
        axis_text=fmt.t,
        lines=[charts.Line(value=pass_mark, label=f"เกณฑ์ผ่าน {fmt.n(pass_mark)}", color="#b71c1c")],
    )
    return History(
        history_sentence=(
            f"ผลคะแนนการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{ctx.name} ที่ผ่านมา "
            f"(พ.ศ.{first_year} – {ctx.year_t}) สรุปได้ดังนี้"
        ),
        history=history,
        history_chart=chart,
    )
