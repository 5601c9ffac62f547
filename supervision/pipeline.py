"""The year's work of many units at once: the workspace's facts read in bulk, its rules unchanged.

reports.workspace.year_facts reads one assessment in about 15 queries; a console of hundreds of
units cannot. `scored_assessments` and `facts_of` read the same facts for every assessment in a
fixed number of queries (a few per framework, none per unit), and the steps come from
reports.workspace.steps_from_facts as they are (a supervisor's viewer: no edit, no approve).
tests/supervision/test_pipeline.py holds the bulk facts equal to year_facts on the demo.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet

from actionplans.models import ActionPlan
from actionplans.selectors import (
    approved_follow_up_summaries,
    approved_version_q,
    last_return_comments,
)
from assessments.models import Assessment, IndicatorScore, OfficialToolPoints, ResultFigures
from assessments.results.figures import stale_assessments
from assessments.selectors import assessment_rules
from indicators.models import Framework, Indicator, OITItem
from indicators.scoring import AssessmentResult, FrameworkRules, IncompleteScores, score_assessment
from indicators.selectors import framework_rules
from oit.models import Evidence, EvidenceLink
from oit.selectors import READY_STATES, LinkRow, link_rows
from reports.deadlines import deadlines_for
from reports.models import ReportPreview, ReportPublication
from reports.workspace import Step, Viewer, YearFacts, steps_from_facts

# The console shows no step's link: none is reversed (four per unit).
READ_ONLY = Viewer(can_edit=False, can_approve=False, with_actions=False)


@dataclass(frozen=True)
class Scored:
    """An assessment with its effective rules and its result (None while scores are missing),
    and its indicator scores as plain values (number → score; numbers with a written analysis)."""

    assessment: Assessment
    rules: FrameworkRules
    result: AssessmentResult | None
    problem: str
    scores: Mapping[int, Decimal | None] = field(default_factory=dict)
    entered: int = 0  # scores entered (not empty)
    analysed: frozenset[int] = frozenset()


@dataclass
class _Scores:
    """One assessment's score rows, read as values (no model instances: a console reads 150,000)."""

    scores: dict[int, Decimal | None] = field(default_factory=dict)
    entered: int = 0
    analysed: set[int] = field(default_factory=set)


def _scores_of(assessments: QuerySet[Assessment]) -> dict[int, _Scores]:
    """Assessment id → its scores, in the order the models read them (one query)."""
    # Whether an analysis is written, not its text: the texts of 150,000 scores are long.
    written = ExpressionWrapper(~Q(narrative=""), output_field=BooleanField())
    rows = (
        IndicatorScore.objects.filter(assessment__in=assessments.values("pk"))
        .annotate(written=written)
        .values_list("assessment_id", "indicator__number", "score", "written")
    )
    found: dict[int, _Scores] = defaultdict(_Scores)
    for assessment_id, number, score, analysed in rows:
        own = found[assessment_id]
        own.scores[number] = score
        own.entered += score is not None
        if analysed:
            own.analysed.add(number)
    return found


def _tool_points_of(assessments: QuerySet[Assessment]) -> dict[int, dict[str, Decimal]]:
    """Assessment id → its official points by tool code, as values (one query)."""
    found: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for assessment_id, code, points in OfficialToolPoints.objects.filter(
        assessment__in=assessments.values("pk")
    ).values_list("assessment_id", "tool__code", "points"):
        found[assessment_id][code] = points
    return found


def _result(
    assessment: Assessment,
    rules: FrameworkRules,
    scores: Mapping[int, Decimal | None],
    tool_points: Mapping[str, Decimal],
) -> tuple[AssessmentResult | None, str]:
    """assessments.selectors.assessment_result_or_none from scores already read."""
    try:
        result = score_assessment(
            scores,
            rules,
            official_total=assessment.official_total,
            official_tool_points=tool_points,
        )
    except IncompleteScores as exc:
        return None, str(exc)
    return result, ""


def _frameworks_of(assessments: list[Assessment]) -> None:
    """Give the assessments their frameworks (with the issuer): one instance per framework,
    shared, rather than a copy per assessment (one query)."""
    frameworks = Framework.objects.select_related("issuer").in_bulk(
        {a.framework_id for a in assessments}
    )
    for assessment in assessments:
        assessment.framework = frameworks[assessment.framework_id]


