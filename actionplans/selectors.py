"""Reads of action plans, returned as plain dataclasses (the report never queries).

Signatures the report (and the plan pages) use:

- ``plan_for_report(assessment, *, thai=None, approved_only=False) -> PlanReport | None``
  The assessment's plan as it is now (any status), or with ``approved_only`` its latest
  approved version: the live plan when approved, else the snapshot kept by the last approval
  (a reopened plan keeps showing what was approved). ``thai`` chooses Thai digits; None means
  ``assessment.use_thai_digits``. None when there is no (approved) plan.
- ``latest_approved_plan(assessment, *, thai=None) -> PlanReport | None``: the same as
  ``plan_for_report(..., approved_only=True)``.
- ``plan_transitions(plan) -> list[TransitionRow]``: the workflow history, oldest first.
- ``follow_up_summary(plan, *, today) -> FollowUpSummary``: items by status, overdue items
  (end month passed and not done or cancelled) and the budget planned, for a given "today".

Schedules (month ranges, fiscal quarters) are computed in ``actionplans.schedule``; the
approval snapshot (``plan_raw``) and the report's rows from it (``report_from_raw``) are in
``actionplans.snapshots``; money is formatted by ``ita_portal.lib.thai.baht``.

PlanReport.groups is one PlanGroup per indicator (by indicator number), each with PlanRow
rows: assessment_issues, activities (ActivityRow: text, schedule, target, units as printed —
the lead unit first, "ทุกกลุ่ม/หน่วย" when every unit is named or the data says so — budget),
lines (one PlanLine per activity, equal neighbouring cells merged into a spanning Cell) and
the row's budget (the sum of its activities').
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.text import Truncator

from assessments import access
from assessments.models import Assessment
from ita_portal.lib.thai import digits as thai_digits
from ita_portal.lib.users import Actor, display_name

from .models import (
    ActionPlan,
    PlanActivity,
    PlanChange,
    PlanItem,
    PlanTransition,
    ProgressReport,
    ReopenRequest,
)
from .schedule import schedule_view
from .snapshots import PlanReport, plan_raw, report_from_raw, user_display_name


def plan_version_editors(plan: ActionPlan) -> list[str]:
    """Names of the users who really changed the plan's content in its current version."""
    seen: dict[int, str] = {}
    for change in (
        PlanChange.objects.filter(plan=plan, plan_version=plan.version, user__isnull=False)
        .select_related("user")
        .order_by("at", "id")
    ):
        user = change.user
        if user is None:
            continue
        seen.setdefault(user.pk, display_name(user))
    return list(seen.values())


# ---------------------------------------------------------------------------------------------
# The plan for the report


def _plan_queryset():
    return ActionPlan.objects.select_related(
        "assessment__agency", "assessment__framework", "approved_by"
    ).prefetch_related(
        Prefetch(
            "items",
            queryset=PlanItem.objects.select_related("indicator").prefetch_related(
                Prefetch(
                    "activities",
                    queryset=PlanActivity.objects.select_related("lead_unit")
                    .prefetch_related("units")
                    .order_by("order", "id"),
                ),
            ),
        )
    )


def plan_of(assessment: Assessment) -> ActionPlan | None:
    return _plan_queryset().filter(assessment=assessment).first()


def approved_snapshot(plan: ActionPlan) -> dict[str, Any] | None:
    """The plan as its last approval kept it (raw data), or None if it was never approved."""
    return (
        plan.transitions.filter(action=PlanTransition.Action.APPROVE, snapshot__isnull=False)
        .order_by("-at", "-id")
        .values_list("snapshot", flat=True)
        .first()
    )


@dataclass(frozen=True)
class ReturnedVersion:
    """The plan as an approver returned it: its content, when, by whom and why."""

    snapshot: dict[str, Any] | None  # None for a return recorded before returns kept a copy
    at: dt.datetime
    by: str
    comment: str


