"""What the report template prints: ready, formatted dataclasses (the template never queries)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.urls import reverse
from django.utils.safestring import SafeString

from actionplans.snapshots import PlanReport
from committees.selectors import MeetingReport, OrderReport

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
    summary: str  # "ผลการประเมินตาม… อยู่ในระดับ A"
    # The analysis paragraphs ("บ่งชี้ให้เห็นว่า…"): staff's text, or the draft from the figures.
    interpretation: tuple[str, ...]
    interpretation_is_draft: bool
    # A note for the reader when official and computed points differ and the agency prints it.
    note: str
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
    src: str  # the one the report's mode prints: pdf_src or the access-checked media URL
    caption: str
    alt: str
    pdf_src: str = ""  # ita-media: URL, read through the media storage by the PDF fetcher
    media_path: str = ""  # the file's name in the media storage, for the web page

    def in_mode(self, mode: str) -> PhotoView:
        """The photo as the PDF (ita-media:) or the web page (access-checked media URL) shows it.

        The URL is reversed here, for the web only: a PDF-only process (render_report) never
        loads the URL configuration."""
        if mode == "pdf":
            return replace(self, src=self.pdf_src)
        web = reverse("reports:media", kwargs={"path": self.media_path}) if self.media_path else ""
        return replace(self, src=web)


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
    level_sentence: str
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
    order_scan: tuple[PhotoView, ...] = field(default=())
    # The Garuda atop the retyped order, None when the site has none uploaded.
    order_emblem: PhotoView | None = None
    meetings: tuple[MeetingView, ...] = field(default=())

    @property
    def page_counter_style(self) -> str:
        return "thai" if self.thai_digits else "decimal"
