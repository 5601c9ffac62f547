"""Writes to OIT evidence and link checks; the admin, the bulk paste, tasks and commands all come here.

Staff of the agency edit its evidence; approvers, viewers and others only look (or see nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments import access
from assessments.models import Assessment, Role
from indicators.models import OITItem
from ita_portal.lib import linkcheck
from ita_portal.lib.events import log_event
from ita_portal.lib.photos import pdf_or_photo_for_storage
from ita_portal.lib.users import Actor

from .bulk_paste import parse_pasted_urls
from .models import (
    Evidence,
    EvidenceFile,
    EvidenceLink,
    LinkCheck,
    PublicPageSetting,
    url_digest,
)

logger = logging.getLogger(__name__)

# Evidence is the staff's work; an approver looks at it (and approves the plan and report).
EVIDENCE_EDIT_ROLES = frozenset({Role.STAFF})

ERROR_NOT_ALLOWED = "เฉพาะเจ้าหน้าที่ของหน่วยงานเท่านั้นที่แก้ไขหลักฐาน OIT ได้"
ERROR_SETTING_NOT_ALLOWED = "เฉพาะเจ้าหน้าที่และผู้บริหารของหน่วยงานเท่านั้นที่ตั้งค่าหน้า ITA สาธารณะได้"


class PasteRejected(ValidationError):
    """A bulk paste with at least one bad line: nothing was written."""


@dataclass(frozen=True)
class PasteOutcome:
    items: int
    urls: int
    created: int


@dataclass(frozen=True)
class CheckSummary:
    checked: int
    ok: int
    broken: int
    slow: int


def may_edit(user: Actor, assessment: Assessment) -> bool:
    return access.has_role(user, assessment.agency_id, EVIDENCE_EDIT_ROLES)


def require_edit(user: Actor, assessment: Assessment) -> None:
    """Refuse, in Thai, whoever may not change the assessment's OIT evidence."""
    if not may_edit(user, assessment):
        raise PermissionDenied(ERROR_NOT_ALLOWED)


def default_due_date(assessment: Assessment) -> dt.date | None:
    """The year's OIT publication deadline from its calendar, if the framework has one."""
    return assessment.framework.oit_due_date


def items_in_force(assessment: Assessment) -> Any:
    """The O-items of the assessment's year that are not retired."""
    return OITItem.objects.filter(framework_id=assessment.framework_id, retired=False)


@transaction.atomic
def evidence_ensure_rows(*, user: Actor, assessment: Assessment) -> int:
    """One evidence row per O-item of the year in force (not started); existing rows are kept."""
    require_edit(user, assessment)
    have = set(assessment.oit_evidence.values_list("item_id", flat=True))
    due = default_due_date(assessment)
    rows = [
        Evidence(assessment=assessment, item=item, due_date=due)
        for item in items_in_force(assessment).order_by("order")
        if item.pk not in have
    ]
    Evidence.objects.bulk_create(rows)
    log_event(logger, "oit.evidence.rows_created", user=user, obj=assessment, rows=len(rows))
    return len(rows)


@transaction.atomic
def evidence_save(*, user: Actor, evidence: Evidence) -> Evidence:
    """Save an evidence row after its checks; a new row gets the year's due date if none is set."""
    require_edit(user, evidence.assessment)
    if evidence.pk is None and evidence.due_date is None:
        evidence.due_date = default_due_date(evidence.assessment)
    evidence.full_clean()
    evidence.save()
    log_event(
        logger,
        "oit.evidence.saved",
        user=user,
        obj=evidence,
        item=evidence.item.code,
        state=evidence.state,
    )
    return evidence


def evidence_update(*, user: Actor, evidence: Evidence, **fields: Any) -> Evidence:
    """Change fields of an evidence row (state, notes, unit, person, due date, results, …)."""
    for name, value in fields.items():
        setattr(evidence, name, value)
    return evidence_save(user=user, evidence=evidence)


def evidence_record_preliminary(
    *, user: Actor, evidence: Evidence, result: str, comment: str = ""
) -> Evidence:
    """The assessors' preliminary pass/fail for the item, with their comment."""
    return evidence_update(
        user=user, evidence=evidence, preliminary_result=result, preliminary_comment=comment
    )


