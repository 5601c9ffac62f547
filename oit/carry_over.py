"""Last year's OIT evidence carried to the items that continue it in a later year (the crosswalk).

What carries is where the evidence is and who does it: the links, the short description, the
responsible unit and person, the notes, and the due date moved on by the years between. What
does not: files (last year's documents are not this year's evidence), the state (back to "not
started"), the public flag and the assessors' results. An item of the target that already has
evidence is never written over; an empty row (made by "create the rows") is filled.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments import access
from assessments.models import Assessment
from indicators.crosswalk import map_items
from indicators.models import OITItem
from indicators.services import shift_years
from ita_portal.lib import thai
from ita_portal.lib.events import log_event
from ita_portal.lib.users import Actor

from .models import Evidence, EvidenceLink
from .services import default_due_date

logger = logging.getLogger(__name__)

ERROR_OTHER_AGENCY = "คัดลอกหลักฐานได้เฉพาะระหว่างปีของหน่วยงานเดียวกัน"
ERROR_NOT_LATER = "คัดลอกหลักฐานได้เฉพาะไปยังปีที่หลังจากปีต้นทาง"
LINE_UNMAPPED = "ข้อ {code} ({name}) ของปี {source_year} ไม่มีข้อที่ตรงกันในปี {target_year}: ไม่ได้คัดลอก"
LINE_SKIPPED = (
    "ข้อ {code} ({name}) ของปี {source_year}: ข้อ {target_code} ของปี {target_year} "
    "มีหลักฐานอยู่แล้ว จึงไม่ได้คัดลอกทับ"
)


@dataclass(frozen=True)
class CarriedItem:
    source: OITItem
    target: OITItem
    how: str  # indicators.crosswalk.HOW_*


@dataclass
class EvidenceCarryOver:
    source_year: int
    target_year: int
    copied: list[CarriedItem] = field(default_factory=list)
    unmapped: list[OITItem] = field(default_factory=list)  # evidence, but no item to take it
    skipped: list[CarriedItem] = field(default_factory=list)  # the target had evidence already
    files_left: int = 0  # files of the copied items, not carried

    def lines(self) -> list[str]:
        """In Thai, each item whose evidence did not carry and why (years in Thai digits)."""
        years = {
            "source_year": thai.to_thai_digits(self.source_year),
            "target_year": thai.to_thai_digits(self.target_year),
        }
        return [
            LINE_UNMAPPED.format(code=item.code, name=item.name, **years) for item in self.unmapped
        ] + [
            LINE_SKIPPED.format(
                code=c.source.code, name=c.source.name, target_code=c.target.code, **years
            )
            for c in self.skipped
        ]


def has_content(evidence: Evidence) -> bool:
    """Something an agency wrote or gave: not a row made empty by "create the rows"."""
    return bool(
        evidence.links.all()
        or evidence.files.all()
        or evidence.unit_id
        or any(
            getattr(evidence, name).strip()
            for name in (
                "text",
                "responsible_person",
                "notes",
                "preliminary_result",
                "final_result",
            )
        )
        or evidence.state != Evidence.State.NOT_STARTED
    )


def _evidence_by_item(assessment: Assessment) -> dict[int, Evidence]:
    rows = assessment.oit_evidence.select_related("item").prefetch_related("links", "files")
    return {row.item_id: row for row in rows}


def _copy(old: Evidence, item: OITItem, into: Evidence | None, target: Assessment) -> Evidence:
    """The target's row for item with old's where-and-who-does-it (no state, files or results)."""
    # A new row starts "not started" and not public (the model's defaults); an empty row kept
    # its own state "not started" (has_content) and its public choice for the new year.
    row = into or Evidence(assessment=target, item=item)
    row.text, row.notes = old.text, old.notes
    row.unit_id, row.responsible_person = old.unit_id, old.responsible_person
    years = target.fiscal_year - old.assessment.fiscal_year
    row.due_date = shift_years(old.due_date, years) or row.due_date or default_due_date(target)
    row.full_clean(exclude=["assessment", "item"], validate_unique=False)
    row.save()
    return row


def _check(source: Assessment, target: Assessment, user: Actor) -> None:
    # Part of the new-year action: whoever may make the new year (staff, approvers) carries it.
    if not access.can_edit(user, target.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    if source.agency_id != target.agency_id:
        raise ValidationError(ERROR_OTHER_AGENCY)
    if target.fiscal_year <= source.fiscal_year:
        raise ValidationError(ERROR_NOT_LATER)


@transaction.atomic
def evidence_carry_over(
    *, source: Assessment, target: Assessment, user: Actor
) -> EvidenceCarryOver:
    """Copy each source item's evidence to the item of target that continues it (never over)."""
    _check(source, target, user)
    crosswalk = map_items(source.framework, target.framework)
    have = _evidence_by_item(target)
    filled = {pk for pk, row in have.items() if has_content(row)}
    result = EvidenceCarryOver(source_year=source.fiscal_year, target_year=target.fiscal_year)
    links: list[EvidenceLink] = []
    for old in sorted(_evidence_by_item(source).values(), key=_order):
        if not has_content(old):
            continue
        new_item = crosswalk.mapped.get(old.item)
        if new_item is None:
            result.unmapped.append(old.item)
            continue
        carried = CarriedItem(source=old.item, target=new_item, how=crosswalk.how[old.item])
        if new_item.pk in filled:
            result.skipped.append(carried)
            continue
        old.assessment = source
        row = _copy(old, new_item, have.get(new_item.pk), target)
        filled.add(new_item.pk)
        links += [EvidenceLink(evidence=row, url=ln.url, order=ln.order) for ln in old.links.all()]
        result.copied.append(carried)
        result.files_left += len(old.files.all())
    EvidenceLink.objects.bulk_create(links)
    log_event(
        logger,
        "oit.evidence.carried_over",
        user=user,
        agency=target.agency,
        obj=target,
        source=f"Assessment:{source.pk}",
        copied=len(result.copied),
        unmapped=len(result.unmapped),
        skipped=len(result.skipped),
        links=len(links),
        files_left=result.files_left,
    )
    return result


def _order(evidence: Evidence) -> tuple[int, int]:
    return (evidence.item.order, evidence.item_id)
