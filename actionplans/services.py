"""Writes to action plans: drafting, editing, the approval workflow, and follow-up reports.

Every caller (admin, views, load_demo) goes through these functions; permissions are asked of
assessments.access, and the workflow's state changes lock the plan row (select_for_update) so
two approvers acting at once produce exactly one transition.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assessments import access
from assessments.models import Assessment, Unit
from assessments.selectors import assessment_result
from indicators.scoring import IncompleteScores
from ita_portal.lib import thai
from ita_portal.lib.events import log_event
from ita_portal.lib.forms import normalise_newlines
from ita_portal.lib.held_uploads import safe_file_name
from ita_portal.lib.locking import claim_version
from ita_portal.lib.mail import absolute_url
from ita_portal.lib.pdf_check import validate_pdf
from ita_portal.lib.photos import pdf_or_photo_for_storage
from ita_portal.lib.uploads import detect_image_format, looks_like_pdf, refuse_if_larger
from ita_portal.lib.users import Actor, Person, display_name

from . import workflow
from .models import (
    ActionPlan,
    PlanActivity,
    PlanChange,
    PlanItem,
    PlanTransition,
    ProgressReport,
    ReopenRequest,
)
from .notifications import mail_after_commit
from .snapshots import plan_raw

logger = logging.getLogger(__name__)

logger = logging.getLogger(__name__)

ERROR_PLAN_EXISTS = "ผลการประเมินนี้มีแผนปฏิบัติการอยู่แล้ว"
ERROR_NO_WEAKNESS = "ผลการประเมินนี้ไม่มีตัวชี้วัดที่ต้องพัฒนา จึงไม่มีรายการให้ร่างแผน"
ERROR_INCOMPLETE_SCORES = "ยังร่างแผนไม่ได้: {reason}"
ERROR_NO_NEW_WEAKNESS = "แผนมีรายการของทุกตัวชี้วัดที่ต้องพัฒนาแล้ว จึงไม่มีรายการให้เพิ่ม"
ERROR_NOT_EDITABLE = "แผนนี้อยู่ในสถานะ “{status}” จึงแก้ไขไม่ได้ (แผนที่อนุมัติแล้วต้องเปิดแก้ไขโดยผู้บริหารก่อน)"
ERROR_WRONG_STATUS = "ดำเนินการนี้ไม่ได้ เพราะแผนอยู่ในสถานะ “{status}”"
ERROR_FOUR_EYES = (
    "ผู้ที่เสนอแผน หรือได้แก้ไขเนื้อหาของแผนฉบับนี้ (แผน รายการ หรือกิจกรรม) อนุมัติแผนฉบับนี้เองไม่ได้"
    " ต้องให้ผู้บริหารอีกคนหนึ่งที่ไม่ได้แก้ไขแผนฉบับนี้เป็นผู้อนุมัติ"
)
ERROR_COMMENT_REQUIRED = "กรุณาระบุเหตุผลหรือความเห็น"
ERROR_EMPTY_PLAN = "แผนยังไม่มีรายการ"
ERROR_ITEM_INCOMPLETE = "ตัวชี้วัดที่ {number} รายการที่ {position}: {problems}"
PROBLEM_NO_ACTIVITY = "ยังไม่มีแผนงาน/กิจกรรม"
PROBLEM_NO_SCHEDULE = "มีกิจกรรมที่ยังไม่กำหนดเวลาแล้วเสร็จ"
PROBLEM_NO_UNIT = "มีกิจกรรมที่ยังไม่ระบุผู้รับผิดชอบ"
ERROR_UNKNOWN_UNIT = "ไม่พบกลุ่ม/หน่วย “{name}” ในหน่วยงานนี้"
ERROR_EVIDENCE_TOO_LARGE = "ไฟล์หลักฐานใหญ่เกินขนาดที่รับได้"
ERROR_EVIDENCE_TYPE = "รับไฟล์หลักฐานเฉพาะ PDF หรือรูปภาพ (JPEG, PNG, WebP)"

MAIL_SUBMITTED_SUBJECT = "[ITA] แผนปฏิบัติการรออนุมัติ: {plan}"
MAIL_SUBMITTED_BODY = "{actor} เสนอแผนปฏิบัติการ “{plan}” เพื่อขออนุมัติ\n{comment}\nเปิดแผน: {url}"
MAIL_DECIDED_SUBJECT = "[ITA] ผลการพิจารณาแผนปฏิบัติการ: {action} – {plan}"
MAIL_DECIDED_BODY = "{actor} {action} แผนปฏิบัติการ “{plan}”\n{comment}\nเปิดแผน: {url}"
MAIL_REOPEN_REQUEST_SUBJECT = "[ITA] ขอเปิดแก้ไขแผนปฏิบัติการที่อนุมัติแล้ว: {plan}"
MAIL_REOPEN_REQUEST_BODY = (
    "{actor} ขอให้เปิดแก้ไขแผนปฏิบัติการ “{plan}” ที่อนุมัติแล้ว\nเหตุผล: {reason}\nเปิดแผน: {url}"
)
ACTION_REQUEST_REOPEN = "request_reopen"
ERROR_NOT_OWN_SUBMISSION = "ถอนแผนได้เฉพาะผู้ที่เสนอแผนนี้ ผู้บริหารใช้ปุ่ม “ส่งกลับแก้ไข” แทน"
MAIL_WITHDRAWN_SUBJECT = "[ITA] ถอนแผนปฏิบัติการที่เสนอไว้: {plan}"
MAIL_WITHDRAWN_BODY = (
    "{actor} ถอนแผนปฏิบัติการ “{plan}” กลับไปแก้ไข ไม่ต้องพิจารณาอนุมัติ\n{comment}\nเปิดแผน: {url}"
)
ERROR_REASON_REQUIRED = "กรุณาระบุเหตุผลที่ขอเปิดแก้ไขแผน"
ERROR_NOT_APPROVED = "ขอเปิดแก้ไขได้เฉพาะแผนที่อนุมัติแล้ว แผนนี้อยู่ในสถานะ “{status}”"
ERROR_PROGRESS_PLAN_NOT_APPROVED = (
    "รายงานความก้าวหน้าได้เฉพาะรายการของแผนที่อนุมัติแล้ว รายการที่เลือกเป็นของแผนที่ยังไม่ได้รับอนุมัติ"
    " หรือไม่ใช่ของหน่วยงานของท่าน"
)
ERROR_NO_OPEN_REQUEST = "ไม่มีคำขอเปิดแก้ไขที่รอพิจารณา"
ERROR_DECLINE_REASON_REQUIRED = "กรุณาระบุเหตุผลที่ไม่เปิดแก้ไขแผน ระบบจะส่งเหตุผลนี้ถึงผู้ขอทางอีเมล"
MAIL_REOPEN_DECLINED_SUBJECT = "[ITA] ไม่เปิดแก้ไขแผนปฏิบัติการตามคำขอ: {plan} (ปีงบประมาณ พ.ศ. {year})"
MAIL_REOPEN_DECLINED_BODY = (
    "{actor} พิจารณาคำขอเปิดแก้ไขแผนปฏิบัติการ “{plan}” ปีงบประมาณ พ.ศ. {year}"
    " ที่ท่านส่งเมื่อ {requested_at} แล้ว ไม่เปิดแก้ไข แผนยังคงอนุมัติอยู่\n"
    "เหตุผล: {reason}\nเปิดแผน: {url}"
)
ERROR_REQUEST_ALREADY_OPEN = "แผนนี้มีคำขอเปิดแก้ไขที่รอพิจารณาอยู่แล้ว ผู้บริหารได้รับอีเมลแล้ว กรุณารอผลการพิจารณา"
ERROR_TOO_MANY_REQUESTS = "วันนี้ส่งคำขอเปิดแก้ไขแผนนี้ครบ {limit} ครั้งแล้ว กรุณาส่งคำขอใหม่ในวันพรุ่งนี้"
ERROR_BY_RULE = {
    workflow.RULE_FOUR_EYES: ERROR_FOUR_EYES,
    workflow.RULE_OWN_SUBMISSION: ERROR_NOT_OWN_SUBMISSION,
}
# At most this many requests (so this many e-mails to the approvers) per plan per day.
REOPEN_REQUESTS_PER_DAY = 3


# ---------------------------------------------------------------------------------------------
# Drafting and editing


@dataclass
class ActivitySpec:
    text: str
    start_month: int | None = None
    start_year: int | None = None
    end_month: int | None = None
    end_year: int | None = None
    schedule_text: str = ""
    target: Sequence[str] = ()
    # The lead unit first, then the others; all_units adds "ทุกกลุ่ม/หน่วย" without naming them.
    unit_names: Sequence[str] = ()
    all_units: bool = False
    budget: Decimal | None = None


@dataclass(frozen=True)
class ContentChange:
    """One real change of a plan's content: what (plan, item or activity), how, which fields."""

    kind: str
    action: str
    object_id: int | None = None
    fields: tuple[str, ...] = ()