def evidence_record_clarification(*, user: Actor, evidence: Evidence, text: str) -> Evidence:
    """The agency's clarification of an item the assessors failed."""
    return evidence_update(user=user, evidence=evidence, clarification=text)


def evidence_record_final(*, user: Actor, evidence: Evidence, result: str) -> Evidence:
    return evidence_update(user=user, evidence=evidence, final_result=result)


@transaction.atomic
def evidence_delete(*, user: Actor, evidence: Evidence) -> None:
    require_edit(user, evidence.assessment)
    for item in evidence.files.all():
        item.file.delete(save=False)
    log_event(logger, "oit.evidence.deleted", user=user, obj=evidence, item=evidence.item.code)
    evidence.delete()


@transaction.atomic
def evidence_set_links(
    *, user: Actor, evidence: Evidence, urls: Sequence[str]
) -> list[EvidenceLink]:
    """Replace the evidence's links by urls (each checked first; nothing changes on a bad one)."""
    require_edit(user, evidence.assessment)
    distinct = dict.fromkeys(url.strip() for url in urls)
    links = [EvidenceLink(evidence=evidence, url=url, order=i) for i, url in enumerate(distinct, 1)]
    for link in links:
        link.full_clean(validate_unique=False)  # the old links go, so they cannot clash
    evidence.links.all().delete()
    EvidenceLink.objects.bulk_create(links)
    return links


@transaction.atomic
def evidence_link_save(*, user: Actor, link: EvidenceLink) -> EvidenceLink:
    require_edit(user, link.evidence.assessment)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def evidence_link_delete(*, user: Actor, link: EvidenceLink) -> None:
    require_edit(user, link.evidence.assessment)
    link.delete()


@transaction.atomic
def evidence_file_add(
    *, user: Actor, evidence: Evidence, upload: Any, title: str = ""
) -> EvidenceFile:
    """Store a file only after its content and size pass (full_clean runs the validator first)."""
    return evidence_file_save(
        user=user, item=EvidenceFile(evidence=evidence, file=upload, title=title)
    )


@transaction.atomic
def evidence_file_save(*, user: Actor, item: EvidenceFile) -> EvidenceFile:
    """Store an evidence file after its checks; a new image without its metadata (public files
    must not tell where a phone photo was taken)."""
    require_edit(user, item.evidence.assessment)
    item.full_clean()
    if not getattr(item.file, "_committed", True):  # a new upload, not the file already stored
        item.file = pdf_or_photo_for_storage(
            item.file.file, stem="evidence", max_bytes=settings.UPLOAD_OIT_EVIDENCE_MAX_BYTES
        )
    item.save()
    log_event(logger, "oit.evidence.file_stored", user=user, obj=item.evidence, file=item.file.name)
    return item


@transaction.atomic
def evidence_file_delete(*, user: Actor, item: EvidenceFile) -> None:
    require_edit(user, item.evidence.assessment)
    item.file.delete(save=False)
    item.delete()


@transaction.atomic
def evidence_bulk_set_urls(*, user: Actor, assessment: Assessment, text: str) -> PasteOutcome:
    """Set the links of many items from pasted lines; one bad line and nothing is written."""
    require_edit(user, assessment)
    items = {i.code: i for i in OITItem.objects.filter(framework_id=assessment.framework_id)}
    parsed = parse_pasted_urls(
        text,
        known=[c for c, i in items.items() if not i.retired],
        retired=[c for c, i in items.items() if i.retired],
        year=assessment.framework.fiscal_year,
    )
    if parsed.errors:
        log_event(
            logger,
            "oit.evidence.bulk_paste",
            user=user,
            obj=assessment,
            outcome="refused",
            errors=len(parsed.errors),
        )
        raise PasteRejected(parsed.errors)
    existing = {e.item_id: e for e in assessment.oit_evidence.all()}
    created = 0
    for code, urls in parsed.urls.items():
        evidence = existing.get(items[code].pk)
        if evidence is None:
            evidence = evidence_save(
                user=user, evidence=Evidence(assessment=assessment, item=items[code])
            )
            created += 1
        evidence_set_links(user=user, evidence=evidence, urls=urls)
    outcome = PasteOutcome(
        items=len(parsed.urls), urls=sum(len(u) for u in parsed.urls.values()), created=created
    )
    log_event(
        logger,
        "oit.evidence.bulk_paste",
        user=user,
        obj=assessment,
        items=outcome.items,
        urls=outcome.urls,
        created=outcome.created,
    )
    return outcome


