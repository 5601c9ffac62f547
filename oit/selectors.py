"""Reads of OIT evidence as plain data: the item table of a year, link problems, the predicted score."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from assessments.models import Assessment
from indicators.models import OITItem, partner_role
from indicators.oit_scoring import (
    ItemOutcome,
    OITPrediction,
    oit_tool,
    predict_oit,
    predicted_total,
)
from indicators.scoring import tool_percent
from indicators.selectors import framework_rules
from ita_portal.lib.thai import thai_date

from .dating import date_warnings
from .models import Evidence, EvidenceFile, LinkCheck, PublicPageSetting, url_digest

BASIS_READY = "ready"
BASIS_RESULTS = "results"
BASIS_LABELS = {
    BASIS_READY: "คาดการณ์จากข้อที่หน่วยงานเตรียมพร้อมส่งแล้ว",
    BASIS_RESULTS: "คาดการณ์จากผลการตรวจของผู้ประเมิน",
}
RESULT_LABELS = {value: str(label) for value, label in Evidence.Result.choices}
READY_STATES = frozenset({Evidence.State.READY, Evidence.State.SUBMITTED})
PARTNER_NO_EVIDENCE = "ยังไม่มีหลักฐาน"


@dataclass(frozen=True)
class LinkRow:
    url: str
    checked: bool
    ok: bool | None
    slow: bool
    message: str
    status_code: int | None
    response_ms: int | None
    checked_at: dt.datetime | None

    @property
    def is_problem(self) -> bool:
        """Found broken or slow at its last check."""
        return self.ok is False or self.slow


@dataclass(frozen=True)
class Partner:
    """The other half of a plan/report pair, as the workspace shows it beside an item."""

    code: str
    name: str
    state: str  # the evidence's state, or PARTNER_NO_EVIDENCE without a link or a file
    document_date: dt.date | None

    @property
    def document_date_label(self) -> str:
        return thai_date(self.document_date) if self.document_date else ""


@dataclass(frozen=True)
class EvidenceRow:
    item_id: int
    code: str
    name: str
    role: str
    indicator_number: int
    sub_indicator_code: str
    sub_indicator_name: str
    evidence_id: int | None
    state: str
    state_label: str
    unit: str
    responsible_person: str
    due_date: dt.date | None
    links: tuple[LinkRow, ...]
    files: int
    public: bool
    preliminary_result: str
    final_result: str
    document_date: dt.date | None = None
    date_warnings: tuple[str, ...] = ()
    partners: tuple[Partner, ...] = ()

    @property
    def has_evidence(self) -> bool:
        return bool(self.links or self.files)

    @property
    def document_date_label(self) -> str:
        return thai_date(self.document_date) if self.document_date else ""

    @property
    def preliminary_label(self) -> str:
        return RESULT_LABELS.get(self.preliminary_result, "")

    @property
    def final_label(self) -> str:
        return RESULT_LABELS.get(self.final_result, "")


@dataclass(frozen=True)
class PredictedScore:
    basis: str
    prediction: OITPrediction
    unjudged: int  # items without the assessors' result when predicting from results
    total: Decimal | None  # the ITA total implied with the other tools of other_year
    other_year: int | None
    other_tool_percents: dict[str, Decimal]

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]


def _items(assessment: Assessment) -> list[OITItem]:
    return list(
        OITItem.objects.filter(framework_id=assessment.framework_id, retired=False)
        .select_related("sub_indicator__indicator")
        .order_by("order", "id")
    )


def _evidence_by_item(assessment: Assessment) -> dict[int, Evidence]:
    rows = (
        assessment.oit_evidence.select_related("unit")
        .prefetch_related("links", "files")
        .order_by("item__order")
    )
    return {e.item_id: e for e in rows}


def link_rows(urls: list[str]) -> dict[str, LinkRow]:
    """The latest check of each URL (one query)."""
    checks = {c.url_hash: c for c in LinkCheck.objects.filter(url_hash__in=map(url_digest, urls))}
    rows = {}
    for url in urls:
        check = checks.get(url_digest(url))
        rows[url] = LinkRow(
            url=url,
            checked=check is not None,
            ok=check.ok if check else None,
            slow=bool(check and check.ok and check.is_slow()),
            message=check.message if check else "",
            status_code=check.status_code if check else None,
            response_ms=check.response_ms if check else None,
            checked_at=check.checked_at if check else None,
        )
    return rows


def _row(item: OITItem, e: Evidence | None, checks: dict[str, LinkRow], year: int) -> EvidenceRow:
    not_started = Evidence.State.NOT_STARTED
    sub = item.sub_indicator
    return EvidenceRow(
        item_id=item.pk,
        code=item.code,
        name=item.name,
        role=item.role,
        indicator_number=sub.indicator.number,
        sub_indicator_code=sub.code,
        sub_indicator_name=sub.name,
        evidence_id=e.pk if e else None,
        state=e.state if e else not_started.value,
        state_label=e.get_state_display() if e else str(not_started.label),
        unit=str(e.unit) if e and e.unit else "",
        responsible_person=e.responsible_person if e else "",
        due_date=e.due_date if e else None,
        links=tuple(checks[link.url] for link in e.links.all()) if e else (),
        files=len(e.files.all()) if e else 0,
        public=e.public if e else False,
        preliminary_result=e.preliminary_result if e else "",
        final_result=e.final_result if e else "",
        document_date=e.document_date if e else None,
        # Only evidence that exists has a date to check; an item without any says so by its state.
        date_warnings=tuple(
            date_warnings(rule=item.evidence_rule, document_date=e.document_date, fiscal_year=year)
        )
        if e
        else (),
    )


def evidence_table(assessment: Assessment) -> list[EvidenceRow]:
    """Every O-item of the year in force, with its evidence, date warnings and pair (5 queries)."""
    evidence = _evidence_by_item(assessment)
    checks = link_rows([link.url for e in evidence.values() for link in e.links.all()])
    year = assessment.framework.fiscal_year
    rows = [_row(item, evidence.get(item.pk), checks, year) for item in _items(assessment)]
    partners = pair_partners(rows)
    return [replace(row, partners=partners.get(row.item_id, ())) for row in rows]


def pair_partners(rows: Sequence[EvidenceRow]) -> dict[int, tuple[Partner, ...]]:
    """Each item of a plan/report pair (indicators.models.ROLE_PAIRS) → its other half, by item id.

    A role may be held by more than one item of a year: then every holder is a partner. An item
    whose other half the year lacks gets no entry.
    """
    by_role: dict[str, list[EvidenceRow]] = defaultdict(list)
    for row in rows:
        if row.role:
            by_role[row.role].append(row)
    found = {}
    for row in rows:
        others = by_role.get(partner_role(row.role), [])
        if others:
            found[row.item_id] = tuple(_partner(other) for other in others)
    return found


def _partner(row: EvidenceRow) -> Partner:
    state = row.state_label if row.has_evidence else PARTNER_NO_EVIDENCE
    return Partner(row.code, row.name, state, row.document_date)


def link_problems(assessment: Assessment) -> list[tuple[str, LinkRow]]:
    """(item code, link) of every evidence link found broken or slow at its last check."""
    return link_problems_in(evidence_table(assessment))


def link_problems_in(rows: Sequence[EvidenceRow]) -> list[tuple[str, LinkRow]]:
    return [(row.code, link) for row in rows for link in row.links if link.is_problem]


def dated_outside(rows: Sequence[EvidenceRow]) -> list[str]:
    """Codes of the items whose evidence is dated outside the period their rule names.

    A missing date is a reminder, not counted here: most rows have none until staff get to them.
    """
    return [row.code for row in rows if row.document_date is not None and row.date_warnings]


def _outcomes(assessment: Assessment) -> tuple[str, list[ItemOutcome], int]:
    evidence = {e.item_id: e for e in assessment.oit_evidence.all()}
    basis = BASIS_RESULTS if any(e.result for e in evidence.values()) else BASIS_READY
    outcomes, unjudged = [], 0
    for item in _items(assessment):
        e = evidence.get(item.pk)
        if basis == BASIS_RESULTS and e is not None and e.result:
            passed = e.result == Evidence.Result.PASSED
        else:
            unjudged += basis == BASIS_RESULTS
            passed = e is not None and e.state in READY_STATES
        outcomes.append(
            ItemOutcome(
                item.sub_indicator.indicator.number, item.sub_indicator.code, passed, item.code
            )
        )
    return basis, outcomes, unjudged


def _other_tool_percents(
    assessment: Assessment, oit_code: str
) -> tuple[int | None, dict[str, Decimal]]:
    """IIT, EIT, … percentages of the agency's assessment of the year before, if complete."""
    year = assessment.framework.fiscal_year - 1
    earlier = (
        Assessment.objects.filter(agency_id=assessment.agency_id, framework__fiscal_year=year)
        .select_related("framework")
        .first()
    )
    if earlier is None:
        return None, {}
    scores = {s.indicator.number: s.score for s in earlier.scores.select_related("indicator")}
    percents = {}
    for tool in framework_rules(earlier.framework).tools:
        if tool.code == oit_code:
            continue
        if any(scores.get(n) is None for n in tool.indicator_numbers):
            return None, {}
        percents[tool.code] = tool_percent(scores, tool)  # type: ignore[arg-type]
    return year, percents