@dataclass
class ItemSpec:
    indicator_number: int
    assessment_issues: Sequence[str] = ()
    activities: Sequence[ActivitySpec] = ()
    order: int | None = None


def _require_edit(user: Actor, plan: ActionPlan) -> None:
    if not access.can_edit(user, plan.assessment.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)


def actionplan_assert_editable(*, plan: ActionPlan) -> None:
    """Refuse any change to the content of a plan that is not a draft."""
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(ERROR_NOT_EDITABLE.format(status=plan.get_status_display()))


@transaction.atomic
def actionplan_create(
    *, assessment: Assessment, user: Person, title: str = "", introduction: str = ""
) -> ActionPlan:
    if not access.can_edit(user, assessment.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    if ActionPlan.objects.filter(assessment=assessment).exists():
        raise ValidationError(ERROR_PLAN_EXISTS)
    now = timezone.now()
    plan = ActionPlan(
        assessment=assessment,
        title=title,
        introduction=introduction,
        created_by=user,
        last_edited_by=user,
        last_edited_at=now,
    )
    plan.full_clean()
    plan.save()
    _record_changes(
        plan, user, [ContentChange(PlanChange.Kind.PLAN, PlanChange.Action.ADD, plan.pk)]
    )
    return plan


@transaction.atomic
def actionplan_draft_from_assessment(*, assessment: Assessment, user: Person) -> ActionPlan:
    """One action: a draft plan with one row per weakness, its issues and development issues filled in.

    Each weak indicator gets one item whose assessment issues are the indicator's issues and
    whose activities are its development issues (one activity per issue), so staff edit rather
    than type.
    """
    try:
        result = assessment_result(assessment)
    except IncompleteScores as exc:
        raise ValidationError(ERROR_INCOMPLETE_SCORES.format(reason=exc)) from exc
    if not result.weaknesses:
        raise ValidationError(ERROR_NO_WEAKNESS)
    plan = actionplan_create(
        assessment=assessment,
        user=user,
        title=f"แนวทางการนำผลการประเมินไปสู่การปฏิบัติ ปีงบประมาณ พ.ศ. {assessment.plan_year}",
    )
    actionplan_weakness_rows_add(plan=plan, assessment=assessment, numbers=result.weaknesses)
    return plan


def actionplan_weakness_rows_add(
    *, plan: ActionPlan, assessment: Assessment, numbers: Iterable[int]
) -> list[PlanItem]:
    """One row per weak indicator (by number): its issues, its development issues as activities."""
    scores = {s.indicator.number: s for s in assessment.scores.select_related("indicator").all()}
    added: list[PlanItem] = []
    for order, number in enumerate(sorted(numbers), start=1):
        score = scores[number]
        item = PlanItem(
            plan=plan,
            indicator=score.indicator,
            order=order,
            assessment_issues="\n".join(score.assessment_issue_list),
        )
        item.full_clean()
        item.save()
        added.append(item)
        for position, text in enumerate(score.development_issue_list, start=1):
            activity = PlanActivity(item=item, order=position, text=text)
            activity.full_clean()
            activity.save()
    return added


@transaction.atomic
def actionplan_weakness_rows_propose(*, plan: ActionPlan, user: Person) -> int:
    """Add a row for each weak indicator of the plan's assessment that the plan has no row for.

    For a plan made before its year's scores were entered (a new year carried over from the
    last): the rows already there are kept as they are.
    """
    _require_edit(user, plan)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    actionplan_assert_editable(plan=plan)
    try:
        weak = set(assessment_result(plan.assessment).weaknesses)
    except IncompleteScores as exc:
        raise ValidationError(ERROR_INCOMPLETE_SCORES.format(reason=exc)) from exc
    present = set(plan.items.values_list("indicator__number", flat=True))
    if not weak - present:
        raise ValidationError(ERROR_NO_NEW_WEAKNESS)
    items = actionplan_weakness_rows_add(
        plan=plan, assessment=plan.assessment, numbers=weak - present
    )
    actionplan_mark_edited(
        plan=plan,
        user=user,
        changes=[ContentChange(PlanChange.Kind.ITEM, PlanChange.Action.ADD, i.pk) for i in items],
    )
    return len(items)


def _units_by_name(plan: ActionPlan, names: Iterable[str]) -> list[Unit]:
    units = {u.name: u for u in Unit.objects.filter(agency_id=plan.assessment.agency_id)}
    found = []
    for name in names:
        if name not in units:
            raise ValidationError(ERROR_UNKNOWN_UNIT.format(name=name))
        found.append(units[name])
    return found


@transaction.atomic
def actionplan_item_add(*, plan: ActionPlan, user: Person, spec: ItemSpec) -> PlanItem:
    """Add a row with its activities and units to a draft plan."""
    _require_edit(user, plan)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    actionplan_assert_editable(plan=plan)
    indicator = plan.assessment.framework.indicators.filter(number=spec.indicator_number).first()
    if indicator is None:
        raise ValidationError(f"ไม่มีตัวชี้วัดที่ {spec.indicator_number} ในกรอบการประเมินปีนี้")
    order = spec.order
    if order is None:
        order = PlanItem.objects.filter(plan=plan, indicator=indicator).count() + 1
    item = PlanItem(
        plan=plan,
        indicator=indicator,
        order=order,
        assessment_issues="\n".join(spec.assessment_issues),
    )
    item.full_clean()
    item.save()
    for position, activity_spec in enumerate(spec.activities, start=1):
        _activity_add(plan=plan, item=item, order=position, spec=activity_spec)
    added = ContentChange(PlanChange.Kind.ITEM, PlanChange.Action.ADD, item.pk)
    actionplan_mark_edited(plan=plan, user=user, changes=[added])
    return item


def _activity_add(*, plan: ActionPlan, item: PlanItem, order: int, spec: ActivitySpec) -> None:
    units = _units_by_name(plan, spec.unit_names)
    activity = PlanActivity(
        item=item,
        order=order,
        text=spec.text,
        start_month=spec.start_month,
        start_year=spec.start_year,
        end_month=spec.end_month,
        end_year=spec.end_year,
        schedule_text=spec.schedule_text,
        target="\n".join(spec.target),
        lead_unit=units[0] if units else None,
        all_units=spec.all_units,
        budget=spec.budget,
    )
    activity.full_clean()
    activity.save()
    activity.units.set(units[1:])


@transaction.atomic
def actionplan_update(*, plan: ActionPlan, user: Person, **fields: Any) -> ActionPlan:
    _require_edit(user, plan)
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    actionplan_assert_editable(plan=locked)
    changed = []
    for name, value in fields.items():
        if name not in {"title", "introduction"}:
            raise ValueError(f"field {name} is not editable here")
        if normalise_newlines(getattr(locked, name)) != normalise_newlines(value):
            changed.append(name)
        setattr(locked, name, value)
    if not changed:
        return locked  # a Save that changes nothing writes nothing and makes nobody an author
    locked.full_clean()
    locked.save()
    change = ContentChange(
        PlanChange.Kind.PLAN, PlanChange.Action.CHANGE, locked.pk, tuple(changed)
    )
    actionplan_mark_edited(plan=locked, user=user, changes=[change])
    return locked


@transaction.atomic
def actionplan_claim_edit(*, plan: ActionPlan, user: Person, expected_version: int | None) -> None:
    """Claim a draft plan for a save made from version expected_version of its form (its own
    page or one of its rows' pages): StaleEdit when someone saved since, nothing written."""
    _require_edit(user, plan)
    actionplan_assert_editable(plan=plan)
    plan.lock_version = claim_version(ActionPlan, pk=plan.pk, expected=expected_version)


def actionplan_mark_edited(
    *, plan: ActionPlan, user: Person, changes: Sequence[ContentChange]
) -> None:
    """Record real changes of the plan's content by user in its current version (the four-eyes
    rule reads them); no changes, no record: pressing Save alone makes nobody an author."""
    if not changes:
        return
    now = timezone.now()
    _record_changes(plan, user, changes)
    ActionPlan.objects.filter(pk=plan.pk).update(
        last_edited_by=user, last_edited_at=now, lock_version=F("lock_version") + 1
    )
    plan.last_edited_by, plan.last_edited_at = user, now
    # Each change itself is in the plan's history (PlanChange): the log line only counts them.
    log_event(
        logger,
        "plan.change",
        user=user,
        agency=plan.assessment.agency_id,
        obj=plan,
        level=logging.DEBUG,
        version=plan.version,
        changes=len(changes),
    )


def _record_changes(plan: ActionPlan, user: Person, changes: Sequence[ContentChange]) -> None:
    PlanChange.objects.bulk_create(
        PlanChange(
            plan=plan,
            plan_version=plan.version,
            user=user,
            kind=c.kind,
            action=c.action,
            object_id=c.object_id,
            fields=list(c.fields),
        )
        for c in changes
    )


# ---------------------------------------------------------------------------------------------
# Workflow


def _plan_url(plan: ActionPlan) -> str:
    return absolute_url(reverse("admin:actionplans_actionplan_change", args=[plan.pk]))


def _approver_emails(plan: ActionPlan, *, exclude: Any) -> list[str]:
    return access.approver_emails(plan.assessment.agency_id, exclude=exclude)


def _notify(plan: ActionPlan, user: Person, action: str, mail: tuple[str, str, list[str]]) -> None:
    """Mail after commit (a rolled-back transition must not announce itself); never fails."""
    subject, body, recipients = mail
    what = f"plan={plan.pk} agency={plan.assessment.agency_id} action={action} by={user.pk}"
    mail_after_commit(subject=subject, body=body, recipients=recipients, what=what)


def _transition(
    *,
    plan: ActionPlan,
    user: Person,
    action: str,
    to_status: str,
    comment: str,
    snapshot: dict[str, Any] | None = None,
) -> PlanTransition:
    row = PlanTransition(
        plan=plan,
        action=action,
        from_status=plan.status,
        to_status=to_status,
        actor=user,
        comment=comment,
        plan_version=plan.version,
        snapshot=snapshot,
    )
    row.full_clean()
    row.save()
    # Runs inside the transition's transaction: logged once it is certain to commit.
    transaction.on_commit(
        lambda: log_event(
            logger,
            f"plan.{action}",
            user=user,
            agency=plan.assessment.agency,
            obj=plan,
            outcome=to_status,
            version=plan.version,
        )
    )
    return row


def _locked(plan: ActionPlan, *, expected: str) -> ActionPlan:
    """Lock the plan's row and check its status: the second of two racing calls fails here."""
    locked = (
        ActionPlan.objects.select_for_update()
        .select_related("assessment__agency", "assessment__framework")
        .get(pk=plan.pk)
    )
    if locked.status != expected:
        raise ValidationError(ERROR_WRONG_STATUS.format(status=locked.get_status_display()))
    return locked


def actionplan_check_ready(*, plan: ActionPlan) -> None:
    """Every row needs an activity; every activity a schedule and a responsible unit."""
    items = list(
        plan.items.select_related("indicator").prefetch_related(
            "activities__units", "activities__lead_unit"
        )
    )
    if not items:
        raise ValidationError(ERROR_EMPTY_PLAN)
    errors: list[str] = []
    positions: dict[int, int] = {}
    for item in items:
        number = item.indicator.number
        positions[number] = positions.get(number, 0) + 1
        problems = []
        activities = list(item.activities.all())
        if not activities:
            problems.append(PROBLEM_NO_ACTIVITY)
        elif any(not a.has_schedule for a in activities):
            problems.append(PROBLEM_NO_SCHEDULE)
        if any(not (a.lead_unit or a.all_units or a.units.all()) for a in activities):
            problems.append(PROBLEM_NO_UNIT)
        if problems:
            errors.append(
                ERROR_ITEM_INCOMPLETE.format(
                    number=number, position=positions[number], problems=", ".join(problems)
                )
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def actionplan_submit(
    *, plan: ActionPlan, user: Person, comment: str = "", notify: bool = True
) -> ActionPlan:
    """Staff (or an approver) send a complete draft for approval; approvers are e-mailed."""
    locked = _start(PlanTransition.Action.SUBMIT, user, plan)
    actionplan_check_ready(plan=locked)
    _transition(
        plan=locked,
        user=user,
        action=PlanTransition.Action.SUBMIT,
        to_status=ActionPlan.Status.SUBMITTED,
        comment=comment,
    )
    locked.status = ActionPlan.Status.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
    if notify:
        subject = MAIL_SUBMITTED_SUBJECT.format(plan=locked)
        body = MAIL_SUBMITTED_BODY.format(
            actor=display_name(user), plan=locked, comment=comment, url=_plan_url(locked)
        )
        _notify(locked, user, "submit", (subject, body, _approver_emails(locked, exclude=user)))
    return locked


def _back_to_draft(
    locked: ActionPlan,
    user: Person,
    action: str,
    comment: str,
    snapshot: dict[str, Any] | None = None,
) -> None:
    """A submitted plan goes back to draft in the same version (withdrawn or returned)."""
    _transition(
        plan=locked,
        user=user,
        action=action,
        to_status=ActionPlan.Status.DRAFT,
        comment=comment,
        snapshot=snapshot,
    )
    locked.status = ActionPlan.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])


