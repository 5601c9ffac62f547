"""The follow-up report (รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส): the
approved plan's progress by fiscal quarter, as a Thai PDF in the analysis report's type, and its
attachment as the evidence of the O-item that asks for it.

The plan of an assessment is for the next fiscal year (plan_year); the O-item asking for its
follow-up is the item with the role "follow_up" in that year's framework of the agency's issuer,
so the file goes to the agency's plan_year assessment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from actionplans.models import ActionPlan, ProgressReport
from actionplans.selectors import approved_version_q, latest_approved_plan
from actionplans.snapshots import PlanReport, PlanRow
from assessments.models import Assessment
from assessments.selectors import issuer_for_agency
from indicators.models import Framework, ItemRole, OITItem
from indicators.scoring import round2
from indicators.selectors import framework_for, item_with_role, no_item_with_role_message
from ita_portal.lib import thai
from ita_portal.lib.pdf import render_pdf, with_creation_date
from ita_portal.lib.users import Actor
from oit import services as oit_services
from oit.models import Evidence

logger = logging.getLogger(__name__)

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
ERROR_NO_PLAN = "ยังไม่มีแผนพัฒนา (มาตรการ) ที่อนุมัติแล้วของผลการประเมินนี้"
ERROR_NO_YEAR = "ยังไม่มีผลการประเมินปีงบประมาณ พ.ศ. {year} ของหน่วยงาน จึงยังแนบเป็นหลักฐาน OIT ไม่ได้"
MESSAGE_ALREADY_ATTACHED = (
    "รายงานผลการดำเนินการฉบับนี้แนบเป็นหลักฐานข้อ {code} ปีงบประมาณ พ.ศ. {year} ไว้แล้ว ไม่ได้แนบซ้ำ"
)
QUARTERS = (1, 2, 3, 4)
NOT_REPORTED = "ยังไม่รายงาน"


@dataclass(frozen=True)
class QuarterCell:
    status: str
    percent: str
    note: str
    evidence: str
    spent: str


@dataclass(frozen=True)
class FollowUpRow:
    indicator: str
    activities: tuple[str, ...]
    budget: str
    quarters: tuple[QuarterCell | None, ...]
    status: str
    percent: str
    spent: str


@dataclass(frozen=True)
class FollowUpReport:
    title: str
    agency_name: str
    plan_title: str
    plan_year_text: str
    made_on: str
    rows: tuple[FollowUpRow, ...]
    rows_text: str
    status_counts: tuple[tuple[str, str], ...]
    budget_text: str
    spent_text: str
    average_percent: str
    thai_digits: bool


def approved_plan(assessment: Assessment) -> ActionPlan:
    """The assessment's plan if it has an approved version (approved now, or approved once and
    reopened: actionplans.selectors.approved_version_q); ValidationError otherwise."""
    plan = (
        ActionPlan.objects.filter(approved_version_q(), assessment=assessment)
        .select_related("assessment__agency", "assessment__framework")
        .first()
    )
    if plan is None:
        raise ValidationError(ERROR_NO_PLAN)
    return plan


def _cell(report: ProgressReport, use_thai: bool) -> QuarterCell:
    evidence = report.evidence_url or ("มีไฟล์หลักฐาน" if report.evidence_file else "")
    return QuarterCell(
        status=report.get_status_display(),
        percent=thai.digits(report.percent, use_thai),
        note=report.note,
        evidence=evidence,
        spent=thai.baht(report.budget_spent, thai=use_thai)
        if report.budget_spent is not None
        else "",
    )


def _row(
    indicator: str, row: PlanRow, reports: list[ProgressReport], use_thai: bool
) -> tuple[FollowUpRow, ProgressReport | None, Decimal]:
    by_quarter: dict[int, ProgressReport] = {}
    for report in reports:  # oldest first: the quarter keeps its latest report
        by_quarter[thai.fiscal_quarter(report.reported_on.month)] = report
    latest = reports[-1] if reports else None
    return (
        FollowUpRow(
            indicator=indicator,
            activities=tuple(thai.digits(text, use_thai) for text in row.activity_texts),
            budget=thai.baht(row.budget, thai=use_thai) if row.budget is not None else "-",
            quarters=tuple(
                _cell(by_quarter[q], use_thai) if q in by_quarter else None for q in QUARTERS
            ),
            status=latest.get_status_display() if latest else NOT_REPORTED,
            percent=thai.digits(latest.percent if latest else 0, use_thai),
            spent=thai.baht(latest.budget_spent, thai=use_thai)
            if latest and latest.budget_spent is not None
            else "-",
        ),
        latest,
        row.budget or Decimal(0),
    )


def _reports_by_item(kept: PlanReport) -> dict[int, list[ProgressReport]]:
    ids = [row.item_id for row in kept.rows if row.item_id is not None]
    reports: dict[int, list[ProgressReport]] = {}
    for report in ProgressReport.objects.filter(item_id__in=ids).order_by("reported_on", "id"):
        reports.setdefault(report.item_id, []).append(report)
    return reports


def _status_counts(
    latest: list[ProgressReport], rows: int, use_thai: bool
) -> tuple[tuple[str, str], ...]:
    counts = {str(label): 0 for _, label in ProgressReport.Status.choices}
    for report in latest:
        counts[report.get_status_display()] += 1
    counts[NOT_REPORTED] = rows - len(latest)
    return tuple((label, thai.digits(n, use_thai)) for label, n in counts.items() if n)


def follow_up_report(plan: ActionPlan, *, today: dt.date) -> FollowUpReport:
    """The progress of the plan's approved version as the report prints it: its rows as
    approved (the live plan, or what the last approval kept once it is reopened: a reopened
    draft's rows never show), each with its reports."""
    use_thai = plan.assessment.use_thai_digits
    kept = latest_approved_plan(plan.assessment, thai=use_thai)
    if kept is None:
        raise ValidationError(ERROR_NO_PLAN)
    reports = _reports_by_item(kept)
    triples = [
        _row(
            thai.digits(f"{group.indicator_number} {group.indicator_name}", use_thai),
            row,
            reports.get(row.item_id or 0, []),
            use_thai,
        )
        for group in kept.groups
        for row in group.rows
    ]
    latest = [report for _, report, _ in triples if report is not None]
    planned = sum((budget for _, _, budget in triples), Decimal(0))
    spent = sum((r.budget_spent for r in latest if r.budget_spent is not None), Decimal(0))
    # Rows without a report count as 0 % done.
    average = Decimal(sum(r.percent for r in latest)) / len(triples) if triples else Decimal(0)
    return FollowUpReport(
        title=TITLE,
        agency_name=plan.assessment.agency.name,
        plan_title=kept.title or str(plan),
        plan_year_text=thai.digits(plan.plan_year, use_thai),
        made_on=thai.thai_date(today, thai=use_thai),
        rows=tuple(row for row, _, _ in triples),
        rows_text=thai.digits(len(triples), use_thai),
        status_counts=_status_counts(latest, len(triples), use_thai),
        budget_text=thai.baht(planned, thai=use_thai),
        spent_text=thai.baht(spent, thai=use_thai),
        average_percent=thai.digits(f"{round2(average)}", use_thai),
        thai_digits=use_thai,
    )


def follow_up_html(report: FollowUpReport) -> str:
    css = (settings.BASE_DIR / "static" / "css" / "follow_up.css").resolve().as_uri()
    return render_to_string("follow_up/report.html", {"report": report, "stylesheet_url": css})


def follow_up_pdf(assessment: Assessment, *, today: dt.date) -> bytes:
    """The follow-up report of the assessment's approved plan, as PDF/A (ValidationError: no plan)."""
    html = follow_up_html(follow_up_report(approved_plan(assessment), today=today))
    # The report is made "as of" a day: that day is its creation date, so the same day's report
    # is the same file (a double click attaches it once, see follow_up_attach).
    made_on = dt.datetime.combine(today, dt.time(), tzinfo=timezone.get_current_timezone())
    return render_pdf(with_creation_date(html, made_on))


def file_name(assessment: Assessment) -> tuple[str, str]:
    """(Thai, ASCII) download names."""
    agency, year = assessment.agency, assessment.plan_year
    thai_name = f"ผลการดำเนินการตามมาตรการ-{agency.short_name or agency.code}-{year}.pdf"
    return thai_name, f"follow-up-{agency.code}-{year}.pdf"


def follow_up_item(framework: Framework) -> OITItem | None:
    """The framework's O-item that the follow-up of the measures is attached to, if it has one."""
    return item_with_role(framework, ItemRole.FOLLOW_UP)


def plan_year_follow_up_item(assessment: Assessment) -> OITItem | None:
    """The follow-up item of the plan year: of the agency's assessment of that year if it has
    one, else of the framework the agency follows that year."""
    year = assessment.plan_year
    target = (
        Assessment.objects.filter(agency_id=assessment.agency_id, framework__fiscal_year=year)
        .select_related("framework")
        .first()
    )
    framework = (
        target.framework
        if target is not None
        else framework_for(issuer_for_agency(assessment.agency_id, year), year)
    )
    return follow_up_item(framework) if framework is not None else None


def _target_evidence(*, user: Actor, assessment: Assessment) -> Evidence:
    """The plan year's evidence row of the follow-up item (made if missing)."""
    year = assessment.plan_year
    target = Assessment.objects.filter(
        agency_id=assessment.agency_id, framework__fiscal_year=year
    ).first()
    if target is None:
        raise ValidationError(ERROR_NO_YEAR.format(year=thai.to_thai_digits(year)))
    item = follow_up_item(target.framework)
    if item is None:
        raise ValidationError(no_item_with_role_message(target.framework, ItemRole.FOLLOW_UP))
    found = target.oit_evidence.filter(item=item).select_related("assessment", "item")
    with transaction.atomic():
        # Two requests at once: the second waits here, then finds the row the first made.
        Assessment.objects.select_for_update().filter(pk=target.pk).first()
        evidence = found.first()
        if evidence is None:
            evidence = oit_services.evidence_save(
                user=user, evidence=Evidence(assessment=target, item=item)
            )
    return evidence


@dataclass(frozen=True)
class Attachment:
    evidence: Evidence
    added: bool  # False: the same report (same SHA-256) was already a file of the evidence


def _same_file_attached(evidence: Evidence, content: bytes) -> bool:
    """Whether a file of the evidence has exactly this content (compared by SHA-256)."""
    digest = hashlib.sha256(content).digest()
    for stored in evidence.files.all():
        if stored.file.size != len(content):
            continue
        with stored.file.open("rb") as handle:
            if hashlib.sha256(handle.read()).digest() == digest:
                return True
    return False


def follow_up_attach(*, user: Actor, assessment: Assessment, today: dt.date) -> Attachment:
    """Render the follow-up report and add it as a file of the follow-up O-item's evidence,
    unless the same report is already there (a double click, or two tabs at once: the
    evidence row is locked while its files are compared).

    Only the agency's staff (the oit services check it, PermissionDenied otherwise).
    """
    if not oit_services.may_edit(user, assessment):
        raise PermissionDenied(oit_services.ERROR_NOT_ALLOWED)
    evidence = _target_evidence(user=user, assessment=assessment)
    pdf = follow_up_pdf(assessment, today=today)  # rendered before the lock is taken
    title = f"{TITLE} ปีงบประมาณ พ.ศ. {thai.to_thai_digits(assessment.plan_year)} ณ {thai.thai_date(today)}"
    with transaction.atomic():
        Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
        if _same_file_attached(evidence, pdf):
            return Attachment(evidence=evidence, added=False)
        oit_services.evidence_file_add(
            user=user, evidence=evidence, upload=ContentFile(pdf, name="follow-up.pdf"), title=title
        )
    logger.info(
        "follow-up report attached: %s by %s to %s %s",
        assessment,
        user,
        evidence.assessment,
        evidence.item.code,
    )
    return Attachment(evidence=evidence, added=True)