def predicted_score(assessment: Assessment) -> PredictedScore | None:
    """The OIT the assessors would give (and the ITA total it implies), or None without items."""
    basis, outcomes, unjudged = _outcomes(assessment)
    if not outcomes:
        return None
    prediction = predict_oit(outcomes)
    rules = framework_rules(assessment.framework)
    oit_code = oit_tool(rules, prediction.indicator_scores).code
    other_year, percents = _other_tool_percents(assessment, oit_code)
    total = None
    if other_year is not None:
        try:
            total = predicted_total(rules, prediction, percents)
        except ValueError:  # last year's tools differ from this year's
            other_year, total = None, None
    return PredictedScore(basis, prediction, unjudged, total, other_year, percents)


# ---------------------------------------------------------------------------------------------
# The public ITA page: only evidence the agency marked public, of items in force


@dataclass(frozen=True)
class PublicFile:
    title: str
    name: str  # storage name: the access-checked media view serves it


@dataclass(frozen=True)
class PublicEvidence:
    code: str
    name: str
    indicator_number: int
    indicator_name: str
    sub_indicator_code: str
    sub_indicator_name: str
    text: str
    links: tuple[str, ...]
    files: tuple[PublicFile, ...]


def _public_rows(assessment: Assessment) -> Any:
    return assessment.oit_evidence.filter(public=True, item__retired=False)