@transaction.atomic
def actionplan_withdraw(*, plan: ActionPlan, user: Person, comment: str = "") -> ActionPlan:
    """Whoever submitted the plan takes it back to draft before a decision; approvers are told."""
    locked = _start(PlanTransition.Action.WITHDRAW, user, plan)
    _back_to_draft(locked, user, PlanTransition.Action.WITHDRAW, comment.strip())
    subject = MAIL_WITHDRAWN_SUBJECT.format(plan=locked)
    body = MAIL_WITHDRAWN_BODY.format(
        actor=display_name(user), plan=locked, comment=comment.strip(), url=_plan_url(locked)
    )
    _notify(locked, user, "withdraw", (subject, body, _approver_emails(locked, exclude=user)))
    return locked


def _start(action: str, user: Person, plan: ActionPlan) -> ActionPlan:
    """Check user may take the workflow step (role, then status under the row lock, then the
    step's rule) and return the locked plan."""
    if not workflow.has_role(user, plan, action):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    locked = _locked(plan, expected=workflow.BY_ACTION[action].source)
    if not workflow.obeys_rule(user, locked, action):
        raise PermissionDenied(ERROR_BY_RULE[workflow.BY_ACTION[action].rule])
    return locked


def may_approve(user: Actor, plan: ActionPlan) -> bool:
    """Whether user may approve plan now (role, status and the four-eyes rule)."""
    return PlanTransition.Action.APPROVE in workflow.allowed(user, plan)


