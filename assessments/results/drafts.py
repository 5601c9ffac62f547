"""Drafts of the texts staff write, generated from the figures (pure: no database).

The seed's analysis of each tool reads "…อยู่ในระดับ A บ่งชี้ให้เห็นว่า…": a draft of that
sentence is offered wherever staff have not written their own, and the report prints the
draft until they do. The draft carries no figure (the sentence before it states them), so it
reads the same with Thai or Arabic digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ToolFigures:
    """What the draft of one tool's interpretation is written from."""

    tool_name: str
    grade_code: str
    grade_label: str
    passed: bool
    strengths: Sequence[str]  # names of the tool's indicators at or above the threshold
    weaknesses: Sequence[str]  # names of those below it


def thai_list(items: Sequence[str]) -> str:
    """'ก ข และ ค' as Thai lists are written."""
    if len(items) <= 1:
        return "".join(items)
    return " ".join(items[:-1]) + " และ" + items[-1]


def short_tool_name(name: str) -> str:
    """The Thai name of a tool without its English gloss in parentheses."""
    return name.split(" (", 1)[0].strip()


def tool_interpretation_draft(figures: ToolFigures) -> str:
    """One paragraph interpreting a tool's grade, its strengths and what to develop."""
    grade = figures.grade_code + (f" ({figures.grade_label})" if figures.grade_label else "")
    opening = (
        f"บ่งชี้ให้เห็นว่าหน่วยงานมีผลการดำเนินงานตาม{short_tool_name(figures.tool_name)} อยู่ในระดับ {grade} "
    )
    if figures.passed:
        opening += "ซึ่งผ่านเกณฑ์การประเมิน"
    else:
        opening += "ซึ่งยังไม่ผ่านเกณฑ์การประเมิน หน่วยงานจึงต้องเร่งปรับปรุงการดำเนินงาน"
    parts = [opening]
    if figures.strengths:
        parts.append(f"โดยมีจุดแข็งในเรื่อง{thai_list(figures.strengths)}")
    if figures.weaknesses:
        lead = "และ" if figures.strengths else "โดย"
        parts.append(f"{lead}ควรให้ความสำคัญกับการพัฒนาในเรื่อง{thai_list(figures.weaknesses)}")
    else:
        parts.append("และควรรักษามาตรฐานการดำเนินงานนี้ไว้อย่างต่อเนื่อง")
    return " ".join(parts)