def scored_assessments(assessments: QuerySet[Assessment]) -> list[Scored]:
    """Each assessment scored by indicators.scoring (4 queries, and 4 per framework); its
    agency is not read (agency_id is)."""
    rules: dict[int, FrameworkRules] = {}
    scores, tool_points = _scores_of(assessments), _tool_points_of(assessments)
    scored = []
    # Not the report's own texts: a console of thousands of units reads none of them.
    found = list(assessments.defer("foreword", "introduction"))
    _frameworks_of(found)
    for assessment in found:
        if assessment.framework_id not in rules:
            rules[assessment.framework_id] = framework_rules(assessment.framework)
        own = assessment_rules(assessment, rules[assessment.framework_id])
        values = scores.get(assessment.pk, _Scores())
        result, problem = _result(
            assessment, own, values.scores, tool_points.get(assessment.pk, {})
        )
        scored.append(
            Scored(
                assessment,
                own,
                result,
                problem,
                scores=values.scores,
                entered=values.entered,
                analysed=frozenset(values.analysed),
            )
        )
    return scored


@dataclass(frozen=True)
class Earlier:
    """Last year's result as the console's movement compares it: its grade band's code, its
    result level's name ("" below every level, or where the framework has none)."""

    grade: str
    level: str
    has_levels: bool  # its framework has result levels


def earlier_of(scored: Scored) -> Earlier | None:
    """An assessment's result as movement reads it (None while scores are missing)."""
    if scored.result is None:
        return None
    reached = scored.result.result_level
    return Earlier(
        scored.result.grade.code, reached.name if reached else "", bool(scored.rules.levels)
    )


