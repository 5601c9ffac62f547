"""The year's work of one agency as steps: what is done, what is next, what blocks it, by when.

`workspace(assessment, ...)` reads the facts of an assessment once (`year_facts`) and turns them
into `Step`s with plain rules (`steps_from_facts`, no queries). The admin index shows them
(reports/views/workspace.py); the reminders (reports/reminders.py) send the same due items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from django.urls import reverse

from actionplans import workflow
from actionplans.models import ActionPlan, PlanTransition
from actionplans.selectors import (
    FollowUpSummary,
    approved_follow_up_summary,
    has_approved_version,
    last_return_comment,
)
from assessments import access
from assessments.models import Assessment, IndicatorScore
from assessments.results.levels import level_sentence
from assessments.selectors import (
    assessment_level_outlook,
    assessment_result_or_none,
    assessment_with_scores,
)
from indicators.models import Indicator, OITItem
from ita_portal.lib.thai import fiscal_quarter, fiscal_year_bounds
from ita_portal.lib.users import Actor
from oit.models import Evidence
from oit.selectors import READY_STATES, LinkRow, dated_outside, evidence_table, link_problems_in

from .models import ReportPreview

DONE = "done"
TODO = "todo"
WAITING = "waiting"
BLOCKED = "blocked"
STATE_LABELS = {
    DONE: "เสร็จแล้ว",
    TODO: "ถึงขั้นนี้แล้ว",
    WAITING: "รอผู้อื่นดำเนินการ",
    BLOCKED: "ยังทำไม่ได้",
}

BLOCKER_BROKEN_LINKS = "ลิงก์หลักฐานเสียหรือช้า {count} ลิงก์ (จากการตรวจครั้งล่าสุด) ควรแก้ก่อนส่ง"
# A warning, not a blocker: the assessors judge the date (oit/dating.py).
# A count, not the codes: the step's detail is shown in Thai digits, which would turn O13 into O๑๓.
DETAIL_DATED_OUTSIDE = "วันที่ของหลักฐานอยู่นอกช่วงเวลาที่ข้อกำหนด {count} ข้อ ควรตรวจก่อนส่ง"
STEP_TITLES = {
    "scores": "กรอกและตรวจคะแนน",
    "analysis": "เขียนผลการวิเคราะห์จุดที่ต้องพัฒนา",
    "plan": "ร่างแผนพัฒนา (มาตรการ)",
    "submitted": "เสนอแผนขออนุมัติ",
    "approved": "ผู้บริหารอนุมัติแผน",
    "previewed": "ตรวจตัวอย่างรายงาน",
    "published": "เผยแพร่รายงาน",
    "follow_up": "ติดตามผลรายไตรมาส (รายงานความก้าวหน้า)",
    "oit": "เตรียมหลักฐานการเปิดเผยข้อมูล (OIT)",
}

BLOCK_SCORES = "ต้องกรอกคะแนนให้ครบทุกตัวชี้วัดก่อน"
BLOCK_ANALYSIS = "ต้องเขียนผลการวิเคราะห์จุดที่ต้องพัฒนาให้ครบก่อน"
BLOCK_NO_PLAN = "ยังไม่มีแผนพัฒนา"
BLOCK_NO_ITEMS = "แผนยังไม่มีรายการ"
BLOCK_NOT_SUBMITTED = "แผนยังไม่ได้เสนอขออนุมัติ"
BLOCK_NOT_APPROVED = "ต้องอนุมัติแผนก่อน"
BLOCK_NOT_PREVIEWED = "ควรตรวจตัวอย่างรายงานก่อนเผยแพร่"
BLOCK_APPROVER_ONLY = "ผู้บริหารของหน่วยงานเป็นผู้ดำเนินการขั้นนี้"
BLOCK_FOUR_EYES = "คุณเป็นผู้เสนอหรือได้แก้ไขแผนฉบับนี้ ต้องให้ผู้บริหารอีกคนหนึ่งเป็นผู้อนุมัติ"
BLOCK_PROGRESS_REOPENED = "แผนเปิดแก้ไขอยู่ รายงานความก้าวหน้าได้อีกเมื่อผู้บริหารอนุมัติฉบับใหม่"
DETAIL_APPROVED_KEPT = "ระหว่างแก้ไข ฉบับที่อนุมัติแล้วยังใช้เผยแพร่และติดตามผลได้"


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    # A POST needs a form: the fields it sends besides the CSRF token.
    post_fields: tuple[tuple[str, str], ...] = ()

    @property
    def is_post(self) -> bool:
        return bool(self.post_fields)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    state: str
    detail: str = ""
    date: dt.date | dt.datetime | None = None
    blocker: str = ""
    action: Action | None = None
    due: dt.date | None = None
    overdue: bool = False

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class DueItem:
    """A step not done yet with a due date: what the workspace lists and the reminders send."""

    key: str
    title: str
    due: dt.date
    days_left: int
    url: str

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class YearFacts:
    """What the steps are computed from: plain values read once per assessment."""

    assessment_id: int
    fiscal_year: int
    plan_year: int
    status: str
    indicators: int
    scores_entered: int
    result_warnings: tuple[str, ...]
    score_problem: str
    weaknesses: tuple[int, ...]
    analysed: frozenset[int]
    plan: ActionPlan | None
    plan_items: int
    return_comment: str
    previewed_at: dt.datetime | None
    published_at: dt.datetime | None
    follow_up: FollowUpSummary | None
    oit_items: int
    oit_ready: int
    oit_due: dt.date | None
    # (item code, link) of the evidence links found broken or slow at their last check.
    oit_link_problems: tuple[tuple[str, LinkRow], ...] = ()
    # Codes of the items whose evidence is dated outside the period their rule names.
    oit_dated_outside: tuple[str, ...] = ()
    deadlines: Mapping[str, dt.date] = field(default_factory=dict)
    # What keeps the result from the next level under the year's rule ("" without a rule).
    level_sentence: str = ""
    # Whether the plan has an approved version (actionplans.selectors.has_approved_version:
    # approved now, or approved once and reopened); None: read from the plan's status alone.
    approved_version: bool | None = None
    # The workflow steps the viewer may take on the plan now (actionplans.workflow.allowed);
    # None: judged by the viewer's roles alone (a viewer without a user).
    plan_steps: frozenset[str] | None = None

    @property
    def oit_broken_links(self) -> int:
        return len(self.oit_link_problems)

    @property
    def has_approved_version(self) -> bool:
        if self.approved_version is not None:
            return self.approved_version
        return self.plan is not None and self.plan.status == workflow.APPROVED


@dataclass(frozen=True)
class Workspace:
    assessment: Assessment
    steps: tuple[Step, ...]
    today: dt.date
    # Read once with the facts: the reminder digest lists them without reading them again.
    link_problems: tuple[tuple[str, LinkRow], ...] = ()
    level_sentence: str = ""

    @property
    def next_step(self) -> Step | None:
        return next((s for s in self.steps if s.state == TODO), None)

    @property
    def due_items(self) -> tuple[DueItem, ...]:
        items = [
            DueItem(
                key=s.key,
                title=s.title,
                due=s.due,
                days_left=(s.due - self.today).days,
                url=s.action.url if s.action and not s.action.is_post else "",
            )
            for s in self.steps
            if s.due is not None and s.state != DONE
        ]
        return tuple(sorted(items, key=lambda i: i.due))


# ---------------------------------------------------------------------------------------------
# Facts


def _plan_facts(assessment: Assessment) -> tuple[ActionPlan | None, int, str]:
    plan = (
        ActionPlan.objects.filter(assessment=assessment)
        .select_related("submitted_by", "approved_by")
        .first()
    )
    if plan is None:
        return None, 0, ""
    return plan, plan.items.count(), last_return_comment(plan)


def _published_at(assessment: Assessment) -> dt.datetime | None:
    return (
        assessment.publications.filter(unpublished_at__isnull=True)
        .order_by("-version")
        .values_list("published_at", flat=True)
        .first()
    )


def _oit_counts(assessment: Assessment) -> tuple[int, int]:
    items = OITItem.objects.filter(framework_id=assessment.framework_id, retired=False).count()
    ready = Evidence.objects.filter(
        assessment=assessment, state__in=READY_STATES, item__retired=False
    ).count()
    return items, ready


def year_facts(
    assessment: Assessment, *, today: dt.date, deadlines: Mapping[str, dt.date] | None = None
) -> YearFacts:
    """Read everything the steps need (about 15 queries, whatever the size of the plan)."""
    full = assessment_with_scores(assessment.pk)
    result, problem = assessment_result_or_none(full)
    scores = IndicatorScore.objects.filter(assessment=full)
    plan, items, comment = _plan_facts(full)
    approved = plan is not None and has_approved_version(full)
    preview = ReportPreview.objects.filter(assessment=full).first()
    oit_items, oit_ready = _oit_counts(full)
    oit_rows = evidence_table(full)
    return YearFacts(
        assessment_id=full.pk,
        fiscal_year=full.fiscal_year,
        plan_year=full.plan_year,
        status=full.status,
        indicators=Indicator.objects.filter(framework_id=full.framework_id).count(),
        scores_entered=scores.filter(score__isnull=False).count(),
        result_warnings=result.warnings if result else (),
        score_problem=problem or "",
        weaknesses=result.weaknesses if result else (),
        analysed=frozenset(
            scores.exclude(narrative="").values_list("indicator__number", flat=True)
        ),
        plan=plan,
        plan_items=items,
        return_comment=comment,
        previewed_at=preview.previewed_at if preview else None,
        published_at=_published_at(full),
        follow_up=approved_follow_up_summary(plan, today=today) if approved and plan else None,
        oit_items=oit_items,
        oit_ready=oit_ready,
        oit_due=full.framework.oit_due_date,
        oit_link_problems=tuple(link_problems_in(oit_rows)),
        oit_dated_outside=tuple(dated_outside(oit_rows)),
        deadlines=dict(deadlines or {}),
        level_sentence=level_sentence(
            assessment_level_outlook(full, result) if result else None,
            thai_digits=full.use_thai_digits,
        ),
        approved_version=approved,
    )


# ---------------------------------------------------------------------------------------------
# Rules: one function per step, each from the facts and the user's role


@dataclass(frozen=True)
class Viewer:
    can_edit: bool
    can_approve: bool
    # Who is looking: the plan's steps are then those the workflow table allows this user
    # (four eyes included); without one, the roles above decide.
    user: Actor | None = None
    # False: the steps carry no action (a viewer who follows none, e.g. the supervisor's
    # console of thousands of units, which would otherwise reverse their links for nothing).
    with_actions: bool = True


def _may(f: YearFacts, v: Viewer, action: str) -> bool:
    """Whether the viewer may take a workflow step on the plan now (actionplans.workflow)."""
    if f.plan is None:
        return False
    if f.plan_steps is not None:
        return action in f.plan_steps
    row = workflow.BY_ACTION[action]
    by_role = v.can_approve if row.roles == workflow.APPROVERS else v.can_edit
    return f.plan.status == row.source and by_role


def _assessment_url(f: YearFacts) -> str:
    return reverse("admin:assessments_assessment_change", args=[f.assessment_id])


def _plan_url(f: YearFacts) -> str:
    assert f.plan is not None
    return reverse("admin:actionplans_actionplan_change", args=[f.plan.pk])


def _scores_step(f: YearFacts, v: Viewer) -> Step:
    complete = f.indicators > 0 and f.scores_entered >= f.indicators
    detail = f"กรอกแล้ว {f.scores_entered} จาก {f.indicators} ตัวชี้วัด"
    if complete and f.result_warnings:
        detail += f" มีข้อสังเกตที่ควรตรวจ {len(f.result_warnings)} ข้อ"
    label = "ตรวจ/แก้ไขคะแนน" if complete else "กรอกคะแนน"
    action = Action(label, _assessment_url(f)) if v.can_edit else None
    # A consistency warning (e.g. official points vs the indicators) is shown, not a blocker:
    # the official figure may stay as announced.
    state = DONE if complete else TODO
    return Step("scores", STEP_TITLES["scores"], state, detail, action=action)


def _analysis_step(f: YearFacts, v: Viewer) -> Step:
    if f.score_problem:
        return Step("analysis", STEP_TITLES["analysis"], BLOCKED, blocker=BLOCK_SCORES)
    missing = [n for n in f.weaknesses if n not in f.analysed]
    if not f.weaknesses:
        detail = "ไม่มีตัวชี้วัดที่ต่ำกว่าเกณฑ์"
    else:
        detail = f"เขียนแล้ว {len(f.weaknesses) - len(missing)} จาก {len(f.weaknesses)} ตัวชี้วัด"
    action = Action("เขียนผลการวิเคราะห์", _assessment_url(f)) if missing and v.can_edit else None
    return Step(
        "analysis", STEP_TITLES["analysis"], TODO if missing else DONE, detail, action=action
    )


def _plan_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["plan"]
    if f.plan is None:
        if f.score_problem:
            return Step("plan", title, BLOCKED, blocker=BLOCK_SCORES)
        draft = None
        if v.can_edit:
            draft = Action(
                "ร่างแผนจากจุดที่ต้องพัฒนา",
                reverse("actionplans:draft"),
                post_fields=(("assessment", str(f.assessment_id)),),
            )
        return Step("plan", title, TODO, blocker=BLOCK_NO_PLAN, action=draft)
    detail = f"{f.plan_items} รายการ"
    if f.plan_items == 0:
        add = Action("เพิ่มรายการในแผน", _plan_url(f)) if v.can_edit else None
        return Step("plan", title, TODO, detail, blocker=BLOCK_NO_ITEMS, action=add)
    return Step("plan", title, DONE, detail, date=f.plan.created_at)


def _submitted_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["submitted"]
    plan = f.plan
    if plan is None or f.plan_items == 0:
        return Step("submitted", title, BLOCKED, blocker=BLOCK_NO_PLAN)
    if plan.status != workflow.BY_ACTION[PlanTransition.Action.SUBMIT].source:
        return Step("submitted", title, DONE, date=plan.submitted_at)
    detail = f"ผู้บริหารส่งกลับให้แก้ไข: {f.return_comment}" if f.return_comment else ""
    may = _may(f, v, PlanTransition.Action.SUBMIT)
    action = Action("ตรวจแผนแล้วเสนออนุมัติ", _plan_url(f)) if may else None
    return Step("submitted", title, TODO, detail, action=action)


def _approved_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["approved"]
    plan = f.plan
    if plan is None or plan.status == workflow.DRAFT:
        kept = DETAIL_APPROVED_KEPT if f.has_approved_version else ""
        return Step("approved", title, BLOCKED, kept, blocker=BLOCK_NOT_SUBMITTED)
    if plan.status == workflow.APPROVED:
        return Step("approved", title, DONE, f"ฉบับที่ {plan.version}", date=plan.approved_at)
    if _may(f, v, PlanTransition.Action.APPROVE):
        return Step("approved", title, TODO, action=Action("พิจารณาอนุมัติแผน", _plan_url(f)))
    blocker = BLOCK_FOUR_EYES if v.can_approve else BLOCK_APPROVER_ONLY
    return Step("approved", title, WAITING, blocker=blocker, date=plan.submitted_at)


def _approved(f: YearFacts) -> bool:
    """Whether the plan has an approved version to preview, publish and follow up."""
    return f.has_approved_version


def _manage_url(f: YearFacts) -> str:
    return reverse("reports:report_manage", args=[f.assessment_id])


def _previewed_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["previewed"]
    if f.score_problem:
        return Step("previewed", title, BLOCKED, blocker=BLOCK_SCORES)
    action = Action("ดูตัวอย่างรายงาน", _manage_url(f)) if v.with_actions else None
    if not _approved(f):
        # Staff may look at the draft any time (the preview is then recorded), but the step is
        # about the report to publish: it is due, and can be done, once the plan is approved.
        return Step("previewed", title, BLOCKED, blocker=BLOCK_NOT_APPROVED, action=action)
    if f.previewed_at is not None:
        return Step("previewed", title, DONE, date=f.previewed_at, action=action)
    return Step("previewed", title, TODO, action=action)


def _published_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["published"]
    if f.status == Assessment.Status.PUBLISHED and f.published_at:
        return Step("published", title, DONE, date=f.published_at)
    detail = "เปิดแก้ไขหลังเผยแพร่ ต้องเผยแพร่ฉบับใหม่" if f.status == Assessment.Status.REOPENED else ""
    if not _approved(f):
        return Step("published", title, BLOCKED, detail, blocker=BLOCK_NOT_APPROVED)
    if not v.can_approve:
        return Step("published", title, WAITING, detail, blocker=BLOCK_APPROVER_ONLY)
    blocker = "" if f.previewed_at else BLOCK_NOT_PREVIEWED
    action = Action("ตรวจแล้วเผยแพร่", _manage_url(f))
    return Step("published", title, TODO, detail, blocker=blocker, action=action)


def _follow_up_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["follow_up"]
    summary = f.follow_up
    if summary is None:
        return Step("follow_up", title, BLOCKED, blocker=BLOCK_NOT_APPROVED)
    start, end = fiscal_year_bounds(f.plan_year)
    if summary.today < start:
        return Step("follow_up", title, WAITING, f"เริ่มปีงบประมาณ พ.ศ. {f.plan_year}", date=start)
    open_items = [i for i in summary.items if i.status not in {"done", "cancelled"}]
    quarter = fiscal_quarter(summary.today.month) if summary.today <= end else 4
    detail = f"ไตรมาสที่ {quarter}: ปิดแล้ว {len(summary.items) - len(open_items)} จาก {len(summary.items)} รายการ"
    if summary.overdue:
        detail += f" เลยกำหนด {len(summary.overdue)} รายการ"
    if open_items and f.plan is not None and f.plan.status != workflow.APPROVED:
        # Reopened: the approved version's progress shows, but reports wait for the new version.
        return Step("follow_up", title, WAITING, detail, blocker=BLOCK_PROGRESS_REOPENED)
    action = None
    if v.can_edit and open_items:
        action = Action("รายงานความก้าวหน้า", reverse("admin:actionplans_progressreport_add"))
    state = DONE if not open_items else TODO
    return Step("follow_up", title, state, detail, action=action)


def _oit_step(f: YearFacts, v: Viewer) -> Step:
    title = STEP_TITLES["oit"]
    detail = f"พร้อมส่งแล้ว {f.oit_ready} จาก {f.oit_items} ข้อ"
    if f.oit_dated_outside:
        detail += " · " + DETAIL_DATED_OUTSIDE.format(count=len(f.oit_dated_outside))
    blocker = BLOCKER_BROKEN_LINKS.format(count=f.oit_broken_links) if f.oit_broken_links else ""
    done = f.oit_items > 0 and f.oit_ready >= f.oit_items and not blocker
    action = None
    if v.with_actions:
        url = reverse("admin:oit_evidence_overview", args=[f.assessment_id])
        action = Action("เตรียมหลักฐาน OIT", url)
    return Step(
        "oit", title, DONE if done else TODO, detail, blocker=blocker, action=action, due=f.oit_due
    )


STEP_RULES: tuple[Callable[[YearFacts, Viewer], Step], ...] = (
    _scores_step,
    _analysis_step,
    _plan_step,
    _submitted_step,
    _approved_step,
    _previewed_step,
    _published_step,
    _follow_up_step,
    _oit_step,
)


def _quarter_start(plan_year: int, quarter: int) -> dt.date:
    start, _end = fiscal_year_bounds(plan_year)
    month = (start.month - 1 + 3 * (quarter - 1)) % 12 + 1
    return dt.date(start.year + (1 if month < start.month else 0), month, 1)


def quarter_start(plan_year: int, quarter: int) -> dt.date:
    """The first day of a quarter of the plan's fiscal year."""
    return _quarter_start(plan_year, quarter)


