"""The analysis report's data: one ready dataclass, composed of one small builder per section.

Every figure is formatted by the section builders (two decimals, Thai or Arabic digits per
report), and every sentence that states a figure is generated from the data.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static

from assessments.models import Assessment
from committees.selectors import OrderReport
from ita_portal.lib import thai

from .checks import band_claim_warnings, order_emblem_warnings
from .context import ReportContext, report_context
from .data import ReportData
from .sections.appendix import build_appendix
from .sections.cover import build_cover
from .sections.history import build_history
from .sections.indicators import build_section1, indicator_rows
from .sections.plan import build_section3
from .sections.toc import build_toc
from .sections.tools import build_section2, section2_warnings


def _fields(part: Any) -> dict[str, Any]:
    """A section's fields as keyword arguments of ReportData (shallow: nested data stays as is)."""
    return {f.name: getattr(part, f.name) for f in fields(part)}


def build_report(
    assessment: Assessment | int,
    *,
    thai_digits: bool | None = None,
    approved_plan_only: bool = False,
    mode: str = "pdf",
) -> ReportData:
    """Read everything the report needs and format it (queries are counted in the tests).

    approved_plan_only: section 3 shows the latest approved action plan (what is published);
    mode: "pdf" gives photos as ita-media: URLs (read through the media storage), "web" as access-checked media URLs.
    """
    pk = assessment if isinstance(assessment, int) else assessment.pk
    ctx = report_context(
        pk, thai_digits=thai_digits, approved_plan_only=approved_plan_only, mode=mode
    )
    rows = indicator_rows(ctx)
    cover = build_cover(ctx)
    history = build_history(ctx)
    section1 = build_section1(ctx, rows)
    section2 = build_section2(ctx, rows)
    section3 = build_section3(ctx, rows)
    appendix = build_appendix(ctx)
    toc = build_toc(
        ctx,
        cover=cover,
        section1=section1,
        section2=section2,
        section3=section3,
        appendix=appendix,
    )
    assessment_obj = ctx.assessment
    return ReportData(
        assessment_id=assessment_obj.pk,
        agency_code=assessment_obj.agency.code,
        agency_name=ctx.name,
        agency_short_name=ctx.short,
        fiscal_year=assessment_obj.fiscal_year,
        plan_year=assessment_obj.plan_year,
        fiscal_year_text=ctx.year_t,
        plan_year_text=ctx.plan_t,
        thai_digits=ctx.fmt.thai_digits,
        warnings=(
            ctx.result.warnings
            + section2_warnings(section2)
            + _band_warnings(ctx, cover.foreword, cover.introduction, appendix.order)
            + _emblem_warnings(appendix.order)
        ),
        toc=toc,
        **_fields(cover),
        **_fields(history),
        **_fields(section1),
        **_fields(section2),
        **_fields(section3),
        **_fields(appendix),
    )


def report_in_mode(report: ReportData, mode: str) -> ReportData:
    """The same report for the other medium: only the photos' addresses differ (no query).

    Publishing builds once and renders both the PDF and the web page from that one build.
    """
    return replace(
        report,
        order_scan=tuple(photo.in_mode(mode) for photo in report.order_scan),
        order_emblem=report.order_emblem.in_mode(mode) if report.order_emblem else None,
        meetings=tuple(
            replace(m, photos=tuple(photo.in_mode(mode) for photo in m.photos))
            for m in report.meetings
        ),
    )


def _band_warnings(
    ctx: ReportContext, foreword: str, introduction: str, order: OrderReport | None
) -> tuple[str, ...]:
    """Grades tied to a wrong score in what staff wrote (the seed's order: "AA หรือ ๘๕ คะแนน")."""
    texts = [("คำนำ", foreword), ("บทนำ", introduction)]
    if order is not None:
        texts += [(f"คำสั่งที่ {order.number_text}", text) for _field, text in order.texts]
    return band_claim_warnings(texts, ctx.bands, thai_digits=ctx.fmt.thai_digits)


def _emblem_warnings(order: OrderReport | None) -> tuple[str, ...]:
    if order is None:
        return ()
    return order_emblem_warnings(
        order.number_text, retyped=not order.scan_pages, has_emblem=bool(order.emblem_name)
    )


def render_report_html(report: ReportData, *, mode: str, draft: bool, **extra: Any) -> str:
    """The report as one HTML document: mode "pdf" links CSS and fonts by file://, "web" by /static/.

    Every digit follows the report's setting, typed text included, and units a line must not
    split (พ.ศ. ๒๕๖๓, เขต ๒, a person's name…) are kept together.
    """
    document: str = render_to_string(
        "report/report.html",
        {"report": report, "mode": mode, "draft": draft, **_assets(mode), **extra},
    )
    document = thai.digits_in_html(document, thai=report.thai_digits)
    # The order's continuation cues are added when the PDF is rendered (pdf.render_pdf).
    return thai.keep_units_together(document)


def _assets(mode: str) -> dict[str, str]:
    if mode == "pdf":
        css = (settings.BASE_DIR / "static" / "css" / "report.css").resolve().as_uri()
    else:
        css = static("css/report.css")
    return {"stylesheet_url": css}
