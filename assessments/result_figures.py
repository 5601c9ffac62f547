"""Keeps ResultFigures (the engine's figures of each assessment) in step with the assessments.

Rankings, open data and exports read these rows instead of running the engine per request; every
figure in them comes from indicators.scoring.score_assessment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from indicators.models import Framework
from indicators.scoring import FrameworkRules, IncompleteScores, round2, score_assessment
from indicators.selectors import framework_rules

from .models import Assessment, IndicatorScore, OfficialToolPoints, ResultFigures

BATCH_SIZE = 2000


def stale_assessments(queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments of queryset whose figures are missing or older than their last change."""
    return queryset.filter(Q(figures__isnull=True) | Q(figures__computed_at__lt=F("updated_at")))


def _figures_of(
    assessment_id: int,
    framework_id: int,
    official_total: Decimal | None,
    scores: dict[int, Decimal | None],
    tool_points: dict[str, Decimal],
    rules: FrameworkRules,
    now: object,
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


def figures_refresh(*, assessment_ids: Iterable[int]) -> int:
    """Recompute and store the figures of the given assessments (in bulk); returns how many."""
    ids = sorted(set(assessment_ids))
    if not ids:
        return 0
    now = timezone.now()
    rules_cache: dict[int, FrameworkRules] = {}
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            assessments = list(
                Assessment.objects.filter(pk__in=chunk).values_list(
                    "pk", "framework_id", "official_total"
                )
            )
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
            rows = []
            for aid, framework_id, official_total in assessments:
                if framework_id not in rules_cache:
                    rules_cache[framework_id] = framework_rules(
                        Framework.objects.get(pk=framework_id)
                    )
                rows.append(
                    _figures_of(
                        aid,
                        framework_id,
                        official_total,
                        scores[aid],
                        points[aid],
                        rules_cache[framework_id],
                        now,
                    )
                )
            ResultFigures.objects.bulk_create(
                rows,
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
            written += len(rows)
    return written


def figures_ensure(queryset: QuerySet[Assessment]) -> int:
    """Refresh the figures of queryset's assessments that are missing or stale (one query if none)."""
    return figures_refresh(assessment_ids=stale_assessments(queryset).values_list("pk", flat=True))
