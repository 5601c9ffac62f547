"""The action-plan workflow as one table: every step a user can take on a plan.

Each row says from which status the step starts and where it leads, which roles of the plan's
agency may take it, the extra rule it obeys (four eyes: not by an author of the version; own:
only by whoever submitted), whether it needs a comment, what it records and whom it notifies.
The services check a step against its row (``check``), the plan pages offer the steps
``allowed`` returns, and the test in tests/actionplans/test_workflow_table.py walks every row
by every role from the outside.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments import access
from assessments.models import Role
from ita_portal.lib.users import Actor

from .models import ActionPlan, PlanChange, PlanTransition

DRAFT = ActionPlan.Status.DRAFT
SUBMITTED = ActionPlan.Status.SUBMITTED
APPROVED = ActionPlan.Status.APPROVED

EDITORS = frozenset({Role.STAFF, Role.APPROVER})
APPROVERS = frozenset({Role.APPROVER})

REQUEST_REOPEN = "request_reopen"
DECLINE_REOPEN = "decline_reopen"

RULE_FOUR_EYES = "four_eyes"
RULE_OWN_SUBMISSION = "own_submission"

NOTIFY_APPROVERS = "approvers"
NOTIFY_SUBMITTER = "submitter"
NOTIFY_REQUESTER = "requester"


@dataclass(frozen=True)
class Step:
    action: str
    source: str
    target: str
    roles: frozenset[str]
    records: str
    notifies: str = ""
    rule: str = ""
    comment_required: bool = False


STEPS: tuple[Step, ...] = (
    Step(PlanTransition.Action.SUBMIT, DRAFT, SUBMITTED, EDITORS, "transition", NOTIFY_APPROVERS),
    Step(
        PlanTransition.Action.WITHDRAW,
        SUBMITTED,
        DRAFT,
        EDITORS,
        "transition",
        NOTIFY_APPROVERS,
        rule=RULE_OWN_SUBMISSION,
    ),
    Step(
        PlanTransition.Action.APPROVE,
        SUBMITTED,
        APPROVED,
        APPROVERS,
        "transition with the approved version's snapshot",
        NOTIFY_SUBMITTER,
        rule=RULE_FOUR_EYES,
    ),
    Step(
        PlanTransition.Action.RETURN,
        SUBMITTED,
        DRAFT,
        APPROVERS,
        "transition with the returned version's snapshot",
        NOTIFY_SUBMITTER,
        comment_required=True,
    ),
    Step(
        PlanTransition.Action.REOPEN,
        APPROVED,
        DRAFT,
        APPROVERS,
        "transition; a new version; open requests resolved",
        comment_required=True,
    ),
    Step(REQUEST_REOPEN, APPROVED, APPROVED, EDITORS, "reopen request", NOTIFY_APPROVERS),
    Step(
        DECLINE_REOPEN,
        APPROVED,
        APPROVED,
        APPROVERS,
        "request declined, with the reason the requester is e-mailed",
        NOTIFY_REQUESTER,
        comment_required=True,
    ),
)
BY_ACTION: dict[str, Step] = {str(step.action): step for step in STEPS}


def is_author(user: Actor, plan: ActionPlan) -> bool:
    """The submitter, or anyone with a real change in the version under approval."""
    if user.pk is None:
        return False  # nobody signed in has written nothing
    if user.pk == plan.submitted_by_id:
        return True
    return PlanChange.objects.filter(plan=plan, plan_version=plan.version, user_id=user.pk).exists()


def has_role(user: Actor, plan: ActionPlan, action: str) -> bool:
    return access.has_role(user, plan.assessment.agency_id, BY_ACTION[action].roles)


def obeys_rule(user: Actor, plan: ActionPlan, action: str) -> bool:
    rule = BY_ACTION[action].rule
    if rule == RULE_FOUR_EYES:
        return not is_author(user, plan)
    if rule == RULE_OWN_SUBMISSION:
        return user.pk is not None and user.pk == plan.submitted_by_id
    return True


def allowed(user: Actor, plan: ActionPlan) -> list[str]:
    """The steps user may take on plan now, in the table's order (the plan page's buttons)."""
    return [
        str(step.action)
        for step in STEPS
        if step.source == plan.status
        and has_role(user, plan, step.action)
        and obeys_rule(user, plan, step.action)
    ]