def _policy() -> linkcheck.Policy:
    return linkcheck.Policy(
        timeout=float(settings.LINKCHECK_TIMEOUT_SECONDS),
        max_redirects=settings.LINKCHECK_MAX_REDIRECTS,
        max_bytes=settings.LINKCHECK_MAX_BYTES,
        allow_private=settings.LINKCHECK_ALLOW_PRIVATE,
    )


@transaction.atomic
def link_checks_store(*, results: Sequence[linkcheck.LinkResult]) -> int:
    """Keep the latest result of each URL."""
    for result in results:
        LinkCheck.objects.update_or_create(
            url_hash=url_digest(result.url),
            defaults={
                "url": result.url,
                "ok": result.ok,
                "error": result.error,
                "message": result.message[:255],
                "status_code": result.status_code,
                "final_url": result.final_url,
                "content_type": result.content_type[:255],
                "response_ms": result.response_ms,
                "tls_valid": result.tls_valid,
                "redirects": result.redirects,
                "truncated": result.truncated,
                "checked_at": result.checked_at,
            },
        )
    return len(results)


def check_urls(urls: Sequence[str]) -> CheckSummary:
    """Fetch the URLs (bounded parallelism, settings' policy), store and summarise the results."""
    results = linkcheck.check_urls(urls, _policy(), workers=settings.LINKCHECK_WORKERS)
    link_checks_store(results=results)
    slow_ms = settings.LINKCHECK_SLOW_MS
    return CheckSummary(
        checked=len(results),
        ok=sum(r.ok for r in results),
        broken=sum(not r.ok for r in results),
        slow=sum(bool(r.ok and r.response_ms and r.response_ms > slow_ms) for r in results),
    )


def evidence_check_links(*, assessment: Assessment) -> CheckSummary:
    """Check every evidence URL of an assessment (agency and year)."""
    urls = list(
        EvidenceLink.objects.filter(evidence__assessment=assessment)
        .order_by("evidence__item__order", "order")
        .values_list("url", flat=True)
    )
    summary = check_urls(urls)
    log_event(logger, "oit.links.checked", obj=assessment, summary=summary)
    return summary


def link_checks_refresh_stale(*, max_age: dt.timedelta, limit: int) -> CheckSummary:
    """Re-check evidence URLs never checked or checked longer ago than max_age (oldest first)."""
    cutoff = timezone.now() - max_age
    fresh = set(LinkCheck.objects.filter(checked_at__gte=cutoff).values_list("url_hash", flat=True))
    last_checked = dict(LinkCheck.objects.values_list("url_hash", "checked_at"))
    urls = set(EvidenceLink.objects.values_list("url", flat=True))
    stale = [u for u in urls if url_digest(u) not in fresh]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    stale.sort(key=lambda u: last_checked.get(url_digest(u), epoch))
    summary = check_urls(stale[:limit])
    log_event(logger, "oit.links.rechecked", summary=summary, stale=len(stale))
    return summary


@transaction.atomic
def page_setting_save(*, user: Actor, setting: PublicPageSetting) -> PublicPageSetting:
    """Which websites may embed the agency's public ITA page (its staff and approvers decide)."""
    if not access.has_role(user, setting.agency_id, access.EDIT_ROLES):
        raise PermissionDenied(ERROR_SETTING_NOT_ALLOWED)
    setting.full_clean()
    setting.save()
    log_event(
        logger,
        "oit.page_setting.saved",
        user=user,
        agency=setting.agency,
        obj=setting,
        frame_origins=repr(setting.frame_origins),
    )
    return setting


