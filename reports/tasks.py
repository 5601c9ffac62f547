"""Background jobs of the reports app: bulk publishing, one Celery task per report.

Without a broker (CELERY_BROKER_URL unset) Celery runs every task inline
(CELERY_TASK_ALWAYS_EAGER): the same code path, retries immediately, no countdown.
"""

from __future__ import annotations

import logging
import random

from celery import shared_task
from django.conf import settings

from . import publishing
from .models import PublicationJob

logger = logging.getLogger(__name__)

RETRY_BACKOFF_SECONDS = 10
RETRY_BACKOFF_MAX_SECONDS = 600


def retry_countdown(retries: int) -> int:
    """Exponential backoff with jitter: about 10 s, 20 s, 40 s … at most 10 minutes."""
    base = min(RETRY_BACKOFF_SECONDS * 2**retries, RETRY_BACKOFF_MAX_SECONDS)
    return base // 2 + random.randint(0, base // 2)


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=settings.REPORT_PUBLISH_MAX_RETRIES,
    soft_time_limit=settings.REPORT_PUBLISH_TIME_LIMIT,
    time_limit=settings.REPORT_PUBLISH_HARD_TIME_LIMIT,
)
def publish_report(self, job_id: int, assessment_id: int) -> str:
    """Publish one report of a bulk job; returns how its item ended ("" when it had ended)."""
    try:
        return publishing.publication_job_item_run(job_id=job_id, assessment_id=assessment_id)
    except Exception as exc:  # a system error (SoftTimeLimitExceeded too): retry, then name it
        if self.request.retries < self.max_retries:
            logger.warning(
                "publication retry: job=%s assessment=%s attempt=%s error=%r",
                job_id,
                assessment_id,
                self.request.retries + 1,
                exc,
            )
            raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
        return publishing.publication_job_item_fail(
            job_id=job_id, assessment_id=assessment_id, error=exc
        )


# ignore_result: a job's outcome lives in its rows; queuing it (a web request) then touches
# the broker only, not the result backend as well.
@shared_task(acks_late=True, ignore_result=True)
def publish_year(job_id: int) -> int:
    """Start a bulk job: queue one publish_report task per report; returns how many."""
    assessment_ids = publishing.publication_job_start(job_id=job_id)
    for assessment_id in assessment_ids:
        publish_report.delay(job_id, assessment_id)
    return len(assessment_ids)


@shared_task
def close_stale_publication_jobs() -> int:
    """Close jobs whose queue stopped moving (Celery beat, every ten minutes)."""
    return publishing.publication_jobs_close_stale()


def enqueue_job(job: PublicationJob) -> None:
    """Hand a new job to the workers (or run it inline); a broker failure fails the job."""
    try:
        publish_year.delay(job.pk)
    except Exception as exc:  # kombu raises many kinds: the job must not stay pending
        publishing.publication_job_fail(
            job_id=job.pk, note=publishing.NOTE_ENQUEUE_FAILED.format(error=exc)
        )
        logger.exception("publication job could not be queued: job=%s", job.pk)
    job.refresh_from_db()


@shared_task
def send_reminders() -> int:
    """Celery beat's daily run of the reminder digests (reports.reminders)."""
    from django.utils import timezone

    from .reminders import send_reminders as send

    return send(today=timezone.localdate())
