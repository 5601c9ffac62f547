"""Section 3: the weak indicators and the action plan for the next fiscal year."""

from __future__ import annotations

from dataclasses import dataclass

from actionplans.selectors import plan_for_report
from actionplans.snapshots import PlanReport

from ..context import ReportContext
from ..data import IndicatorRow


@dataclass(frozen=True)
class Section3:
    section3_heading: str
    section3_intro: str
    weak_indicators: tuple[IndicatorRow, ...]
    plan: PlanReport | None


def build_section3(ctx: ReportContext, rows: tuple[IndicatorRow, ...]) -> Section3:
    weak = tuple(r for r in rows if not r.is_strength)
    return Section3(
        section3_heading=(
            f"แนวทางการนำผลจากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน ประจำปีงบประมาณ พ.ศ.{ctx.year_t} "
            f"ไปสู่การปฏิบัติของหน่วยงานในปีงบประมาณ พ.ศ.{ctx.plan_t}"
        ),
        section3_intro=(
            f"จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส มีตัวชี้วัดที่ได้คะแนนต่ำกว่าร้อยละ {ctx.threshold_t} "
            f"ซึ่งเป็นจุดที่ต้องพัฒนา จำนวน {ctx.fmt.t(len(weak))} ตัวชี้วัด ดังนี้"
        ),
        weak_indicators=weak,
        plan=plan_for_report(
            ctx.assessment, thai=ctx.fmt.thai_digits, approved_only=ctx.approved_plan_only
        ),
    )
