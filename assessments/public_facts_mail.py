"""Who is told about a public fact's change: a proposal mails the agency's other approvers, a
decision mails the proposer (docs/public-facts.md). Sent after the commit, never failing it;
what one save proposes or decides reaches each person in one message (one_mail_per_save)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.urls import reverse

from ita_portal.lib import mail
from ita_portal.lib.users import Person, display_name

from . import access
from .models import Agency, PublicFactChange
from .tasks import FACT_MAIL, send_fact_mail

logger = logging.getLogger(__name__)

Status = PublicFactChange.Status

MAIL_PROPOSED_SUBJECT = "[ITA] ข้อมูลสาธารณะรออนุมัติ: {facts} – {agency}"
MAIL_PROPOSED_BODY = (
    "{actor} เสนอแก้ไขข้อมูลสาธารณะของ{agency}\n"
    "{changes}\n"
    "หน้าสาธารณะยังแสดงค่าเดิมจนกว่าผู้บริหารที่ไม่ใช่ผู้เสนอจะอนุมัติ\n"
    "พิจารณาอนุมัติหรือไม่อนุมัติ: {url}"
)
MAIL_DECIDED_SUBJECT = "[ITA] ผลการพิจารณาข้อมูลสาธารณะ: {decisions} – {facts} – {agency}"
MAIL_DECIDED_BODY = "{actor} พิจารณาข้อมูลสาธารณะของ{agency}ที่ท่านเสนอแล้ว\n{changes}\nดูรายการ: {url}"
# "ชื่อหน่วยงาน: old → proposed"; an empty old value (a new year, no short name) reads "-".
CHANGE_TEXT = "{fact}: {old} → {new}"
# One line per fact of the save; a decision's line says it first and what the public reads now.
PROPOSED_LINE = "- {change}"
DECISION_LINES = {
    Status.APPROVED: "- อนุมัติ {change}\n  หน้าสาธารณะแสดงค่าใหม่แล้ว",
    Status.REJECTED: "- ไม่อนุมัติ {change}\n  เหตุผล: {reason}\n  หน้าสาธารณะยังแสดงค่าเดิม",
}
# Between the facts of one subject.
FACTS_JOIN = ", "


def _decision_page(agency_id: int) -> str:
    """The agency's page of public facts, where the change is decided and its decision listed."""
    return mail.absolute_url(reverse("admin:assessments_agency_public_facts", args=[agency_id]))


def _agency_name(change: PublicFactChange) -> str:
    # The approved name: the admin hands the proposal an Agency holding the form's values.
    return Agency.objects.values_list("name", flat=True).get(pk=change.agency_id)


def _change_text(change: PublicFactChange) -> str:
    return CHANGE_TEXT.format(
        fact=change.fact_label, old=change.current_text or "-", new=change.proposed_display
    )


@dataclass(frozen=True)
class _Note:
    """One change to tell about, its words taken inside the transaction (the approved name)."""

    action: str  # "propose", or the decision's status
    pk: int
    agency_id: int
    agency: str
    fact: str
    line: str
    actor_id: int
    actor: str
    recipients: tuple[str, ...]

    @property
    def group(self) -> tuple[bool, int, int, tuple[str, ...]]:
        """The notes told in one message: same agency, same actor, same recipients, same kind."""
        return (self.action == "propose", self.agency_id, self.actor_id, self.recipients)


class _Batch:
    """The notes of one save: each kept by its own on_commit (a rolled-back savepoint takes its
    notes with it), all sent by send(), registered after them when the save ends."""

    def __init__(self) -> None:
        self.added = 0
        self.kept: list[_Note] = []

    def add(self, note: _Note) -> None:
        self.added += 1
        transaction.on_commit(partial(self.kept.append, note))

    def send(self) -> None:
        groups: dict[tuple[bool, int, int, tuple[str, ...]], list[_Note]] = {}
        for note in self.kept:
            groups.setdefault(note.group, []).append(note)
        for notes in groups.values():
            _send(notes)


_batch: ContextVar[_Batch | None] = ContextVar("public_fact_mail_batch", default=None)


@contextmanager
def one_mail_per_save() -> Iterator[None]:
    """What is proposed or decided inside reaches each recipient as one message per agency,
    after the commit; nothing if it rolls back. Nested uses join the outermost one."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch.added:
        # Registered after every note's own on_commit: it runs once they have, and sends those
        # whose transaction (and savepoint) committed.
        transaction.on_commit(batch.send, robust=True)


def _collect(note: _Note) -> None:
    batch = _batch.get()
    if batch is None:
        with one_mail_per_save():  # a change on its own: a save of one
            _collect(note)
        return
    batch.add(note)


def _note(
    change: PublicFactChange, user: Person, action: str, recipients: list[str], line: str
) -> _Note:
    return _Note(
        action=action,
        pk=change.pk,
        agency_id=change.agency_id,
        agency=_agency_name(change),
        fact=change.fact_label,
        line=line,
        actor_id=user.pk,
        actor=display_name(user),
        recipients=tuple(recipients),
    )


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _send(notes: list[_Note]) -> None:
    """One message about notes of one group; it runs after the commit (_Batch.send)."""
    first = notes[0]
    facts = FACTS_JOIN.join(_unique([n.fact for n in notes]))
    url = _decision_page(first.agency_id)
    changes = "\n".join(n.line for n in notes)
    words = {"actor": first.actor, "agency": first.agency, "changes": changes, "url": url}
    if first.action == "propose":
        subject = MAIL_PROPOSED_SUBJECT.format(facts=facts, agency=first.agency)
        body = MAIL_PROPOSED_BODY.format(**words)
    else:
        decisions = " / ".join(_unique([str(Status(n.action).label) for n in notes]))
        subject = MAIL_DECIDED_SUBJECT.format(decisions=decisions, facts=facts, agency=first.agency)
        body = MAIL_DECIDED_BODY.format(**words)
    pks = ",".join(str(n.pk) for n in notes)
    actions = ",".join(_unique([n.action for n in notes]))
    what = f"fact_change={pks} agency={first.agency_id} action={actions} by={first.actor_id}"
    mail.send_or_queue(
        subject=subject,
        body=body,
        recipients=first.recipients,
        what=what,
        task=send_fact_mail,
        kind=FACT_MAIL,
        log=logger,
    )


def tell_approvers(change: PublicFactChange, user: Person) -> None:
    """Mail the agency's approvers but the proposer: a change of a public fact waits for them."""
    recipients = access.approver_emails(change.agency_id, exclude=user)
    if recipients:
        line = PROPOSED_LINE.format(change=_change_text(change))
        _collect(_note(change, user, "propose", recipients, line))


def tell_proposer(change: PublicFactChange, user: Person) -> None:
    """Mail the proposer the approver's decision (approved, or rejected with its reason)."""
    proposer = change.proposed_by
    if proposer is None or not proposer.email:
        return
    template = DECISION_LINES[Status(change.status)]
    line = template.format(change=_change_text(change), reason=change.reason)
    _collect(_note(change, user, change.status, [proposer.email], line))
