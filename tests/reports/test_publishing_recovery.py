"""Publishing that a death at any point leaves recoverable: no orphan PDF, no count told twice.

A task whose process dies is delivered again (CELERY_TASK_REJECT_ON_WORKER_LOST, the broker's
visibility timeout): these tests play such a death inline, at the points where it hurts.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection

from ita_portal.backup import media_files
from reports import publishing
from reports.models import PublicationJob, PublicationJobItem, ReportPublication
from reports.publishing import NOTE_STALE, REASON_WORKER_LOST

pytestmark = pytest.mark.usefixtures("media_root", "fast_pdf")

YEAR = 2562


class WorkerLost(BaseException):
    """Stands for SIGKILL: nothing after the point where it is raised runs in that process."""


@pytest.fixture
def started_job(db, approved_plan):
    job = publishing.publication_job_create(fiscal_year=YEAR, user=None)
    publishing.publication_job_start(job_id=job.pk)
    return job


def counts(job: PublicationJob) -> tuple[int, int, int, str]:
    job.refresh_from_db()
    return job.done, job.skipped, job.failed, job.status


@pytest.mark.django_db(transaction=True)
def test_a_pdf_saved_before_a_failed_commit_is_deleted(approved_plan, monkeypatch):
    def commit_fails():
        raise OperationalError("could not commit: connection to server was lost")

    monkeypatch.setattr(connection, "commit", commit_fails)
    with pytest.raises(OperationalError):
        publishing._publish_version(assessment=approved_plan, user=None)
    monkeypatch.undo()

    assert not ReportPublication.objects.exists()
    assert media_files() == []


def test_a_death_right_after_the_commit_counts_the_report_as_published(
    started_job, approved_plan, monkeypatch
):
    real_log_event = publishing.log_event

    def dies_after_publishing(logger, event, **fields):
        if event == "report.publish":
            raise WorkerLost
        real_log_event(logger, event, **fields)

    monkeypatch.setattr(publishing, "log_event", dies_after_publishing)
    with pytest.raises(WorkerLost):
        publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)
    monkeypatch.undo()

    # The message comes back: the report is published once and counted as published.
    publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)
    assert counts(started_job) == (1, 0, 0, "finished")
    assert ReportPublication.objects.count() == 1


def test_a_death_before_the_job_was_closed_is_closed_by_the_next_delivery(
    started_job, approved_plan, monkeypatch
):
    def dies(job_id):
        raise WorkerLost

    monkeypatch.setattr(publishing, "_close_if_complete", dies)
    with pytest.raises(WorkerLost):
        publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)
    monkeypatch.undo()

    publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)
    assert counts(started_job) == (1, 0, 0, "finished")


def test_a_report_that_keeps_killing_its_worker_is_failed_not_run_again(
    started_job, approved_plan, settings
):
    limit = settings.REPORT_PUBLISH_MAX_RETRIES + 1
    PublicationJobItem.objects.filter(job=started_job).update(attempts=limit)

    publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)

    assert counts(started_job) == (0, 0, 1, "failed")
    item = PublicationJobItem.objects.get(job=started_job)
    assert item.reason == REASON_WORKER_LOST.format(attempts=limit)
    assert not ReportPublication.objects.exists()


def test_the_last_try_of_a_report_still_runs(started_job, approved_plan, settings):
    PublicationJobItem.objects.filter(job=started_job).update(
        attempts=settings.REPORT_PUBLISH_MAX_RETRIES
    )
    publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)
    assert counts(started_job) == (1, 0, 0, "finished")


def test_a_report_arriving_after_its_job_was_closed_as_stale_fixes_the_job(
    started_job, approved_plan, settings
):
    note = NOTE_STALE.format(minutes=settings.PUBLICATION_JOB_STALE_MINUTES)
    publishing.publication_job_fail(job_id=started_job.pk, note=note)
    assert counts(started_job)[3] == "failed"

    publishing.publication_job_item_run(job_id=started_job.pk, assessment_id=approved_plan.pk)

    assert counts(started_job) == (1, 0, 0, "finished")
    assert ReportPublication.objects.count() == 1
    assert note in started_job.log  # what happened stays told


def test_a_pdf_left_by_a_process_that_died_before_its_commit_goes_with_the_next_publication(
    approved_plan,
):
    # What a SIGKILL between writing the PDF and committing its version leaves behind.
    orphan = f"reports/{approved_plan.pk}/0123456789abcdef.pdf"
    assert default_storage.save(orphan, ContentFile(b"%PDF-1.7 orphan")) == orphan

    publication = publishing._publish_version(assessment=approved_plan, user=None)

    assert media_files() == [publication.pdf.name]