def returned_version(plan: ActionPlan) -> ReturnedVersion | None:
    """The latest return of the plan's current version (None if it was not returned since its
    last reopening: a return of an earlier version was answered by that version's approval)."""
    row = (
        plan.transitions.filter(action=PlanTransition.Action.RETURN, plan_version=plan.version)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if row is None:
        return None
    return ReturnedVersion(
        snapshot=row.snapshot, at=row.at, by=user_display_name(row.actor), comment=row.comment
    )


def approved_version_q(prefix: str = "") -> Q:
    """The one rule for "has an approved version", as a filter on plans (``prefix`` leads from
    the filtered model to the plan, e.g. "actionplan__"): approved now, or approved once and
    reopened (the approval's snapshot is kept)."""
    return Q(**{f"{prefix}status": ActionPlan.Status.APPROVED}) | Q(
        Exists(
            PlanTransition.objects.filter(
                plan=OuterRef(f"{prefix}pk"),
                action=PlanTransition.Action.APPROVE,
                snapshot__isnull=False,
            )
        )
    )


def has_approved_version(assessment: Assessment) -> bool:
    """Whether the assessment's plan has an approved version (without building it)."""
    return ActionPlan.objects.filter(approved_version_q(), assessment=assessment).exists()


def plan_for_report(
    assessment: Assessment, *, thai: bool | None = None, approved_only: bool = False
) -> PlanReport | None:
    """The assessment's plan as dataclasses (see the module docstring)."""
    use_thai = assessment.use_thai_digits if thai is None else thai
    plan = plan_of(assessment)
    if plan is None:
        return None
    if not approved_only or plan.status == ActionPlan.Status.APPROVED:
        return report_from_raw(plan_raw(plan), thai=use_thai)
    snapshot = approved_snapshot(plan)
    if snapshot is None:
        return None
    return report_from_raw(snapshot, thai=use_thai, approved=True)


def latest_approved_plan(assessment: Assessment, *, thai: bool | None = None) -> PlanReport | None:
    return plan_for_report(assessment, thai=thai, approved_only=True)


# ---------------------------------------------------------------------------------------------
# Workflow history


@dataclass(frozen=True)
class TransitionRow:
    action: str
    action_label: str
    from_label: str
    to_label: str
    actor: str
    at: dt.datetime
    comment: str
    plan_version: int
    has_snapshot: bool


@dataclass(frozen=True)
class ReopenRequestRow:
    requested_by: str
    requested_at: dt.datetime
    reason: str


def open_reopen_requests(plan: ActionPlan) -> list[ReopenRequestRow]:
    """Requests to reopen the plan that no approver has resolved yet, oldest first."""
    rows = plan.reopen_requests.filter(outcome=ReopenRequest.Outcome.OPEN).select_related(
        "requested_by"
    )
    return [
        ReopenRequestRow(
            requested_by=user_display_name(r.requested_by) or "-",
            requested_at=r.requested_at,
            reason=r.reason,
        )
        for r in rows
    ]


def reopen_requests_to_decide(user: Actor) -> QuerySet[ReopenRequest]:
    """Open requests to reopen an approved plan of an agency where user is an approver (site
    administrators: every agency): the approver's inbox, its header count and the plan list."""
    requests = ReopenRequest.objects.filter(
        outcome=ReopenRequest.Outcome.OPEN, plan__status=ActionPlan.Status.APPROVED
    )
    return access.scope_in_query(requests, user, "plan__assessment__agency", access.APPROVE_ROLES)


@dataclass(frozen=True)
class ReopenInboxRow:
    plan_id: int
    plan: str
    agency: str
    plan_year: int
    requested_by: str
    requested_at: dt.datetime
    reason: str


def reopen_inbox(user: Actor) -> list[ReopenInboxRow]:
    """The requests user decides, the oldest first (one query)."""
    requests = (
        reopen_requests_to_decide(user)
        .select_related("plan__assessment__agency", "plan__assessment__framework", "requested_by")
        .order_by("requested_at", "id")
    )
    return [
        ReopenInboxRow(
            plan_id=r.plan_id,
            plan=str(r.plan),
            agency=r.plan.assessment.agency.name,
            plan_year=r.plan.plan_year,
            requested_by=user_display_name(r.requested_by) or "-",
            requested_at=r.requested_at,
            reason=r.reason,
        )
        for r in requests
    ]


def with_open_reopen_request(plans: QuerySet[ActionPlan]) -> QuerySet[ActionPlan]:
    """plans annotated with has_open_reopen_request (the plan list's marker and filter)."""
    open_requests = ReopenRequest.objects.filter(
        plan=OuterRef("pk"), outcome=ReopenRequest.Outcome.OPEN
    )
    return plans.annotate(has_open_reopen_request=Exists(open_requests))


@dataclass(frozen=True)
class ReopenRequestHistoryRow:
    requested_by: str
    requested_at: dt.datetime
    reason: str
    outcome: str
    outcome_label: str
    resolved_by: str
    resolved_at: dt.datetime | None
    resolution_comment: str


def reopen_request_history(plan: ActionPlan) -> list[ReopenRequestHistoryRow]:
    """Every request to reopen the plan with what became of it, the newest first."""
    requests = plan.reopen_requests.select_related("requested_by", "resolved_by").order_by(
        "-requested_at", "-id"
    )
    return [
        ReopenRequestHistoryRow(
            requested_by=user_display_name(r.requested_by) or "-",
            requested_at=r.requested_at,
            reason=r.reason,
            outcome=r.outcome,
            outcome_label=r.get_outcome_display(),
            resolved_by=user_display_name(r.resolved_by) or "-",
            resolved_at=r.resolved_at,
            resolution_comment=r.resolution_comment,
        )
        for r in requests
    ]


def plan_transitions(plan: ActionPlan) -> list[TransitionRow]:
    labels = dict(ActionPlan.Status.choices)
    return [
        TransitionRow(
            action=t.action,
            action_label=t.get_action_display(),
            from_label=str(labels.get(t.from_status, t.from_status)),
            to_label=str(labels.get(t.to_status, t.to_status)),
            actor=user_display_name(t.actor),
            at=t.at,
            comment=t.comment,
            plan_version=t.plan_version,
            # The approved versions kept (a return's copy serves the approver's comparison).
            has_snapshot=t.snapshot is not None and t.action == PlanTransition.Action.APPROVE,
        )
        for t in plan.transitions.select_related("actor").order_by("at", "id")
    ]


def last_return_comment(plan: ActionPlan) -> str:
    """The comment of the latest return while the plan is back in draft because of it."""
    return last_return_comments([plan.pk]).get(plan.pk, "")


def last_return_comments(plan_ids: Iterable[int]) -> dict[int, str]:
    """Plan id → last_return_comment, for many plans in one query (plans without one left out)."""
    latest = PlanTransition.objects.filter(plan_id=OuterRef("plan_id")).order_by("-at", "-id")
    rows = PlanTransition.objects.filter(
        plan_id__in=list(plan_ids), pk=Subquery(latest.values("pk")[:1])
    ).values_list("plan_id", "action", "comment")
    return {
        plan_id: comment
        for plan_id, action, comment in rows
        if action == PlanTransition.Action.RETURN
    }


# ---------------------------------------------------------------------------------------------
# Follow-up


@dataclass(frozen=True)
class FollowUpItem:
    item_id: int
    indicator_number: int
    label: str
    status: str
    status_label: str
    percent: int
    last_reported_on: dt.date | None
    due: dt.date | None
    overdue: bool
    budget: Decimal | None
    activities: tuple[str, ...] = ()  # every activity of the row, in order


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class FollowUpSummary:
    today: dt.date
    plan_year: int
    items: tuple[FollowUpItem, ...]
    by_status: tuple[StatusCount, ...]
    overdue: tuple[FollowUpItem, ...]
    budget_planned: Decimal
    title: str = ""  # the plan's title in the version summed up ("" if it has none)


def _item_budget(activities: Sequence[PlanActivity]) -> Decimal | None:
    budgets = [a.budget for a in activities if a.budget is not None]
    return sum(budgets, Decimal(0)) if budgets else None


CLOSED_STATUSES = frozenset({ProgressReport.Status.DONE, ProgressReport.Status.CANCELLED})


def _item_due(item: PlanItem, plan_year: int) -> dt.date | None:
    """The last day of the latest month range of the item's activities (None: free text only)."""
    ends = []
    for a in item.activities.all():
        view = schedule_view(
            a.start_month,
            a.start_year,
            a.end_month,
            a.end_year,
            a.schedule_text,
            plan_year=plan_year,
            thai=False,
        )
        if view is not None and view.end is not None:
            ends.append(view.end)
    return max(ends) if ends else None


def _follow_up_row(
    *,
    item_id: int,
    indicator_number: int,
    activities: Sequence[str],
    issues: Sequence[str],
    reports: Sequence[ProgressReport],
    due: dt.date | None,
    budget: Decimal | None,
    today: dt.date,
) -> FollowUpItem:
    """One row's follow-up from its content (live or kept by an approval) and its reports."""
    latest = reports[-1] if reports else None
    status = latest.status if latest else ProgressReport.Status.NOT_STARTED
    return FollowUpItem(
        item_id=item_id,
        indicator_number=indicator_number,
        label=activities[0] if activities else (issues[0] if issues else "-"),
        status=status,
        status_label=str(ProgressReport.Status(status).label),
        percent=latest.percent if latest else 0,
        last_reported_on=latest.reported_on if latest else None,
        due=due,
        overdue=due is not None and today > due and status not in CLOSED_STATUSES,
        budget=budget,
        activities=tuple(activities),
    )


def _follow_up_item(item: PlanItem, *, plan_year: int, today: dt.date) -> FollowUpItem:
    activities = list(item.activities.all())
    return _follow_up_row(
        item_id=item.pk,
        indicator_number=item.indicator.number,
        activities=[a.text for a in activities],
        issues=item.assessment_issue_list,
        reports=list(item.progress_reports.all()),
        due=_item_due(item, plan_year),
        budget=_item_budget(activities),
        today=today,
    )


def items_with_progress(plan: ActionPlan) -> QuerySet[PlanItem]:
    """The plan's rows in report order, with their activities and progress reports (3 queries)."""
    return _with_progress(PlanItem.objects.filter(plan=plan))


def _with_progress(items: QuerySet[PlanItem]) -> QuerySet[PlanItem]:
    return (
        items.select_related("indicator")
        .prefetch_related(
            "activities",
            Prefetch(
                "progress_reports", queryset=ProgressReport.objects.order_by("reported_on", "id")
            ),
        )
        .order_by("indicator__number", "order", "id")
    )


def follow_up_summary(plan: ActionPlan, *, today: dt.date) -> FollowUpSummary:
    """Items by latest reported status; overdue = last month of its ranges passed and not closed.

    An item whose schedules are all free text ("ดำเนินการต่อเนื่อง") has no end month and so
    is never overdue.
    """
    return _summary(plan, list(items_with_progress(plan)), today=today)


def follow_up_summaries(
    plans: Sequence[ActionPlan], *, today: dt.date
) -> dict[int, FollowUpSummary]:
    """Plan id → follow_up_summary, for many plans in 3 queries (plan.assessment.framework loaded)."""
    by_plan: dict[int, list[PlanItem]] = {p.pk: [] for p in plans}
    for item in _with_progress(PlanItem.objects.filter(plan__in=list(by_plan))):
        by_plan[item.plan_id].append(item)
    return {p.pk: _summary(p, by_plan[p.pk], today=today) for p in plans}


def approved_follow_up_summary(plan: ActionPlan, *, today: dt.date) -> FollowUpSummary | None:
    """follow_up_summary of the plan's approved version (None if it was never approved).

    The live rows while the plan is approved; once reopened, the rows its last approval kept,
    with their reports (a reopened draft's rows never show in a follow-up). A kept row deleted
    from the draft has lost its reports with it and shows as not started.
    """
    return approved_follow_up_summaries([plan], today=today).get(plan.pk)


def approved_follow_up_summaries(
    plans: Sequence[ActionPlan], *, today: dt.date
) -> dict[int, FollowUpSummary]:
    """Plan id → approved_follow_up_summary, for many plans in a fixed number of queries
    (plans never approved left out; plan.assessment.framework loaded)."""
    live = [p for p in plans if p.status == ActionPlan.Status.APPROVED]
    found = follow_up_summaries(live, today=today) if live else {}
    reopened = [p.pk for p in plans if p.status != ActionPlan.Status.APPROVED]
    if reopened:
        found.update(_kept_summaries(reopened, today=today))
    return found


def _kept_summaries(plan_ids: list[int], *, today: dt.date) -> dict[int, FollowUpSummary]:
    """The follow-up of the versions the plans' last approvals kept (2 queries)."""
    latest = PlanTransition.objects.filter(
        plan_id=OuterRef("plan_id"), action=PlanTransition.Action.APPROVE, snapshot__isnull=False
    ).order_by("-at", "-id")
    snapshots = PlanTransition.objects.filter(
        plan_id__in=plan_ids, pk=Subquery(latest.values("pk")[:1])
    ).values_list("plan_id", "snapshot")
    kept = {
        plan_id: report_from_raw(raw, thai=False, approved=True)
        for plan_id, raw in snapshots
        if raw is not None  # filtered above; the type does not know
    }
    reports: dict[int, list[ProgressReport]] = {}
    ids = [row.item_id for k in kept.values() for row in k.rows if row.item_id is not None]
    for report in ProgressReport.objects.filter(item_id__in=ids).order_by("reported_on", "id"):
        reports.setdefault(report.item_id, []).append(report)
    return {plan_id: _kept_summary(k, reports, today=today) for plan_id, k in kept.items()}


def _kept_summary(
    kept: PlanReport, reports: dict[int, list[ProgressReport]], *, today: dt.date
) -> FollowUpSummary:
    rows = [
        _follow_up_row(
            item_id=row.item_id or 0,
            indicator_number=group.indicator_number,
            activities=row.activity_texts,
            issues=row.assessment_issues,
            reports=reports.get(row.item_id or 0, []),
            due=max(
                (a.schedule.end for a in row.activities if a.schedule and a.schedule.end),
                default=None,
            ),
            budget=row.budget,
            today=today,
        )
        for group in kept.groups
        for row in group.rows
    ]
    return _summary_of(rows, plan_year=kept.plan_year, today=today, title=kept.title)


def _summary(plan: ActionPlan, items: Sequence[PlanItem], *, today: dt.date) -> FollowUpSummary:
    rows = [_follow_up_item(item, plan_year=plan.plan_year, today=today) for item in items]
    return _summary_of(rows, plan_year=plan.plan_year, today=today, title=plan.title)


def _summary_of(
    rows: Sequence[FollowUpItem], *, plan_year: int, today: dt.date, title: str
) -> FollowUpSummary:
    counts = {s: 0 for s in ProgressReport.Status.values}
    for row in rows:
        counts[row.status] += 1
    return FollowUpSummary(
        today=today,
        plan_year=plan_year,
        items=tuple(rows),
        by_status=tuple(
            StatusCount(status=value, label=str(label), count=counts[value])
            for value, label in ProgressReport.Status.choices
        ),
        overdue=tuple(r for r in rows if r.overdue),
        budget_planned=sum((r.budget for r in rows if r.budget is not None), Decimal(0)),
        title=title,
    )


# ---------------------------------------------------------------------------------------------
# Progress reports


def progress_items(items: QuerySet[PlanItem]) -> QuerySet[PlanItem]:
    """The rows progress may be reported on (approved plans only), each with its row number."""
    return (
        items.filter(plan__status=ActionPlan.Status.APPROVED)
        .select_related("indicator", "plan__assessment__agency", "plan__assessment__framework")
        .annotate(
            row_number=Window(
                RowNumber(),
                partition_by=[F("plan_id")],
                order_by=[F("indicator__number").asc(), F("order").asc(), F("id").asc()],
            )
        )
        .order_by(
            "plan__assessment__agency__name",
            "-plan__assessment__framework__fiscal_year",
            "indicator__number",
            "order",
            "id",
        )
    )


def progress_item_label(item: PlanItem) -> str:
    """One row as the progress form offers it: agency, plan year, row number and its issue.

    Its digits follow the assessment's setting, so that one line never mixes ๒๕๖๓ and 2563.
    """
    assessment = item.plan.assessment
    row = getattr(item, "row_number", None)
    number = f"รายการที่ {row} " if row else ""
    label = (
        f"{assessment.agency.display_short_name} · แผนปีงบประมาณ พ.ศ. {assessment.plan_year}"
        f" · {number}{item}"
    )
    return Truncator(thai_digits(label, assessment.use_thai_digits)).chars(160)
