"""One row per unit of the console: its result, its heat-map cells and its pipeline, as plain data.

Built from the bulk reads of supervision.pipeline; nothing here queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from actionplans.models import ActionPlan
from assessments.models import Agency, Assessment
from indicators.scoring import NextLevel, next_level, round2
from reports.overview import STAGE_LABELS, STAGE_NO_PLAN, STAGE_PUBLISHED, stage_of
from reports.workspace import DONE, Step, YearFacts, quarter_reports_missing, quarter_start

from .pipeline import Scored, steps_of

STAGE_NO_DATA = "no_data"
STAGE_RETURNED = "returned"
# The overview's stages, with a plan sent back for changes told apart from a first draft, and a
# unit without an assessment of the year.
STAGES = {
    STAGE_NO_DATA: "ยังไม่มีผลการประเมินของปีนี้",
    STAGE_NO_PLAN: STAGE_LABELS[STAGE_NO_PLAN],
    ActionPlan.Status.DRAFT.value: STAGE_LABELS[ActionPlan.Status.DRAFT.value],
    STAGE_RETURNED: "แผนถูกส่งกลับให้แก้ไข",
    ActionPlan.Status.SUBMITTED.value: STAGE_LABELS[ActionPlan.Status.SUBMITTED.value],
    ActionPlan.Status.APPROVED.value: STAGE_LABELS[ActionPlan.Status.APPROVED.value],
    STAGE_PUBLISHED: STAGE_LABELS[STAGE_PUBLISHED],
}

STEP_DONE = "เสร็จแล้ว"
STEP_NOT_DONE = "ยังไม่เสร็จ"
QUARTER_NOT_APPLICABLE = "-"
QUARTER_NOT_YET = "ยังไม่ถึง"
QUARTER_REPORTED = "รายงานแล้ว"
QUARTER_MISSING = "ขาด {count} รายการ"


@dataclass(frozen=True)
class Cell:
    """One indicator of one unit in the heat map."""

    number: int
    score: Decimal | None
    weak: bool  # below the threshold the unit's report calls weaknesses by


@dataclass(frozen=True)
class QuarterState:
    quarter: int
    label: str
    missing: int
    overdue: bool


@dataclass(frozen=True)
class UnitRow:
    agency_id: int
    code: str
    name: str
    kind: str
    parent_name: str
    tree_path: str
    assessment_id: int | None = None
    framework_id: int | None = None
    issuer: str = ""
    total: Decimal | None = None
    grade: str = ""
    level_code: str = ""
    level_name: str = ""
    level_rank: int | None = None  # 0 = the framework's best level (or grade band)
    cells: tuple[Cell, ...] = ()
    blockers: NextLevel | None = None
    stage: str = STAGE_NO_DATA
    steps: tuple[Step, ...] = ()
    quarters: tuple[QuarterState, ...] = ()
    oit_ready: int = 0
    oit_items: int = 0
    broken_links: int = 0
    published_at: dt.datetime | None = None
    movement: str = ""  # "up", "same", "down"; "" without last year's result

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]

    @property
    def overdue_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.overdue)

    @property
    def done(self) -> dict[str, str]:
        """Step key → done or not, as a supervisor reads it (the workspace's labels speak to staff)."""
        return {s.key: STEP_DONE if s.state == DONE else STEP_NOT_DONE for s in self.steps}

    @property
    def follows_up(self) -> bool:
        """The plan is approved: its quarters' follow-up counts."""
        return any(q.label != QUARTER_NOT_APPLICABLE for q in self.quarters)


def standing(scored: Scored) -> tuple[str, str, int | None]:
    """(level code, level name, rank) of a result: its result level where the framework has
    levels, else its grade band; rank 0 is the best, len(levels) is below every level."""
    result = scored.result
    if result is None:
        return "", "", None
    levels = scored.rules.levels
    if levels:
        reached = result.result_level
        if reached is None:
            return "", "", len(levels)
        return reached.code, reached.name, list(levels).index(reached)
    codes = [b.code for b in scored.rules.bands]
    grade = result.grade
    return grade.code, grade.label or grade.code, codes.index(grade.code)


def _cells(scored: Scored) -> tuple[Cell, ...]:
    threshold = scored.rules.strength_threshold
    scores = scored.scores
    return tuple(
        Cell(n, scores.get(n), scores.get(n) is not None and round2(scores[n]) < threshold)  # type: ignore[arg-type]
        for n in scored.rules.indicator_numbers
    )


def _stage(facts: YearFacts) -> str:
    plan_status = facts.plan.status if facts.plan else None
    stage = stage_of(facts.status, plan_status)
    if stage == ActionPlan.Status.DRAFT and facts.return_comment:
        return STAGE_RETURNED
    return stage


def _quarters(facts: YearFacts, today: dt.date) -> tuple[QuarterState, ...]:
    states = []
    for quarter in (1, 2, 3, 4):
        due = facts.deadlines.get(f"follow_up_q{quarter}")
        if facts.follow_up is None:
            states.append(QuarterState(quarter, QUARTER_NOT_APPLICABLE, 0, False))
        elif today < quarter_start(facts.plan_year, quarter):
            states.append(QuarterState(quarter, QUARTER_NOT_YET, 0, False))
        else:
            missing = quarter_reports_missing(facts, quarter)
            label = QUARTER_MISSING.format(count=missing) if missing else QUARTER_REPORTED
            late = bool(missing) and due is not None and today > due
            states.append(QuarterState(quarter, label, missing, late))
    return tuple(states)


def empty_row(agency: Agency, parent_name: str) -> UnitRow:
    """A unit without an assessment of the year."""
    return UnitRow(
        agency_id=agency.pk,
        code=agency.code,
        name=agency.name,
        kind=agency.kind,
        parent_name=parent_name,
        tree_path=agency.tree_path,
    )


def unit_row(
    agency: Agency,
    parent_name: str,
    scored: Scored,
    facts: YearFacts,
    today: dt.date,
    movement: str = "",
) -> UnitRow:
    """The unit's row from its scored assessment and its facts (no queries)."""
    assessment: Assessment = scored.assessment
    result = scored.result
    code, name, rank = standing(scored)
    steps = steps_of(facts, today=today)
    return UnitRow(
        agency_id=agency.pk,
        code=agency.code,
        name=agency.name,
        kind=agency.kind,
        parent_name=parent_name,
        tree_path=agency.tree_path,
        assessment_id=assessment.pk,
        framework_id=assessment.framework_id,
        issuer=assessment.framework.issuer.name,
        total=round2(result.reported_total) if result else None,
        grade=result.grade.code if result else "",
        level_code=code,
        level_name=name,
        level_rank=rank,
        cells=_cells(scored),
        blockers=next_level(result, scored.rules.levels) if result else None,
        stage=_stage(facts),
        steps=steps,
        quarters=_quarters(facts, today),
        oit_ready=facts.oit_ready,
        oit_items=facts.oit_items,
        broken_links=facts.oit_broken_links,
        published_at=facts.published_at
        if any(s.key == "published" and s.state == DONE for s in steps)
        else None,
        movement=movement,
    )
