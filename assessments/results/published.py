"""The figures of a published version, frozen for the public: written when a version is
published, removed when it is withdrawn, never touched by later edits of the assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from assessments.models import (
    Assessment,
    IndicatorScore,
    PublishedFigures,
    PublishedScore,
    ResultFigures,
)

from .figures import figures_refresh

COPIED = ["framework_id", "total", "grade", "passed", "result_level", "tools", "scores"]


@transaction.atomic
def published_figures_freeze(
    *, assessment: Assessment, version: int, published_at: dt.datetime
) -> PublishedFigures:
    """Compute the assessment's figures now and keep them as those of the published version."""
    figures_refresh(assessment_ids=[assessment.pk])
    live = ResultFigures.objects.get(assessment_id=assessment.pk)
    frozen, _created = PublishedFigures.objects.update_or_create(
        assessment_id=assessment.pk,
        defaults={
            **{name: getattr(live, name) for name in COPIED},
            "version": version,
            "published_at": published_at,
            "official_total": assessment.official_total,
            "official_rank": assessment.official_rank,
            "cohort_size": assessment.cohort_size,
        },
    )
    PublishedScore.objects.filter(assessment_id=assessment.pk).delete()
    PublishedScore.objects.bulk_create(
        PublishedScore(assessment_id=assessment.pk, indicator_id=indicator_id, score=score)
        for indicator_id, score in IndicatorScore.objects.filter(
            assessment_id=assessment.pk
        ).values_list("indicator_id", "score")
    )
    return frozen


@transaction.atomic
def published_figures_clear(*, assessment: Assessment) -> None:
    """The version was withdrawn: the public has no figures of this assessment any more."""
    PublishedFigures.objects.filter(assessment_id=assessment.pk).delete()
    PublishedScore.objects.filter(assessment_id=assessment.pk).delete()


def published_figures_freeze_many(
    *, assessment_ids: list[int], version: int, published_at: dt.datetime
) -> int:
    """Freeze many assessments' current figures at once (synthetic national data, in bulk)."""
    figures_refresh(assessment_ids=assessment_ids)
    official = {
        pk: (total, rank, size)
        for pk, total, rank, size in Assessment.objects.filter(pk__in=assessment_ids).values_list(
            "pk", "official_total", "official_rank", "cohort_size"
        )
    }
    frozen = [
        PublishedFigures(
            assessment_id=live.assessment_id,
            **{name: getattr(live, name) for name in COPIED},
            version=version,
            published_at=published_at,
            official_total=official[live.assessment_id][0],
            official_rank=official[live.assessment_id][1],
            cohort_size=official[live.assessment_id][2],
        )
        for live in ResultFigures.objects.filter(assessment_id__in=assessment_ids)
    ]
    PublishedFigures.objects.bulk_create(frozen, batch_size=2000, ignore_conflicts=True)
    PublishedScore.objects.bulk_create(
        (
            PublishedScore(assessment_id=aid, indicator_id=indicator_id, score=score)
            for aid, indicator_id, score in IndicatorScore.objects.filter(
                assessment_id__in=assessment_ids
            ).values_list("assessment_id", "indicator_id", "score")
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(frozen)
