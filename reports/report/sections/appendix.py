"""The appendix: the committee's appointment order and the meetings with their photos."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from committees.selectors import OrderReport, meetings_for_report, order_for_report
from ita_portal.lib.media import media_url

from ..context import ReportContext
from ..data import MeetingView, PhotoView


@dataclass(frozen=True)
class Appendix:
    order: OrderReport | None
    order_scan: tuple[PhotoView, ...]
    meetings: tuple[MeetingView, ...]


def photo_src(name: str, mode: str) -> str:
    """For the PDF an ita-media: URL (read through the media storage by the PDF fetcher), for
    the web page the access-checked media URL."""
    if mode == "pdf":
        return media_url(name)
    return reverse("reports:media", kwargs={"path": name})


def build_appendix(ctx: ReportContext) -> Appendix:
    thai_digits = ctx.fmt.thai_digits
    meetings = tuple(
        MeetingView(
            meeting=m,
            photos=tuple(
                PhotoView(
                    src=photo_src(p.name, ctx.mode),
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
    return Appendix(order=order, order_scan=_order_scan(ctx, order), meetings=meetings)


def _order_scan(ctx: ReportContext, order: OrderReport | None) -> tuple[PhotoView, ...]:
    """The signed order's pages as images, each described for a reader who cannot see it."""
    if order is None or not order.scan_pages:
        return ()
    count = len(order.scan_pages)
    return tuple(
        PhotoView(
            src=photo_src(name, ctx.mode),
            caption="",
            alt=(
                f"ภาพคำสั่ง{order.agency_name} ที่ {order.number_text} เรื่อง {order.subject} "
                f"ฉบับลงนาม หน้า {ctx.fmt.t(number)} จาก {ctx.fmt.t(count)}"
            ),
        )
        for number, name in enumerate(order.scan_pages, start=1)
    )
