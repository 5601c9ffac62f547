"""The appendix: the committee's appointment order and the meetings with their photos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from committees.selectors import OrderReport, meetings_for_report, order_for_report

from ..context import ReportContext
from ..data import MeetingView, PhotoView


@dataclass(frozen=True)
class Appendix:
    order: OrderReport | None
    order_scan: tuple[PhotoView, ...]
    order_emblem: str  # the Garuda's src for the retyped order, "" when none was uploaded
    meetings: tuple[MeetingView, ...]


def photo_view(path: str, mode: str, *, caption: str, alt: str) -> PhotoView:
    """A photo with what both media need (file:// URI for the PDF, its media path for the web
    page), resolved once: one build serves both modes (builder.report_in_mode)."""
    file = Path(path).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    # A file outside the media root has no public address (the web page would have refused it).
    relative = file.relative_to(media).as_posix() if file.is_relative_to(media) else ""
    view = PhotoView(src="", caption=caption, alt=alt, pdf_src=file.as_uri(), media_path=relative)
    return view.in_mode(mode)


def build_appendix(ctx: ReportContext) -> Appendix:
    thai_digits = ctx.fmt.thai_digits
    meetings = tuple(
        MeetingView(
            meeting=m,
            photos=tuple(
                photo_view(
                    p.path,
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
    emblem = photo_src(order.emblem_path, ctx.mode) if order and order.emblem_path else ""
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
            path,
            ctx.mode,
            caption="",
            alt=(
                f"ภาพคำสั่ง{order.agency_name} ที่ {order.number_text} เรื่อง {order.subject} "
                f"ฉบับลงนาม หน้า {ctx.fmt.t(number)} จาก {ctx.fmt.t(count)}"
            ),
        )
        for number, path in enumerate(order.scan_pages, start=1)
    )