def _notify_decision(plan: ActionPlan, user: Person, action_label: str, comment: str) -> None:
    submitter = plan.submitted_by
    if submitter is not None and submitter.email:
        subject = MAIL_DECIDED_SUBJECT.format(action=action_label, plan=plan)
        body = MAIL_DECIDED_BODY.format(
            actor=display_name(user),
            action=action_label,
            plan=plan,
            comment=comment,
            url=_plan_url(plan),
        )
        _notify(plan, user, action_label, (subject, body, [submitter.email]))


@transaction.atomic
def actionplan_approve(
    *, plan: ActionPlan, user: Person, comment: str = "", notify: bool = True
) -> ActionPlan:
    """An approver of the agency, who neither submitted nor last edited it, approves the plan."""
    locked = _start(PlanTransition.Action.APPROVE, user, plan)
    locked.approved_by = user
    locked.approved_at = timezone.now()
    snapshot = plan_raw(locked)
    snapshot["status"] = ActionPlan.Status.APPROVED.value
    _transition(
        plan=locked,
        user=user,
        action=PlanTransition.Action.APPROVE,
        to_status=ActionPlan.Status.APPROVED,
        comment=comment,
        snapshot=snapshot,
    )
    locked.status = ActionPlan.Status.APPROVED
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    if notify:
        _notify_decision(locked, user, str(PlanTransition.Action.APPROVE.label), comment)
    return locked


