"""The appendix: the committee's appointment order and the meetings with their photos."""

from __future__ import annotations

from dataclasses import dataclass

from committees.selectors import OrderReport, meetings_for_report, order_for_report
from ita_portal.lib.media import media_url

from ..context import ReportContext
from ..data import MeetingView, PhotoView


@dataclass(frozen=True)
class Appendix:
    order: OrderReport | None
    order_scan: tuple[PhotoView, ...]
    order_emblem: PhotoView | None  # the Garuda atop the retyped order, None when none uploaded
    meetings: tuple[MeetingView, ...]


def photo_view(name: str, mode: str, *, caption: str, alt: str) -> PhotoView:
    """A photo with what both media need (an ita-media: URL for the PDF, read through the media
    storage; its storage name for the web page's access-checked media URL), resolved once: one
    build serves both modes (builder.report_in_mode)."""
    view = PhotoView(src="", caption=caption, alt=alt, pdf_src=media_url(name), media_path=name)
    return view.in_mode(mode)


def build_appendix(ctx: ReportContext) -> Appendix:
    thai_digits = ctx.fmt.thai_digits
    meetings = tuple(
        MeetingView(
            meeting=m,
            photos=tuple(
                photo_view(
                    p.name,
                    ctx.mode,
                    caption=p.caption,
                    alt=p.caption or f"ภาพการประชุม {m.title}",
                )
                for p in m.photos
            ),
            anchor=f"meeting-{m.meeting_id}",
        )
        for m in meetings_for_report(ctx.assessment, thai=thai_digits)
    )
    order = order_for_report(ctx.assessment, thai=thai_digits)
    emblem = (
        photo_view(order.emblem_name, ctx.mode, caption="", alt="ตราครุฑ")
        if order and order.emblem_name
        else None
    )
    return Appendix(
        order=order, order_scan=_order_scan(ctx, order), order_emblem=emblem, meetings=meetings
    )


def _order_scan(ctx: ReportContext, order: OrderReport | None) -> tuple[PhotoView, ...]:
    """The signed order's pages as images, each described for a reader who cannot see it."""
    if order is None or not order.scan_pages:
        return ()
    count = len(order.scan_pages)
    return tuple(
        photo_view(
            name,
            ctx.mode,
            caption="",
            alt=(
                f"ภาพคำสั่ง{order.agency_name} ที่ {order.number_text} เรื่อง {order.subject} "
                f"ฉบับลงนาม หน้า {ctx.fmt.t(number)} จาก {ctx.fmt.t(count)}"
            ),
        )
        for number, name in enumerate(order.scan_pages, start=1)
    )