@transaction.atomic
def page_setting_delete(*, user: Actor, setting: PublicPageSetting) -> None:
    """Back to the default: the page embeds only in the portal itself."""
    if not access.has_role(user, setting.agency_id, access.EDIT_ROLES):
        raise PermissionDenied(ERROR_SETTING_NOT_ALLOWED)
    log_event(logger, "oit.page_setting.removed", user=user, agency=setting.agency, obj=setting)
    setting.delete()


ERROR_IMPORT_UNKNOWN_ITEM = "ไม่พบข้อ {code} ในข้อการประเมินปีงบประมาณ พ.ศ. {year}"
ERROR_IMPORT_HAS_EVIDENCE = "ข้อ {code} มีหลักฐานอยู่แล้ว (นำเข้าได้เฉพาะข้อที่ยังไม่มีหลักฐาน)"
ERROR_IMPORT_UNKNOWN_UNIT = "ไม่พบกลุ่ม/หน่วย “{name}” ของหน่วยงาน"


@dataclass(frozen=True)
class EvidenceSpec:
    """One item's evidence to import (the demo, a spreadsheet of last year's work)."""

    code: str
    urls: tuple[str, ...] = ()
    text: str = ""
    state: str = Evidence.State.NOT_STARTED
    public: bool = False
    unit_name: str = ""
    responsible_person: str = ""
    preliminary_result: str = ""
    preliminary_comment: str = ""
    clarification: str = ""


def _import_row(
    spec: EvidenceSpec, assessment: Assessment, items: dict[str, Any], units: dict[str, Any]
) -> tuple[Evidence, list[EvidenceLink]]:
    """The evidence and links of one spec, checked in memory (raises ValidationError)."""
    item = items.get(spec.code)
    if item is None:
        raise ValidationError(
            ERROR_IMPORT_UNKNOWN_ITEM.format(code=spec.code, year=assessment.fiscal_year)
        )
    if spec.unit_name and spec.unit_name not in units:
        raise ValidationError(ERROR_IMPORT_UNKNOWN_UNIT.format(name=spec.unit_name))
    row = Evidence(
        assessment=assessment,
        item=item,
        due_date=default_due_date(assessment),
        unit=units.get(spec.unit_name),
        **{
            name: getattr(spec, name)
            for name in (
                "text",
                "state",
                "public",
                "responsible_person",
                "preliminary_result",
                "preliminary_comment",
                "clarification",
            )
        },
    )
    # The foreign keys were just looked up, and the one-row-per-item rule is checked by the caller.
    exclude = ["assessment", "item", "unit"]
    row.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    links = [
        EvidenceLink(evidence=row, url=url.strip(), order=n) for n, url in enumerate(spec.urls, 1)
    ]
    for link in links:
        link.full_clean(exclude=["evidence"], validate_unique=False, validate_constraints=False)
    return row, links


@transaction.atomic
def evidence_import(*, user: Actor, assessment: Assessment, specs: Sequence[EvidenceSpec]) -> int:
    """Create the evidence (with links) of items that have none, in a handful of queries.

    Every row is checked first: one bad row (unknown item or unit, an item that already has
    evidence, a bad link or result) and nothing is written; the errors name the items.
    """
    require_edit(user, assessment)
    items = {i.code: i for i in items_in_force(assessment).select_related("framework")}
    units = {u.name: u for u in assessment.agency.units.all()}
    have = set(assessment.oit_evidence.values_list("item__code", flat=True))
    errors: list[str] = []
    rows: list[tuple[Evidence, list[EvidenceLink]]] = []
    for spec in specs:
        try:
            if spec.code in have:
                raise ValidationError(ERROR_IMPORT_HAS_EVIDENCE.format(code=spec.code))
            rows.append(_import_row(spec, assessment, items, units))
        except ValidationError as error:
            errors.append(f"{spec.code}: {'; '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    Evidence.objects.bulk_create([row for row, _ in rows])
    EvidenceLink.objects.bulk_create([link for row, links in rows for link in links])
    log_event(logger, "oit.evidence.imported", user=user, obj=assessment, items=len(rows))
    return len(rows)