@transaction.atomic
def actionplan_return(*, plan: ActionPlan, user: Person, comment: str) -> ActionPlan:
    """An approver sends a submitted plan back to draft with a comment.

    The return keeps the plan as it was returned: the next submission shows the approver what
    changed since (actionplans.diff.plan_changes_since_return).
    """
    locked = _start(PlanTransition.Action.RETURN, user, plan)
    if not comment.strip():
        raise ValidationError(ERROR_COMMENT_REQUIRED)
    returned = plan_raw(locked)
    _back_to_draft(locked, user, PlanTransition.Action.RETURN, comment.strip(), returned)
    _notify_decision(locked, user, str(PlanTransition.Action.RETURN.label), comment.strip())
    return locked


@transaction.atomic
def actionplan_reopen(*, plan: ActionPlan, user: Person, comment: str) -> ActionPlan:
    """An approver reopens an approved plan for changes; the approved version stays in history."""
    locked = _start(PlanTransition.Action.REOPEN, user, plan)
    if not comment.strip():
        raise ValidationError(ERROR_COMMENT_REQUIRED)
    _transition(
        plan=locked,
        user=user,
        action=PlanTransition.Action.REOPEN,
        to_status=ActionPlan.Status.DRAFT,
        comment=comment.strip(),
    )
    locked.status = ActionPlan.Status.DRAFT
    locked.version += 1
    locked.approved_by = None
    locked.approved_at = None
    locked.save(update_fields=["status", "version", "approved_by", "approved_at", "updated_at"])
    _resolve_requests(locked, user, ReopenRequest.Outcome.REOPENED, comment.strip())
    return locked


