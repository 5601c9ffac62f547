"""Writes to committee orders and meetings; admin and load_demo both come through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments import access
from assessments.models import Agency, Assessment

from .models import (
    ERROR_ASSESSMENT_OTHER_AGENCY,
    ERROR_COMMITTEE_OTHER_AGENCY,
    CommitteeMember,
    CommitteeOrder,
    CommitteeRole,
    Meeting,
    MeetingPhoto,
)
from .uploads import photo_for_storage

ERROR_UNKNOWN_ROLE = "ไม่พบบทบาท “{name}” ในรายการบทบาทคณะกรรมการ"


@dataclass
class MemberSpec:
    name: str
    position: str
    role: str


def _require_edit(user: Any, agency: Agency) -> None:
    if not access.can_edit(user, agency.pk):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)


def committee_roles_ensure(*, names: Sequence[str]) -> None:
    """Make sure the roles exist (keeps an administrator's own order and additions)."""
    for order, name in enumerate(names, start=1):
        CommitteeRole.objects.get_or_create(name=name, defaults={"order": order})


@transaction.atomic
def committee_order_upsert(
    *,
    user: Any,
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
    return order


@transaction.atomic
def meeting_upsert(
    *,
    user: Any,
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
    return meeting


@transaction.atomic
def meeting_photo_add(
    *, user: Any, meeting: Meeting, image: Any, caption: str = "", order: int = 0
) -> MeetingPhoto:
    """Store a photo only after its content, size and pixels pass, downscaled and without metadata."""
    _require_edit(user, meeting.agency)
    photo = MeetingPhoto(
        meeting=meeting, image=photo_for_storage(image), caption=caption, order=order
    )
    photo.full_clean()
    photo.save()
    return photo
