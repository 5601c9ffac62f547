"""Lists around the workspace: the approver's inbox and the site administrator's year overview."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from actionplans import workflow
from actionplans.models import ActionPlan, PlanTransition
from actionplans.selectors import reopen_requests_to_decide
from actionplans.snapshots import user_display_name
from assessments import access
from assessments.models import Assessment, Cohort
from ita_portal.lib.users import Actor

STAGE_NO_PLAN = "no_plan"
STAGE_PUBLISHED = "published"
STAGE_LABELS = {
    STAGE_NO_PLAN: "ยังไม่มีแผน",
    ActionPlan.Status.DRAFT.value: "แผนฉบับร่าง",
    ActionPlan.Status.SUBMITTED.value: "แผนรออนุมัติ",
    ActionPlan.Status.APPROVED.value: "อนุมัติแผนแล้ว ยังไม่เผยแพร่",
    STAGE_PUBLISHED: "เผยแพร่แล้ว",
}


def waiting_plans(user: Actor):
    """Plans waiting for an approval this user's role allows (the workflow table's approve
    step: its source status and roles; one query when counted)."""
    approve = workflow.BY_ACTION[PlanTransition.Action.APPROVE]
    plans = ActionPlan.objects.filter(status=approve.source)
    # Scoped in the query (a join on memberships): the header count stays one query.
    return access.scope_in_query(plans, user, "assessment__agency", approve.roles)


def inbox_count(user: Actor) -> int:
    """What waits for user's decision: submitted plans and requests to reopen (one query)."""
    plans = waiting_plans(user).order_by().values("pk")
    requests = reopen_requests_to_decide(user).order_by().values("plan_id")
    return plans.union(requests, all=True).count()


@dataclass(frozen=True)
class InboxRow:
    plan_id: int
    agency: str
    fiscal_year: int
    plan_year: int  # the plan is for the year after its assessment's
    version: int
    submitted_by: str
    submitted_at: dt.datetime | None
    waited_days: int
    url: str


def approval_inbox(user: Actor, *, now: dt.datetime) -> list[InboxRow]:
    """Plans waiting for this user's approval, the longest waiting first."""
    plans = (
        waiting_plans(user)
        .select_related("assessment__agency", "assessment__framework", "submitted_by")
        .order_by("submitted_at", "id")
    )
    return [
        InboxRow(
            plan_id=p.pk,
            agency=p.assessment.agency.name,
            fiscal_year=p.assessment.fiscal_year,
            plan_year=p.assessment.plan_year,
            version=p.version,
            submitted_by=user_display_name(p.submitted_by) or "-",
            submitted_at=p.submitted_at,
            waited_days=(now - p.submitted_at).days if p.submitted_at else 0,
            url=reverse("admin:actionplans_actionplan_change", args=[p.pk]),
        )
        for p in plans
    ]


@dataclass(frozen=True)
class OverviewRow:
    assessment_id: int
    agency_id: int
    agency: str
    cohort: str
    stage: str

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]


@dataclass(frozen=True)
class YearOverview:
    year: int
    rows: list[OverviewRow]
    counts: dict[str, int]
    total: int

    @property
    def published(self) -> int:
        return self.counts.get(STAGE_PUBLISHED, 0)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.counts.get(key, 0)) for key, label in STAGE_LABELS.items()]


def stage_of(status: str, plan_status: str | None) -> str:
    """Where an assessment stands in the year: published, else its plan's status (or no plan)."""
    if status == Assessment.Status.PUBLISHED:
        return STAGE_PUBLISHED
    return plan_status or STAGE_NO_PLAN


def year_overview(year: int, *, cohort_id: int | None = None, stage: str = "") -> YearOverview:
    """Every agency assessed in year with its stage; counts are of the cohort, before the stage filter."""
    plan_status = ActionPlan.objects.filter(assessment=OuterRef("pk")).values("status")[:1]
    assessments = (
        Assessment.objects.filter(framework__fiscal_year=year)
        .annotate(plan_status=Subquery(plan_status))
        .values("pk", "agency_id", "agency__name", "agency__cohort__name", "status", "plan_status")
        .order_by("agency__name")
    )
    if cohort_id is not None:
        assessments = assessments.filter(agency__cohort_id=cohort_id)
    rows = [
        OverviewRow(
            assessment_id=a["pk"],
            agency_id=a["agency_id"],
            agency=a["agency__name"],
            cohort=a["agency__cohort__name"] or "-",
            stage=stage_of(a["status"], a["plan_status"]),
        )
        for a in assessments
    ]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.stage] = counts.get(row.stage, 0) + 1
    shown = [r for r in rows if r.stage == stage] if stage else rows
    return YearOverview(year=year, rows=shown, counts=counts, total=len(rows))


def overview_years() -> list[int]:
    return list(
        Assessment.objects.values_list("framework__fiscal_year", flat=True)
        .distinct()
        .order_by("-framework__fiscal_year")
    )


def cohorts() -> list[Cohort]:
    return list(Cohort.objects.order_by("name"))