def _resolve_requests(plan: ActionPlan, user: Person, outcome: str, comment: str) -> int:
    return ReopenRequest.objects.filter(plan=plan, outcome=ReopenRequest.Outcome.OPEN).update(
        outcome=outcome, resolved_by=user, resolved_at=timezone.now(), resolution_comment=comment
    )


def _check_request_allowed(plan: ActionPlan) -> None:
    """One open request per plan, and a daily cap: each request e-mails every approver. The
    caller holds the plan's row lock, so two requests at once cannot both pass."""
    requests = ReopenRequest.objects.filter(plan=plan)
    if requests.filter(outcome=ReopenRequest.Outcome.OPEN).exists():
        raise ValidationError(ERROR_REQUEST_ALREADY_OPEN)
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if requests.filter(requested_at__gte=today).count() >= REOPEN_REQUESTS_PER_DAY:
        raise ValidationError(ERROR_TOO_MANY_REQUESTS.format(limit=REOPEN_REQUESTS_PER_DAY))


@transaction.atomic
def actionplan_request_reopen(*, plan: ActionPlan, user: Person, reason: str) -> ReopenRequest:
    """Staff (or an approver) of the agency ask for an approved plan to be reopened, with a
    reason; the agency's approvers are e-mailed after the commit."""
    if not workflow.has_role(user, plan, workflow.REQUEST_REOPEN):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    if not reason.strip():
        raise ValidationError(ERROR_REASON_REQUIRED)
    locked = ActionPlan.objects.select_for_update().select_related("assessment").get(pk=plan.pk)
    if locked.status != ActionPlan.Status.APPROVED:
        raise ValidationError(ERROR_NOT_APPROVED.format(status=locked.get_status_display()))
    _check_request_allowed(locked)
    request = ReopenRequest(
        plan=locked, plan_version=locked.version, requested_by=user, reason=reason.strip()
    )
    request.full_clean()
    request.save()
    transaction.on_commit(
        lambda: log_event(
            logger, "plan.reopen_request", user=user, agency=locked.assessment.agency_id,
            obj=locked, version=locked.version,
        )
    )  # fmt: skip
    subject = MAIL_REOPEN_REQUEST_SUBJECT.format(plan=locked)
    body = MAIL_REOPEN_REQUEST_BODY.format(
        actor=display_name(user), plan=locked, reason=request.reason, url=_plan_url(locked)
    )
    recipients = _approver_emails(locked, exclude=user)
    _notify(locked, user, "reopen_request", (subject, body, recipients))
    return request


