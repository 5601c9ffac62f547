"""Keeps ResultFigures (the engine's figures of each assessment) in step with the assessments.

Rankings, open data and exports read these rows instead of running the engine per request; every
figure in them comes from indicators.scoring.score_assessment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from assessments.models import Assessment, IndicatorScore, OfficialToolPoints, ResultFigures
from indicators.models import Framework
from indicators.scoring import FrameworkRules, IncompleteScores, round2, score_assessment
from indicators.selectors import framework_rules

BATCH_SIZE = 2000


def stale_assessments(
    queryset: QuerySet[Assessment], framework: Framework | None = None
) -> QuerySet[Assessment]:
    """Assessments of queryset whose figures are missing or older than their last change.

    Give the framework when queryset is one year's: the figures side then reads that year only.
    """
    # An anti-join probing the figures' primary key per assessment: a big cohort costs a few
    # milliseconds, where a LEFT JOIN made PostgreSQL scan every year's figures.
    current = ResultFigures.objects.filter(
        assessment=OuterRef("pk"), computed_at__gte=OuterRef("updated_at")
    )
    if framework is not None:
        current = current.filter(framework=framework)
    return queryset.filter(~Exists(current)).order_by()


def _figures_of(
    assessment_id: int,
    framework_id: int,
    official_total: Decimal | None,
    scores: dict[int, Decimal | None],
    tool_points: dict[str, Decimal],
    rules: FrameworkRules,
    now: dt.datetime,
) -> ResultFigures:
    row = ResultFigures(
        assessment_id=assessment_id,
        framework_id=framework_id,
        scores={str(n): (None if v is None else str(v)) for n, v in sorted(scores.items())},
        computed_at=now,
    )
    try:
        result = score_assessment(
            scores, rules, official_total=official_total, official_tool_points=tool_points
        )
    except IncompleteScores:
        row.total, row.grade, row.passed, row.result_level, row.tools = None, "", False, "", {}
        return row
    row.total = round2(result.total)
    row.grade = result.grade.code
    row.passed = result.passed
    row.result_level = result.result_level.name if result.result_level else ""
    row.tools = {
        t.code: {"percent": str(round2(t.percent)), "points": str(round2(t.points))}
        for t in result.tools
    }
    return row


# What the engine needs of one assessment: framework id, official total, scores by indicator
# number, official tool points by tool code.
Inputs = tuple[int, Decimal | None, dict[int, Decimal | None], dict[str, Decimal]]


def _rules(framework_id: int, cache: dict[int, FrameworkRules]) -> FrameworkRules:
    if framework_id not in cache:
        cache[framework_id] = framework_rules(Framework.objects.get(pk=framework_id))
    return cache[framework_id]


def figures_store(inputs: dict[int, Inputs]) -> int:
    """Compute and store the figures of assessments whose inputs the caller already holds."""
    if not inputs:
        return 0
    now = timezone.now()
    rules_cache: dict[int, FrameworkRules] = {}
    rows = [
        _figures_of(aid, fid, total, scores, points, _rules(fid, rules_cache), now)
        for aid, (fid, total, scores, points) in inputs.items()
    ]
    ResultFigures.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["assessment"],
        update_fields=[
            "framework",
            "total",
            "grade",
            "passed",
            "result_level",
            "tools",
            "scores",
            "computed_at",
        ],
    )
    return len(rows)


def figures_refresh(*, assessment_ids: Iterable[int]) -> int:
    """Recompute and store the figures of the given assessments (in bulk); returns how many."""
    ids = sorted(set(assessment_ids))
    if not ids:
        return 0  # not even a savepoint: the ranking page's query count stays fixed
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            scores: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
            for aid, number, score in IndicatorScore.objects.filter(
                assessment_id__in=chunk
            ).values_list("assessment_id", "indicator__number", "score"):
                scores[aid][number] = score
            points: dict[int, dict[str, Decimal]] = defaultdict(dict)
            for aid, code, value in OfficialToolPoints.objects.filter(
                assessment_id__in=chunk
            ).values_list("assessment_id", "tool__code", "points"):
                points[aid][code] = value
            written += figures_store(
                {
                    aid: (framework_id, official_total, scores[aid], points[aid])
                    for aid, framework_id, official_total in Assessment.objects.filter(
                        pk__in=chunk
                    ).values_list("pk", "framework_id", "official_total")
                }
            )
    return written


def figures_ensure(queryset: QuerySet[Assessment], framework: Framework | None = None) -> int:
    """Refresh the figures of queryset's assessments that are missing or stale (one query if none)."""
    stale = stale_assessments(queryset, framework)
    return figures_refresh(assessment_ids=stale.values_list("pk", flat=True))


def refresh_after_framework_change(sender: Any, framework: Framework, **kwargs: Any) -> None:
    """A year's rules changed: its figures are recomputed once the change commits."""
    ids = list(Assessment.objects.filter(framework=framework).values_list("pk", flat=True))
    transaction.on_commit(lambda: figures_refresh(assessment_ids=ids))
