"""Who is told about a public fact's change: a proposal mails the agency's other approvers, a
decision mails the proposer (docs/public-facts.md). Sent after the commit, never failing it."""

from __future__ import annotations

import logging

from django.urls import reverse

from ita_portal.lib import mail
from ita_portal.lib.users import Person, display_name

from . import access
from .models import Agency, PublicFactChange
from .tasks import FACT_MAIL, send_fact_mail

logger = logging.getLogger(__name__)

Status = PublicFactChange.Status

MAIL_PROPOSED_SUBJECT = "[ITA] ข้อมูลสาธารณะรออนุมัติ: {fact} – {agency}"
MAIL_PROPOSED_BODY = (
    "{actor} เสนอแก้ไขข้อมูลสาธารณะของ{agency}\n"
    "{change}\n"
    "หน้าสาธารณะยังแสดงค่าเดิมจนกว่าผู้บริหารที่ไม่ใช่ผู้เสนอจะอนุมัติ\n"
    "พิจารณาอนุมัติหรือไม่อนุมัติ: {url}"
)
MAIL_DECIDED_SUBJECT = "[ITA] ผลการพิจารณาข้อมูลสาธารณะ: {decision} – {fact} – {agency}"
MAIL_APPROVED_BODY = (
    "{actor} อนุมัติข้อมูลสาธารณะของ{agency}ที่ท่านเสนอแล้ว\n"
    "{change}\n"
    "หน้าสาธารณะแสดงค่าใหม่แล้ว\n"
    "ดูรายการ: {url}"
)
MAIL_REJECTED_BODY = (
    "{actor} ไม่อนุมัติข้อมูลสาธารณะของ{agency}ที่ท่านเสนอ\n"
    "{change}\n"
    "เหตุผล: {reason}\n"
    "หน้าสาธารณะยังแสดงค่าเดิม\n"
    "ดูรายการ: {url}"
)
# "ชื่อหน่วยงาน: old → proposed"; an empty old value (a new year, no short name) reads "-".
CHANGE_LINE = "{fact}: {old} → {new}"


def _decision_page(change: PublicFactChange) -> str:
    """The agency's page of public facts, where the change is decided and its decision listed."""
    return mail.absolute_url(
        reverse("admin:assessments_agency_public_facts", args=[change.agency_id])
    )


def _agency_name(change: PublicFactChange) -> str:
    # The approved name: the admin hands the proposal an Agency holding the form's values.
    return Agency.objects.values_list("name", flat=True).get(pk=change.agency_id)


def _change_line(change: PublicFactChange) -> str:
    return CHANGE_LINE.format(
        fact=change.fact_label, old=change.current_text or "-", new=change.proposed_display
    )


def _send(
    change: PublicFactChange,
    user: Person,
    *,
    action: str,
    recipients: list[str],
    subject: str,
    body: str,
) -> None:
    what = f"fact_change={change.pk} agency={change.agency_id} action={action} by={user.pk}"
    mail.mail_after_commit(
        subject=subject,
        body=body,
        recipients=recipients,
        what=what,
        task=send_fact_mail,
        kind=FACT_MAIL,
        log=logger,
    )


def tell_approvers(change: PublicFactChange, user: Person) -> None:
    """Mail the agency's approvers but the proposer: a change of a public fact waits for them."""
    recipients = access.approver_emails(change.agency_id, exclude=user)
    if not recipients:
        return
    agency = _agency_name(change)
    subject = MAIL_PROPOSED_SUBJECT.format(fact=change.fact_label, agency=agency)
    body = MAIL_PROPOSED_BODY.format(
        actor=display_name(user),
        agency=agency,
        change=_change_line(change),
        url=_decision_page(change),
    )
    _send(change, user, action="propose", recipients=recipients, subject=subject, body=body)


def tell_proposer(change: PublicFactChange, user: Person) -> None:
    """Mail the proposer the approver's decision (approved, or rejected with its reason)."""
    proposer = change.proposed_by
    if proposer is None or not proposer.email:
        return
    agency = _agency_name(change)
    decision = str(change.get_status_display())
    template = MAIL_REJECTED_BODY if change.status == Status.REJECTED else MAIL_APPROVED_BODY
    subject = MAIL_DECIDED_SUBJECT.format(decision=decision, fact=change.fact_label, agency=agency)
    body = template.format(
        actor=display_name(user),
        agency=agency,
        change=_change_line(change),
        reason=change.reason,
        url=_decision_page(change),
    )
    recipients = [proposer.email]
    _send(change, user, action=change.status, recipients=recipients, subject=subject, body=body)
