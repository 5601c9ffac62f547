"""The table of contents, generated from the sections themselves."""

from __future__ import annotations

from ..context import ReportContext
from ..data import TocEntry
from .appendix import Appendix
from .cover import Cover
from .indicators import Section1
from .plan import Section3
from .tools import Section2


def build_toc(
    ctx: ReportContext,
    *,
    cover: Cover,
    section1: Section1,
    section2: Section2,
    section3: Section3,
    appendix: Appendix,
) -> tuple[TocEntry, ...]:
    t = ctx.fmt.t
    toc = [
        TocEntry("foreword", "คำนำ"),
        TocEntry("introduction", cover.introduction_heading),
        TocEntry("section-1", f"{t(1)}. {section1.section1_heading}"),
        TocEntry("section-2", f"{t(2)}. {section2.section2_heading}"),
        TocEntry("section-3", f"{t(3)}. {section3.section3_heading}"),
    ]
    if section3.plan is not None:
        toc.append(TocEntry("plan", f"แนวทางในการพัฒนาสู่การปฏิบัติของ{ctx.name}", level=2))
    order, meetings = appendix.order, appendix.meetings
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
    return tuple(toc)
