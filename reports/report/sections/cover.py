"""Cover, foreword and introduction of the report."""

from __future__ import annotations

from dataclasses import dataclass

from ..context import ReportContext


@dataclass(frozen=True)
class Cover:
    title: str
    title_lines: tuple[str, ...]
    foreword: str
    introduction_heading: str
    introduction: str


def build_cover(ctx: ReportContext) -> Cover:
    name = ctx.name
    title_lines = (
        "รายงานการวิเคราะห์การประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน",
        f"ของ{name}",
        f"ประจำปีงบประมาณ พ.ศ. {ctx.year_t}",
        f"เพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสของ{name}",
        f"ประจำปีงบประมาณ พ.ศ. {ctx.plan_t}",
    )
    return Cover(
        title=" ".join(title_lines),
        title_lines=title_lines,
        foreword=ctx.assessment.foreword,
        introduction_heading=(
            f"การดำเนินงานส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
            f"ของ{name} ประจำปีงบประมาณ พ.ศ.{ctx.plan_t}"
        ),
        introduction=ctx.assessment.introduction,
    )