def public_evidence(assessment: Assessment) -> list[PublicEvidence]:
    """The assessment's public evidence in item order (3 queries)."""
    rows = (
        _public_rows(assessment)
        .select_related("item__sub_indicator__indicator")
        .prefetch_related("links", "files")
        .order_by("item__order", "item__id")
    )
    return [
        PublicEvidence(
            code=e.item.code,
            name=e.item.name,
            indicator_number=e.item.sub_indicator.indicator.number,
            indicator_name=e.item.sub_indicator.indicator.name,
            sub_indicator_code=e.item.sub_indicator.code,
            sub_indicator_name=e.item.sub_indicator.name,
            text=e.text,
            links=tuple(link.url for link in e.links.all()),
            files=tuple(
                PublicFile(title=f.title or f"{e.item.code} ไฟล์ที่ {n}", name=f.file.name)
                for n, f in enumerate(e.files.all(), 1)
            ),
        )
        for e in rows
    ]


def has_public_evidence(assessment: Assessment) -> bool:
    return _public_rows(assessment).exists()


def public_years(agency_id: int) -> list[int]:
    """Fiscal years in which the agency marked evidence public, newest first (one query)."""
    return list(
        Evidence.objects.filter(assessment__agency_id=agency_id, public=True, item__retired=False)
        .order_by("-assessment__framework__fiscal_year")
        .values_list("assessment__framework__fiscal_year", flat=True)
        .distinct()
    )


def public_file_agency(name: str) -> tuple[int, bool] | None:
    """(agency id, public) of an evidence file by storage name; None when no evidence owns it.

    Public means its evidence is marked public and its item is in force: what the page shows.
    """
    row = (
        EvidenceFile.objects.filter(file=name)
        .values_list(
            "evidence__assessment__agency_id", "evidence__public", "evidence__item__retired"
        )
        .first()
    )
    if row is None:
        return None
    agency_id, public, retired = row
    return agency_id, bool(public and not retired)


def frame_origins(agency_id: int) -> list[str]:
    """Websites allowed to embed the agency's public ITA page (none set: only the portal)."""
    setting = PublicPageSetting.objects.filter(agency_id=agency_id).first()
    return setting.origins if setting else []