@transaction.atomic
def actionplan_decline_reopen(*, plan: ActionPlan, user: Person, comment: str) -> ActionPlan:
    """An approver declines the plan's open reopening requests with a reason; the plan stays
    approved and each requester is e-mailed the reason."""
    locked = _start(workflow.DECLINE_REOPEN, user, plan)
    requests = list(
        ReopenRequest.objects.filter(plan=locked, outcome=ReopenRequest.Outcome.OPEN)
        .select_related("requested_by")
        .order_by("id")
    )
    if not requests:
        raise ValidationError(ERROR_NO_OPEN_REQUEST)
    reason = comment.strip()
    if workflow.BY_ACTION[workflow.DECLINE_REOPEN].comment_required and not reason:
        raise ValidationError(ERROR_DECLINE_REASON_REQUIRED)
    _resolve_requests(locked, user, ReopenRequest.Outcome.DECLINED, reason)
    for request in requests:
        _notify_requester(locked, user, request, reason)
    transaction.on_commit(
        lambda: log_event(
            logger, "plan.reopen_decline", user=user, agency=locked.assessment.agency_id,
            obj=locked, version=locked.version,
        )
    )  # fmt: skip
    return locked


def _notify_requester(plan: ActionPlan, user: Person, request: ReopenRequest, reason: str) -> None:
    """Tell whoever asked (the workflow table's NOTIFY_REQUESTER) why the plan stays closed."""
    requester = request.requested_by
    if requester is None or not requester.email or not requester.is_active:
        return
    year = thai.to_thai_digits(plan.plan_year)
    subject = MAIL_REOPEN_DECLINED_SUBJECT.format(plan=plan, year=year)
    body = MAIL_REOPEN_DECLINED_BODY.format(
        actor=display_name(user),
        plan=plan,
        year=year,
        requested_at=thai.thai_date(timezone.localtime(request.requested_at).date()),
        reason=reason,
        url=_plan_url(plan),
    )
    _notify(plan, user, workflow.DECLINE_REOPEN, (subject, body, [requester.email]))