def quarter_reports_missing(f: YearFacts, quarter: int) -> int:
    """How many items still open when the quarter began have no report dated in it or later."""
    if f.follow_up is None:
        return 0
    begun = _quarter_start(f.plan_year, quarter)
    return sum(
        1
        for i in f.follow_up.items
        if i.status not in {"done", "cancelled"}
        and (i.last_reported_on is None or i.last_reported_on < begun)
    )


def _follow_up_due(f: YearFacts) -> dt.date | None:
    """The due date of the first quarter whose report is missing (quarter_reports_missing)."""
    if f.follow_up is None:
        return None
    for quarter in (1, 2, 3, 4):
        due = f.deadlines.get(f"follow_up_q{quarter}")
        if due is None:
            continue
        if quarter_reports_missing(f, quarter):
            return due
    return None


def _with_due(step: Step, f: YearFacts, today: dt.date) -> Step:
    due = _follow_up_due(f) if step.key == "follow_up" else f.deadlines.get(step.key, step.due)
    if due is None:
        return step
    return replace(step, due=due, overdue=step.state != DONE and today > due)


def steps_from_facts(f: YearFacts, viewer: Viewer, *, today: dt.date) -> tuple[Step, ...]:
    """The steps of the year in order (no queries)."""
    return tuple(_with_due(rule(f, viewer), f, today) for rule in STEP_RULES)


def workspace(
    assessment: Assessment,
    *,
    viewer: Viewer,
    today: dt.date,
    deadlines: Mapping[str, dt.date] | None = None,
) -> Workspace:
    facts = year_facts(assessment, today=today, deadlines=deadlines)
    if viewer.user is not None and facts.plan is not None:
        facts = replace(facts, plan_steps=frozenset(workflow.allowed(viewer.user, facts.plan)))
    steps = steps_from_facts(facts, viewer, today=today)
    return Workspace(
        assessment,
        steps,
        today,
        link_problems=facts.oit_link_problems,
        level_sentence=facts.level_sentence,
    )


def viewer_for(user: Actor, agency_id: int) -> Viewer:
    return Viewer(
        can_edit=access.can_edit(user, agency_id),
        can_approve=access.can_approve(user, agency_id),
        user=user,
    )
