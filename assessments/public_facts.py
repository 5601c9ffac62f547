"""What the public reads about an agency: staff propose, an approver decides (docs/public-facts.md).

The agency's own fields (Agency.name, Agency.short_name) and its EarlierResult rows hold the
approved values, and every public output keeps reading them; a staff member's edit becomes a
PublicFactChange that waits for an approver who did not propose it (four eyes, as for plans).
The agency's other approvers are mailed the proposal, the proposer the decision
(public_facts_mail: one message for all a save proposes, inside one_mail_per_save).
Site administrators change these facts directly in the admin.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F
from django.utils import timezone

from ita_portal.lib.events import log_event
from ita_portal.lib.users import Actor, Person

from . import access, public_facts_mail
from .models import Agency, EarlierResult, PublicFactChange
from .models.assessment import earlier_result_year_check
from .models.facts import ERROR_REJECTION_NO_REASON

logger = logging.getLogger(__name__)

Fact = PublicFactChange.Fact
Status = PublicFactChange.Status

# The agency's fields that are public facts behind an approver (the rest of its page is free).
NAME_FACTS = (Fact.NAME, Fact.SHORT_NAME)

ERROR_FOUR_EYES = "ผู้เสนอแก้ไขข้อมูลนี้อนุมัติเองไม่ได้ ต้องให้ผู้บริหารอีกคนหนึ่งเป็นผู้อนุมัติ"
ERROR_NOT_PENDING = "คำขอนี้ได้รับการพิจารณาแล้ว หรือมีข้อเสนอใหม่แทนแล้ว"
ERROR_REASON_REQUIRED = ERROR_REJECTION_NO_REASON
ERROR_YEAR_REQUIRED = "กรุณาระบุปีงบประมาณของผลคะแนนปีก่อน"
ERROR_NAME_REQUIRED = "กรุณาระบุชื่อหน่วยงาน"
MESSAGE_PENDING = "ส่ง{facts}ให้ผู้บริหารอนุมัติแล้ว หน้าสาธารณะยังแสดงค่าเดิมจนกว่าจะอนุมัติ (รออนุมัติ)"


def _pending(agency: Agency, fact: str, fiscal_year: int | None) -> PublicFactChange | None:
    year: dict[str, Any] = (
        {"fiscal_year__isnull": True} if fiscal_year is None else {"fiscal_year": fiscal_year}
    )
    return (
        PublicFactChange.objects.select_for_update()
        .filter(agency=agency, fact=fact, status=Status.PENDING, **year)
        .first()
    )


@transaction.atomic
def fact_propose(
    *,
    agency: Agency,
    fact: str,
    user: Person,
    text: str = "",
    fiscal_year: int | None = None,
    total: Decimal | None = None,
    removed: bool = False,
) -> PublicFactChange:
    """A staff member's new value of a public fact, pending; it replaces their earlier proposal."""
    if not access.can_edit(user, agency.pk):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    if fact == Fact.EARLIER_RESULT:
        earlier_result_year_check(fiscal_year)
        if fiscal_year is None:
            raise ValidationError(ERROR_YEAR_REQUIRED)
        current = EarlierResult.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        current_text = "" if current is None else f"{current.total}"
    else:
        fiscal_year = None
        if fact == Fact.NAME and not text.strip():
            raise ValidationError(ERROR_NAME_REQUIRED)
        field = Agency._meta.get_field(fact)
        assert isinstance(field, models.CharField)
        field.clean(text.strip(), agency)
        current_text = getattr(Agency.objects.get(pk=agency.pk), fact)
    earlier = _pending(agency, fact, fiscal_year)
    if earlier is not None:
        earlier.status = Status.REPLACED
        earlier.save(update_fields=["status"])
    change = PublicFactChange(
        agency=agency,
        fact=fact,
        fiscal_year=fiscal_year,
        proposed_text=text.strip(),
        proposed_total=None if removed else total,
        removed=removed,
        current_text=current_text,
        proposed_by=user,
    )
    change.full_clean()
    change.save()
    log_event(logger, "public_fact.propose", user=user, agency=agency, obj=change, fact=fact)
    # After the commit: a proposal rolled back (a later formset error) tells nobody.
    public_facts_mail.tell_approvers(change, user)
    return change


