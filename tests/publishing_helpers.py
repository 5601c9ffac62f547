"""Test set-up: results published as publishing leaves them (status and frozen figures)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from assessments.models import Assessment
from assessments.results.published import published_figures_freeze


def publish_results(assessments: Iterable[Assessment]) -> None:
    """Mark published and freeze the figures, without rendering a report (not the point here)."""
    for assessment in assessments:
        Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.PUBLISHED)
        published_figures_freeze(assessment=assessment, version=1, published_at=timezone.now())


def give_required_texts(assessments: Iterable[Assessment]) -> None:
    """The texts a publication requires (reports.publishing.missing_required_texts): a foreword,
    and the development issues of every indicator (weak ones must have them)."""
    from assessments.models import IndicatorScore

    pks = [assessment.pk for assessment in assessments]
    Assessment.objects.filter(pk__in=pks, foreword="").update(foreword="คำนำทดสอบ")
    IndicatorScore.objects.filter(assessment__in=pks, development_issues="").update(
        development_issues="ประเด็นที่พัฒนาทดสอบ"
    )


def withdraw_results(assessments: Iterable[Assessment]) -> None:
    """Withdrawn as unpublishing leaves them: a draft again, nothing frozen for the public."""
    from assessments.results.published import published_figures_clear

    for assessment in assessments:
        Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.DRAFT)
        published_figures_clear(assessment=assessment)
