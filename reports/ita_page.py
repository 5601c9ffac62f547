"""The public ITA page of an agency and year, as plain data: what the page, its embeddable
variant and its JSON show.

It composes the O-items' public evidence (oit), the approved plan of the year and its
follow-up (actionplans, the plan made from the year before's assessment) and the live reports
of the year and the year before. Only what the agency marked public appears; an agency, a year
or a year without public evidence answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.http import Http404
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.selectors import FollowUpItem, approved_follow_up_summary, approved_version_q
from assessments.models import Agency, Assessment
from assessments.results.levels import LevelOutlook, level_outlook_json, level_sentence
from assessments.selectors import published_level_outlook
from ita_portal.lib import thai
from oit import selectors as oit_selectors

from . import selectors


@dataclass(frozen=True)
class ItaFile:
    title: str
    url: str


@dataclass(frozen=True)
class ItaItem:
    code: str
    name: str
    text: str
    links: tuple[str, ...]
    files: tuple[ItaFile, ...]


@dataclass(frozen=True)
class ItaSubIndicator:
    code: str
    name: str
    items: tuple[ItaItem, ...]


@dataclass(frozen=True)
class ItaIndicator:
    number: int
    name: str
    sub_indicators: tuple[ItaSubIndicator, ...]


@dataclass(frozen=True)
class ItaReport:
    fiscal_year: int
    version: int
    url: str
    pdf_url: str


@dataclass(frozen=True)
class ItaProgressRow:
    indicator_number: int
    label: str
    activities: tuple[str, ...]  # every activity of the plan row (none: the label says what)
    status: str
    status_label: str
    percent: int
    last_reported_on: dt.date | None
    last_reported_text: str  # the portal's screens use Arabic digits
    overdue: bool


def _progress_row(item: FollowUpItem) -> ItaProgressRow:
    reported = item.last_reported_on
    return ItaProgressRow(
        indicator_number=item.indicator_number,
        label=item.label,
        activities=item.activities,
        status=item.status,
        status_label=item.status_label,
        percent=item.percent,
        last_reported_on=reported,
        last_reported_text=thai.thai_date(reported, abbreviated=True, thai=False)
        if reported
        else "-",
        overdue=item.overdue,
    )


@dataclass(frozen=True)
class ItaFollowUp:
    """The approved plan of the year and the latest progress of each of its rows."""

    title: str
    plan_year: int
    items: tuple[ItaProgressRow, ...]
    status_counts: tuple[tuple[str, int], ...]
    budget_planned: Decimal
    budget_planned_text: str


@dataclass(frozen=True)
class ItaPage:
    agency_id: int
    agency_code: str
    agency_name: str
    fiscal_year: int
    indicators: tuple[ItaIndicator, ...]
    follow_up: ItaFollowUp | None
    reports: tuple[ItaReport, ...]
    # The published result against the year's level rule (None unpublished or without a rule).
    next_level: LevelOutlook | None = None
    level_sentence: str = ""

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for i in self.indicators for s in i.sub_indicators)


def _assessment(code: str, year: int) -> Assessment:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    assessment = (
        Assessment.objects.filter(agency=agency, framework__fiscal_year=year)
        .select_related("agency", "framework")
        .first()
    )
    if assessment is None or not oit_selectors.has_public_evidence(assessment):
        raise Http404
    return assessment


def _indicators(assessment: Assessment) -> tuple[ItaIndicator, ...]:
    rows = oit_selectors.public_evidence(assessment)
    indicators = []
    for (number, name), in_indicator in groupby(
        rows, key=lambda r: (r.indicator_number, r.indicator_name)
    ):
        subs = []
        for (code, sub_name), in_sub in groupby(
            in_indicator, key=lambda r: (r.sub_indicator_code, r.sub_indicator_name)
        ):
            items = tuple(
                ItaItem(
                    code=r.code,
                    name=r.name,
                    text=r.text,
                    links=r.links,
                    files=tuple(
                        ItaFile(f.title, reverse("reports:media", args=[f.name])) for f in r.files
                    ),
                )
                for r in in_sub
            )
            subs.append(ItaSubIndicator(code, sub_name, items))
        indicators.append(ItaIndicator(number, name, tuple(subs)))
    return tuple(indicators)


def _follow_up(assessment: Assessment, today: dt.date) -> ItaFollowUp | None:
    """The plan for this year (made from last year's assessment): its approved version."""
    plan = (
        ActionPlan.objects.filter(
            assessment__agency_id=assessment.agency_id,
            assessment__framework__fiscal_year=assessment.fiscal_year - 1,
        )
        .filter(approved_version_q())
        .select_related("assessment__agency", "assessment__framework")
        .first()
    )
    # A reopened plan keeps its approved version on the page, never the draft's rows.
    summary = approved_follow_up_summary(plan, today=today) if plan is not None else None
    if plan is None or summary is None:
        return None
    return ItaFollowUp(
        title=summary.title or str(plan),
        plan_year=summary.plan_year,
        items=tuple(_progress_row(item) for item in summary.items),
        status_counts=tuple((s.label, s.count) for s in summary.by_status if s.count),
        budget_planned=summary.budget_planned,
        budget_planned_text=thai.baht(summary.budget_planned, thai=False),
    )


def _reports(assessment: Assessment) -> tuple[ItaReport, ...]:
    """The live reports of this year and the year before (whose plan is this year's)."""
    code, year = assessment.agency.code, assessment.fiscal_year
    return tuple(
        ItaReport(
            fiscal_year=r.fiscal_year,
            version=r.version,
            url=reverse("reports:report_version", args=[code, r.fiscal_year, r.version]),
            pdf_url=reverse("reports:report_version_pdf", args=[code, r.fiscal_year, r.version]),
        )
        for r in selectors.agency_reports(assessment.agency)
        if r.fiscal_year in (year, year - 1)
    )


def ita_page(code: str, year: int, *, today: dt.date) -> ItaPage:
    """The public ITA page of an agency and fiscal year, or Http404."""
    assessment = _assessment(code, year)
    outlook = published_level_outlook(assessment)
    return ItaPage(
        agency_id=assessment.agency_id,
        agency_code=assessment.agency.code,
        agency_name=assessment.agency.name,
        fiscal_year=year,
        indicators=_indicators(assessment),
        follow_up=_follow_up(assessment, today),
        reports=_reports(assessment),
        next_level=outlook,
        level_sentence=level_sentence(outlook, thai_digits=assessment.use_thai_digits),
    )


def _follow_up_json(follow_up: ItaFollowUp) -> dict[str, Any]:
    return {
        "title": follow_up.title,
        "plan_year": follow_up.plan_year,
        "budget_planned": str(follow_up.budget_planned),
        "items": [
            {
                "indicator": row.indicator_number,
                "activity": row.label,
                "activities": list(row.activities),
                "status": row.status,
                "status_label": row.status_label,
                "percent": row.percent,
                "last_reported_on": row.last_reported_on.isoformat()
                if row.last_reported_on
                else None,
                "overdue": row.overdue,
            }
            for row in follow_up.items
        ],
    }


def _item_json(item: ItaItem, absolute: Any) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "text": item.text,
        "links": list(item.links),
        "files": [{"title": f.title, "url": absolute(f.url)} for f in item.files],
    }


def _indicator_json(indicator: ItaIndicator, absolute: Any) -> dict[str, Any]:
    return {
        "number": indicator.number,
        "name": indicator.name,
        "sub_indicators": [
            {
                "code": sub.code,
                "name": sub.name,
                "items": [_item_json(item, absolute) for item in sub.items],
            }
            for sub in indicator.sub_indicators
        ],
    }


def ita_json(page: ItaPage, absolute: Any) -> dict[str, Any]:
    """The page as JSON-ready data; absolute(path) makes the portal's own links absolute."""
    return {
        "agency": {"code": page.agency_code, "name": page.agency_name},
        "fiscal_year": page.fiscal_year,
        "indicators": [_indicator_json(i, absolute) for i in page.indicators],
        "follow_up": _follow_up_json(page.follow_up) if page.follow_up else None,
        "next_level": level_outlook_json(page.next_level),
        "reports": [
            {
                "fiscal_year": r.fiscal_year,
                "version": r.version,
                "url": absolute(r.url),
                "pdf_url": absolute(r.pdf_url),
            }
            for r in page.reports
        ],
    }