def allowed_actions(user: Actor, plan: ActionPlan) -> list[str]:
    """The workflow actions user may take on plan now: what the plan page offers as buttons."""
    return workflow.allowed(user, plan)


# ---------------------------------------------------------------------------------------------
# Follow-up


def validate_evidence_file(upload: Any) -> None:
    """Evidence is a PDF or an image, checked by content, within the upload limit."""
    refuse_if_larger(upload, settings.UPLOAD_EVIDENCE_MAX_BYTES, ERROR_EVIDENCE_TOO_LARGE)
    if looks_like_pdf(upload):
        validate_pdf(upload, max_pages=settings.UPLOAD_PDF_MAX_PAGES)
        return
    if detect_image_format(upload) is None:
        raise ValidationError(ERROR_EVIDENCE_TYPE)


def evidence_for_storage(upload: Any) -> Any:
    """The evidence as it is kept: a PDF as uploaded; an image upright, at print size and
    without its metadata (a phone photo's EXIF carries where it was taken)."""
    validate_evidence_file(upload)
    return pdf_or_photo_for_storage(
        upload, stem="evidence", max_bytes=settings.UPLOAD_EVIDENCE_MAX_BYTES
    )


@transaction.atomic
def progress_report_add(
    *,
    item: PlanItem,
    user: Person,
    reported_on: dt.date,
    status: str,
    percent: int,
    note: str = "",
    evidence_file: Any = None,
    evidence_file_original_name: str = "",
    evidence_url: str = "",
    budget_spent: Decimal | None = None,
) -> ProgressReport:
    """Record the progress of one row of an approved plan (what the agency committed to).

    The evidence keeps its uploader's name (given, or the upload's own) beside its stored one."""
    if not access.can_edit(user, item.plan.assessment.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    if item.plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError({"item": ERROR_PROGRESS_PLAN_NOT_APPROVED})
    if evidence_file:
        evidence_file_original_name = safe_file_name(
            evidence_file_original_name or evidence_file.name or ""
        )
        evidence_file = evidence_for_storage(evidence_file)
    report = ProgressReport(
        item=item,
        reported_on=reported_on,
        status=status,
        percent=percent,
        note=note,
        evidence_url=evidence_url,
        budget_spent=budget_spent,
        reported_by=user,
    )
    if evidence_file:
        report.evidence_file = evidence_file
        report.evidence_file_original_name = evidence_file_original_name
    report.full_clean()
    report.save()
    return report
