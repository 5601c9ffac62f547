"""Background jobs of the assessments app (Celery; inline when no broker is configured)."""

from __future__ import annotations

from celery import shared_task

from .publishing import publication_job_run


@shared_task
def publish_year(job_id: int) -> int:
    """Run a bulk publication job; returns how many reports were published."""
    return publication_job_run(job_id=job_id).done
