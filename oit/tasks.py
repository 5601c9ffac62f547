"""Background jobs of the OIT app (Celery; inline when no broker is configured)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from celery import shared_task
from django.conf import settings

from assessments.models import Assessment

from . import services


@shared_task
def check_assessment_links(assessment_id: int) -> dict[str, int]:
    """Check every evidence link of one assessment (agency and year)."""
    assessment = Assessment.objects.select_related("agency", "framework").get(pk=assessment_id)
    return asdict(services.evidence_check_links(assessment=assessment))


@shared_task
def recheck_stale_links() -> dict[str, int]:
    """Periodic (CELERY_BEAT_SCHEDULE): re-check the links whose last check is oldest."""
    summary = services.link_checks_refresh_stale(
        max_age=dt.timedelta(hours=settings.LINKCHECK_RECHECK_HOURS),
        limit=settings.LINKCHECK_RECHECK_BATCH,
    )
    return asdict(summary)
