"""Background jobs of the OIT app (Celery; inline when no broker is configured).

Both fetch other people's websites: they go to the checker's own queue (settings.LINKCHECK_QUEUE,
CELERY_TASK_ROUTES), consumed by a worker of its own, so that they never hold a slot a
publication waits for; and each has a soft and a hard time limit. The checks themselves end
within a budget shorter than the soft limit, so results found so far are stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from celery import Task, shared_task
from django.conf import settings

from assessments.models import Assessment

from . import services

# Inline (no broker) the check runs in the web request: gunicorn kills a worker after 120 s.
INLINE_BUDGET_SECONDS = 60
# Time the task keeps after the checks' budget to store their results before the soft limit.
STORE_SECONDS = 30

TIME_LIMITS = {
    "soft_time_limit": settings.LINKCHECK_TASK_TIME_LIMIT,
    "time_limit": settings.LINKCHECK_TASK_HARD_TIME_LIMIT,
}


def _budget(eager: bool) -> float:
    """Seconds the checks of one task may take."""
    budget = max(1.0, float(settings.LINKCHECK_TASK_TIME_LIMIT - STORE_SECONDS))
    return min(budget, INLINE_BUDGET_SECONDS) if eager else budget


@shared_task(bind=True, **TIME_LIMITS)
def check_assessment_links(self: Task, assessment_id: int) -> dict[str, int]:
    """Check every evidence link of one assessment (agency and year)."""
    assessment = Assessment.objects.select_related("agency", "framework").get(pk=assessment_id)
    summary = services.evidence_check_links(
        assessment=assessment, budget=_budget(bool(self.request.is_eager))
    )
    return asdict(summary)


@shared_task(bind=True, **TIME_LIMITS)
def recheck_stale_links(self: Task) -> dict[str, int]:
    """Periodic (CELERY_BEAT_SCHEDULE): re-check the links whose last check is oldest."""
    summary = services.link_checks_refresh_stale(
        max_age=dt.timedelta(hours=settings.LINKCHECK_RECHECK_HOURS),
        limit=settings.LINKCHECK_RECHECK_BATCH,
        budget=_budget(bool(self.request.is_eager)),
    )
    return asdict(summary)