def earlier_results(assessments: QuerySet[Assessment]) -> dict[int, Earlier | None]:
    """Agency id → its assessment's result as movement reads it: from the stored figures
    (ResultFigures) where they are fresh, from the engine where they are stale or missing
    (3 queries while every row is fresh)."""
    stale = list(stale_assessments(assessments).values_list("pk", flat=True))
    found: dict[int, Earlier | None] = {
        s.assessment.agency_id: earlier_of(s)
        for s in (scored_assessments(Assessment.objects.filter(pk__in=stale)) if stale else ())
    }
    rows = list(
        ResultFigures.objects.filter(
            assessment__in=assessments.values("pk"), computed_at__gte=F("assessment__updated_at")
        ).values_list("assessment__agency_id", "framework_id", "total", "grade", "result_level")
    )
    with_levels = set(
        Framework.objects.filter(pk__in={row[1] for row in rows}, levels__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    for agency_id, framework_id, total, grade, level in rows:
        has_levels = framework_id in with_levels
        found[agency_id] = None if total is None else Earlier(grade, level, has_levels)
    return found


# The assessments as the bulk reads filter by them: their ids, or a subquery that selects them.
Among = list[int] | QuerySet[Assessment, int]


def _plans(assessments: dict[int, Assessment], among: Among) -> dict[int, ActionPlan]:
    plans = ActionPlan.objects.filter(assessment_id__in=among).annotate(
        item_count=Count("items"),
        # The one rule for "has an approved version" (approved now, or approved and reopened).
        has_approved_version=ExpressionWrapper(approved_version_q(), output_field=BooleanField()),
    )
    found: dict[int, ActionPlan] = {}
    for plan in plans:
        if plan.assessment_id not in assessments:
            continue  # its assessment came after they were read
        # The assessment already read: plan.plan_year asks no query.
        plan.assessment = assessments[plan.assessment_id]
        found[plan.assessment_id] = plan
    return found


def _published(ids: Among) -> dict[int, dt.datetime]:
    """Assessment id → when its live version (the latest not withdrawn) was published."""
    rows = (
        ReportPublication.objects.filter(assessment_id__in=ids, unpublished_at__isnull=True)
        .order_by("assessment_id", "version")
        .values_list("assessment_id", "published_at")
    )
    return dict(rows)  # the latest version of each assessment comes last and wins


def _oit_counts(
    assessments: dict[int, Assessment], among: Among
) -> tuple[dict[int, int], dict[int, int]]:
    """Framework id → its O-items in force; assessment id → its ready evidence (2 queries)."""
    framework_ids = {a.framework_id for a in assessments.values()}
    items = dict(
        OITItem.objects.filter(framework_id__in=framework_ids, retired=False)
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )
    ready = dict(
        Evidence.objects.filter(
            assessment_id__in=among, state__in=READY_STATES, item__retired=False
        )
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "n")
    )
    return items, ready


def _link_problems(ids: Among) -> dict[int, list[tuple[str, LinkRow]]]:
    """Assessment id → (item code, link) of its evidence links found broken or slow (2 queries)."""
    links = list(
        EvidenceLink.objects.filter(evidence__assessment_id__in=ids, evidence__item__retired=False)
        .order_by("evidence__item__order", "order", "pk")
        .values_list("evidence__assessment_id", "evidence__item__code", "url")
    )
    checks = link_rows([url for _, _, url in links])
    problems: dict[int, list[tuple[str, LinkRow]]] = defaultdict(list)
    for assessment_id, code, url in links:
        if checks[url].is_problem:
            problems[assessment_id].append((code, checks[url]))
    return problems


def _indicator_counts(framework_ids: set[int]) -> dict[int, int]:
    return dict(
        Indicator.objects.filter(framework_id__in=framework_ids)
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )


@dataclass(frozen=True)
class _Bulk:
    """What facts_of reads for all the assessments together."""

    plans: dict[int, ActionPlan]
    comments: dict[int, str]
    follow_up: dict
    previews: dict[int, dt.datetime]
    published: dict[int, dt.datetime]
    indicators: dict[int, int]
    oit_items: dict[int, int]
    oit_ready: dict[int, int]
    link_problems: dict[int, list[tuple[str, LinkRow]]]


def _read_bulk(
    assessments: dict[int, Assessment], today: dt.date, among: QuerySet[Assessment] | None
) -> _Bulk:
    ids: Among = (
        list(assessments) if among is None else among.order_by().values_list("pk", flat=True)
    )
    plans = _plans(assessments, ids)
    approved = [p for p in plans.values() if getattr(p, "has_approved_version", False)]
    oit_items, oit_ready = _oit_counts(assessments, ids)
    return _Bulk(
        plans=plans,
        comments=last_return_comments(p.pk for p in plans.values()),
        follow_up=approved_follow_up_summaries(approved, today=today) if approved else {},
        previews=dict(
            ReportPreview.objects.filter(assessment_id__in=ids).values_list(
                "assessment_id", "previewed_at"
            )
        ),
        published=_published(ids),
        indicators=_indicator_counts({a.framework_id for a in assessments.values()}),
        oit_items=oit_items,
        oit_ready=oit_ready,
        link_problems=_link_problems(ids),
    )


def _facts(s: Scored, bulk: _Bulk) -> YearFacts:
    a = s.assessment
    framework: Framework = a.framework
    plan = bulk.plans.get(a.pk)
    return YearFacts(
        assessment_id=a.pk,
        fiscal_year=a.fiscal_year,
        plan_year=a.plan_year,
        status=a.status,
        indicators=bulk.indicators.get(a.framework_id, 0),
        scores_entered=s.entered,
        result_warnings=s.result.warnings if s.result else (),
        score_problem=s.problem,
        weaknesses=s.result.weaknesses if s.result else (),
        analysed=s.analysed,
        plan=plan,
        plan_items=getattr(plan, "item_count", 0),
        return_comment=bulk.comments.get(plan.pk, "") if plan else "",
        previewed_at=bulk.previews.get(a.pk),
        published_at=bulk.published.get(a.pk),
        follow_up=bulk.follow_up.get(plan.pk) if plan else None,
        approved_version=bool(getattr(plan, "has_approved_version", False)),
        oit_items=bulk.oit_items.get(a.framework_id, 0),
        oit_ready=bulk.oit_ready.get(a.pk, 0),
        oit_due=framework.oit_due_date,
        oit_link_problems=tuple(bulk.link_problems.get(a.pk, ())),
        deadlines=deadlines_for(a),
    )


def facts_of(
    scored: Sequence[Scored], *, today: dt.date, among: QuerySet[Assessment] | None = None
) -> dict[int, YearFacts]:
    """Assessment id → the facts reports.workspace.year_facts would read (about 12 queries).
    among: the query the scored assessments were read by, for the bulk reads to filter by (a
    subquery) rather than by a list of their ids."""
    if not scored:
        return {}
    bulk = _read_bulk({s.assessment.pk: s.assessment for s in scored}, today, among)
    return {s.assessment.pk: _facts(s, bulk) for s in scored}


def steps_of(facts: YearFacts, *, today: dt.date) -> tuple[Step, ...]:
    """The workspace's steps of one unit as a supervisor sees them (no queries)."""
    return steps_from_facts(facts, READ_ONLY, today=today)
