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
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from actionplans.models import ActionPlan
from actionplans.selectors import follow_up_summaries, last_return_comments
from assessments.models import Assessment, IndicatorScore
from assessments.selectors import assessment_result_or_none, assessment_rules
from indicators.models import Framework, Indicator, OITItem
from indicators.scoring import AssessmentResult, FrameworkRules
from indicators.selectors import framework_rules
from oit.models import Evidence, EvidenceLink
from oit.selectors import READY_STATES, LinkRow, link_rows
from reports.deadlines import deadlines_for
from reports.models import ReportPreview, ReportPublication
from reports.workspace import Step, Viewer, YearFacts, steps_from_facts

READ_ONLY = Viewer(can_edit=False, can_approve=False)


@dataclass(frozen=True)
class Scored:
    """An assessment with its effective rules and its result (None while scores are missing)."""

    assessment: Assessment
    rules: FrameworkRules
    result: AssessmentResult | None
    problem: str


def _with_scores(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The assessments with what scoring reads (3 queries)."""
    return assessments.select_related("agency", "framework__issuer").prefetch_related(
        Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator")),
        "official_tool_points__tool",
    )


def scored_assessments(assessments: QuerySet[Assessment]) -> list[Scored]:
    """Each assessment scored by indicators.scoring (3 queries, and 4 per framework)."""
    rules: dict[int, FrameworkRules] = {}
    scored = []
    for assessment in _with_scores(assessments):
        if assessment.framework_id not in rules:
            rules[assessment.framework_id] = framework_rules(assessment.framework)
        own = assessment_rules(assessment, rules[assessment.framework_id])
        result, problem = assessment_result_or_none(assessment, own)
        scored.append(Scored(assessment, own, result, problem or ""))
    return scored


def _plans(assessments: dict[int, Assessment]) -> dict[int, ActionPlan]:
    plans = ActionPlan.objects.filter(assessment_id__in=list(assessments)).annotate(
        item_count=Count("items")
    )
    found: dict[int, ActionPlan] = {}
    for plan in plans:
        # The assessment already read: plan.plan_year asks no query.
        plan.assessment = assessments[plan.assessment_id]
        found[plan.assessment_id] = plan
    return found


def _published(ids: list[int]) -> dict[int, dt.datetime]:
    """Assessment id → when its live version (the latest not withdrawn) was published."""
    rows = (
        ReportPublication.objects.filter(assessment_id__in=ids, unpublished_at__isnull=True)
        .order_by("assessment_id", "version")
        .values_list("assessment_id", "published_at")
    )
    return dict(rows)  # the latest version of each assessment comes last and wins


def _oit_counts(
    assessments: dict[int, Assessment],
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
            assessment_id__in=list(assessments), state__in=READY_STATES, item__retired=False
        )
        .values("assessment_id")
        .annotate(n=Count("pk"))
        .values_list("assessment_id", "n")
    )
    return items, ready


def _link_problems(ids: list[int]) -> dict[int, list[tuple[str, LinkRow]]]:
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


def _read_bulk(assessments: dict[int, Assessment], today: dt.date) -> _Bulk:
    ids = list(assessments)
    plans = _plans(assessments)
    approved = [p for p in plans.values() if p.status == ActionPlan.Status.APPROVED]
    oit_items, oit_ready = _oit_counts(assessments)
    return _Bulk(
        plans=plans,
        comments=last_return_comments(p.pk for p in plans.values()),
        follow_up=follow_up_summaries(approved, today=today) if approved else {},
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
    scores = list(a.scores.all())
    return YearFacts(
        assessment_id=a.pk,
        fiscal_year=a.fiscal_year,
        plan_year=a.plan_year,
        status=a.status,
        indicators=bulk.indicators.get(a.framework_id, 0),
        scores_entered=sum(1 for x in scores if x.score is not None),
        result_warnings=s.result.warnings if s.result else (),
        score_problem=s.problem,
        weaknesses=s.result.weaknesses if s.result else (),
        analysed=frozenset(x.indicator.number for x in scores if x.narrative != ""),
        plan=plan,
        plan_items=getattr(plan, "item_count", 0),
        return_comment=bulk.comments.get(plan.pk, "") if plan else "",
        previewed_at=bulk.previews.get(a.pk),
        published_at=bulk.published.get(a.pk),
        follow_up=bulk.follow_up.get(plan.pk) if plan else None,
        oit_items=bulk.oit_items.get(a.framework_id, 0),
        oit_ready=bulk.oit_ready.get(a.pk, 0),
        oit_due=framework.oit_due_date,
        oit_link_problems=tuple(bulk.link_problems.get(a.pk, ())),
        deadlines=deadlines_for(a),
    )


def facts_of(scored: Sequence[Scored], *, today: dt.date) -> dict[int, YearFacts]:
    """Assessment id → the facts reports.workspace.year_facts would read (about 12 queries)."""
    if not scored:
        return {}
    bulk = _read_bulk({s.assessment.pk: s.assessment for s in scored}, today)
    return {s.assessment.pk: _facts(s, bulk) for s in scored}


def steps_of(facts: YearFacts, *, today: dt.date) -> tuple[Step, ...]:
    """The workspace's steps of one unit as a supervisor sees them (no queries)."""
    return steps_from_facts(facts, READ_ONLY, today=today)