def _decidable(change: PublicFactChange, user: Person) -> PublicFactChange:
    if not access.can_approve(user, change.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    locked = PublicFactChange.objects.select_for_update().select_related("agency").get(pk=change.pk)
    if locked.status != Status.PENDING:
        raise ValidationError(ERROR_NOT_PENDING)
    if locked.proposed_by_id == user.pk:
        raise PermissionDenied(ERROR_FOUR_EYES)
    return locked


def _decide(locked: PublicFactChange, user: Person, status: str, reason: str) -> None:
    locked.status, locked.reason = status, reason
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    log_event(
        logger,
        f"public_fact.{status}",
        user=user,
        agency=locked.agency,
        obj=locked,
        fact=locked.fact,
    )
    public_facts_mail.tell_proposer(locked, user)


@transaction.atomic
def fact_approve(*, change: PublicFactChange, user: Person) -> PublicFactChange:
    """The approver's yes: the public outputs read the new value from now on."""
    locked = _decidable(change, user)
    agency = locked.agency
    if locked.fact in NAME_FACTS:
        setattr(agency, locked.fact, locked.proposed_text)
        agency.save(update_fields=[locked.fact])
    else:
        _earlier_result_apply(locked)
    # The agency's page changed under any form open on it: such a form is stale (edit lock).
    Agency.objects.filter(pk=agency.pk).update(lock_version=F("lock_version") + 1)
    _decide(locked, user, Status.APPROVED, "")
    return locked


def _earlier_result_apply(locked: PublicFactChange) -> None:
    year = locked.fiscal_year
    assert year is not None  # fact_propose requires it for an earlier result
    rows = EarlierResult.objects.filter(agency=locked.agency, fiscal_year=year)
    if locked.removed:
        rows.delete()
        return
    # The year is checked again: a proposal made before a new fiscal year began stays history.
    earlier_result_year_check(year)
    EarlierResult.objects.update_or_create(
        agency=locked.agency, fiscal_year=year, defaults={"total": locked.proposed_total}
    )


@transaction.atomic
def fact_reject(*, change: PublicFactChange, user: Person, reason: str) -> PublicFactChange:
    """The approver's no, with a reason the proposer reads: the public value stays."""
    if not reason.strip():
        raise ValidationError(ERROR_REASON_REQUIRED)
    locked = _decidable(change, user)
    _decide(locked, user, Status.REJECTED, reason.strip())
    return locked


def pending_changes(agency: Agency) -> list[PublicFactChange]:
    """The agency's proposals waiting for an approver, oldest first."""
    return list(
        PublicFactChange.objects.filter(agency=agency, status=Status.PENDING)
        .select_related("proposed_by")
        .order_by("proposed_at", "pk")
    )


def recent_decisions(agency: Agency, limit: int = 10) -> list[PublicFactChange]:
    return list(
        PublicFactChange.objects.filter(
            agency=agency, status__in=[Status.APPROVED, Status.REJECTED]
        )
        .select_related("proposed_by", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )


def waiting_for(user: Actor) -> list[tuple[Agency, int]]:
    """The agencies where changes wait for this approver (not their own proposals), with how many."""
    pending = access.scope_to_user(
        PublicFactChange.objects.filter(status=Status.PENDING), user, "agency", access.APPROVE_ROLES
    )
    rows = pending.exclude(proposed_by=user.pk).values("agency").annotate(count=Count("pk"))
    counts = {row["agency"]: row["count"] for row in rows.order_by()}
    agencies = Agency.objects.filter(pk__in=counts).order_by("name") if counts else []
    return [(agency, counts[agency.pk]) for agency in agencies]
