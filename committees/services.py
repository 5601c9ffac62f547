"""Writes to committee orders and meetings; admin and load_demo both come through here."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from assessments import access
from assessments.models import Agency, Assessment
from ita_portal.lib.locking import bump_version
from ita_portal.lib.users import Actor

from .models import (
    ERROR_ASSESSMENT_OTHER_AGENCY,
    ERROR_COMMITTEE_OTHER_AGENCY,
    CommitteeMember,
    CommitteeOrder,
    CommitteeOrderScanPage,
    CommitteeRole,
    Meeting,
    MeetingPhoto,
)
from .scans import prepare_scan
from .uploads import photo_for_storage

logger = logging.getLogger(__name__)

ERROR_UNKNOWN_ROLE = "ไม่พบบทบาท “{name}” ในรายการบทบาทคณะกรรมการ"


@dataclass
class MemberSpec:
    name: str
    position: str
    role: str


def _require_edit(user: Actor, agency: Agency) -> None:
    if not access.can_edit(user, agency.pk):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)


def committee_roles_ensure(*, names: Sequence[str]) -> None:
    """Make sure the roles exist (keeps an administrator's own order and additions)."""
    for order, name in enumerate(names, start=1):
        CommitteeRole.objects.get_or_create(name=name, defaults={"order": order})


@transaction.atomic
def committee_order_upsert(
    *,
    user: Actor,
    agency: Agency,
    number: int,
    year: int,
    assessment: Assessment | None,
    members: Sequence[MemberSpec],
    **fields: Any,
) -> CommitteeOrder:
    """Create or update the order ที่ number/year of the agency and set its members in order."""
    _require_edit(user, agency)
    if assessment is not None and assessment.agency_id != agency.pk:
        raise ValidationError(ERROR_ASSESSMENT_OTHER_AGENCY)
    roles = {r.name: r for r in CommitteeRole.objects.all()}
    for spec in members:
        if spec.role not in roles:
            raise ValidationError(ERROR_UNKNOWN_ROLE.format(name=spec.role))
    order = CommitteeOrder.objects.filter(agency=agency, number=number, year=year).first()
    if order is None:
        order = CommitteeOrder(agency=agency, number=number, year=year)
    order.assessment = assessment
    for name, value in fields.items():
        setattr(order, name, value)
    order.full_clean()
    order.save()
    order.members.all().delete()
    for sequence, spec in enumerate(members, start=1):
        member = CommitteeMember(
            committee=order,
            sequence=sequence,
            name=spec.name,
            position=spec.position,
            role=roles[spec.role],
        )
        member.full_clean()
        member.save()
    bump_version(CommitteeOrder, pk=order.pk)  # forms open on the order are stale (edit lock)
    return order


@transaction.atomic
def meeting_upsert(
    *,
    user: Actor,
    agency: Agency,
    title: str,
    date: dt.date,
    committee: CommitteeOrder | None = None,
    **fields: Any,
) -> Meeting:
    _require_edit(user, agency)
    if committee is not None and committee.agency_id != agency.pk:
        raise ValidationError(ERROR_COMMITTEE_OTHER_AGENCY)
    meeting = Meeting.objects.filter(agency=agency, title=title, date=date).first()
    if meeting is None:
        meeting = Meeting(agency=agency, title=title, date=date)
    meeting.committee = committee
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    bump_version(Meeting, pk=meeting.pk)  # forms open on the meeting are stale (edit lock)
    return meeting


@transaction.atomic
def meeting_photo_add(
    *, user: Actor, meeting: Meeting, image: Any, caption: str = "", order: int = 0
) -> MeetingPhoto:
    """Store a photo only after its content, size and pixels pass, downscaled and without metadata."""
    _require_edit(user, meeting.agency)
    photo = MeetingPhoto(
        meeting=meeting, image=photo_for_storage(image), caption=caption, order=order
    )
    photo.full_clean()
    photo.save()
    bump_version(Meeting, pk=meeting.pk)  # a photo's change is the meeting's (edit lock)
    return photo


def _delete_files_after_commit(names: Sequence[str | None], storage: Any) -> None:
    """Remove replaced files once the change that replaced them is committed."""

    def delete() -> None:
        for name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(delete)


@contextmanager
def files_deleted_if_failed(storage: Any) -> Iterator[list[str]]:
    """Names of files stored in the block; deleted again when the block fails (its rows are
    rolled back: the files would be orphans)."""
    stored: list[str] = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            if name:
                storage.delete(name)
        raise


@transaction.atomic
def committee_order_scan_pages_rebuild(
    *,
    user: Actor,
    order: CommitteeOrder,
    pages: Sequence[tuple[bytes, str]],
    replaced: str = "",
) -> int:
    """Replace the page images of the order's signed scan with pages (prepared by
    scans.prepare_scan before the transaction; none when it has no scan); returns their number.

    `replaced` names a scan file the order no longer uses, deleted with the old pages after
    commit. A page file stored here is deleted again if the change fails.
    """
    _require_edit(user, order.agency)
    old_pages = list(order.scan_pages.all())
    storage = CommitteeOrderScanPage._meta.get_field("image").storage
    _delete_files_after_commit([p.image.name for p in old_pages] + [replaced], storage)
    order.scan_pages.all().delete()
    if not order.signed_scan:
        logger.info("order scan removed: user=%s order=%s", user.pk, order.pk)
        return 0
    with files_deleted_if_failed(storage) as stored:
        for number, (content, suffix) in enumerate(pages, start=1):
            page = CommitteeOrderScanPage(order=order, number=number)
            page.image.save(f"page{suffix}", ContentFile(content), save=False)
            stored.append(page.image.name or "")
            page.full_clean()
            page.save()
    logger.info(
        "order scan attached: user=%s agency=%s order=%s pages=%s",
        user.pk,
        order.agency_id,
        order.pk,
        len(pages),
    )
    return len(pages)


def committee_order_scan_attach(*, user: Actor, order: CommitteeOrder, upload: Any) -> int:
    """Attach the signed scan; returns its pages. The scan is checked and rasterised first,
    outside any transaction (no write lock is held while poppler runs), then stored; a failed
    store leaves no file behind."""
    _require_edit(user, order.agency)
    prepared = prepare_scan(upload)
    storage = CommitteeOrder._meta.get_field("signed_scan").storage
    with files_deleted_if_failed(storage) as stored, transaction.atomic():
        replaced = order.signed_scan.name or "" if order.signed_scan else ""
        order.signed_scan = prepared.file
        order.full_clean()
        order.save()
        stored.append(order.signed_scan.name or "")
        bump_version(CommitteeOrder, pk=order.pk)
        return committee_order_scan_pages_rebuild(
            user=user, order=order, pages=prepared.pages, replaced=replaced
        )


@transaction.atomic
def committee_order_scan_remove(*, user: Actor, order: CommitteeOrder) -> None:
    """Detach the scan: the report prints the retyped order again."""
    _require_edit(user, order.agency)
    replaced = order.signed_scan.name or "" if order.signed_scan else ""
    order.signed_scan = ""  # type: ignore[assignment]
    order.save(update_fields=["signed_scan", "updated_at"])
    bump_version(CommitteeOrder, pk=order.pk)
    committee_order_scan_pages_rebuild(user=user, order=order, pages=(), replaced=replaced)


@transaction.atomic
def committee_carry_over(
    *, user: Actor, source: Assessment, target: Assessment
) -> CommitteeOrder | None:
    """A draft order for target copied from source's latest order: same members in order,
    the order's year one later, number 0 (not yet issued), unsigned, without a scan.

    None, and nothing touched, when target already has an order or source has none.
    """
    _require_edit(user, target.agency)
    if CommitteeOrder.objects.filter(assessment=target).exists():
        return None
    old = (
        CommitteeOrder.objects.filter(assessment=source)
        .order_by("-year", "-number", "-id")
        .prefetch_related("members")
        .first()
    )
    if old is None:
        return None
    if CommitteeOrder.objects.filter(agency=target.agency, year=old.year + 1, number=0).exists():
        # An unnumbered draft of that year exists already (made by hand): never overwrite it.
        return None
    order = CommitteeOrder(
        agency=target.agency,
        assessment=target,
        number=0,
        year=old.year + 1,
        subject=old.subject,
        preamble=old.preamble,
        duties=old.duties,
        closing=old.closing,
        signer_name=old.signer_name,
        signer_title=old.signer_title,
    )
    order.full_clean()
    order.save()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            committee=order,
            sequence=member.sequence,
            name=member.name,
            position=member.position,
            role_id=member.role_id,
        )
        for member in old.members.all()
    )
    return order
