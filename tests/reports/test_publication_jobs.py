"""Bulk publishing: one task per report, counted, closed by its last task, one job per year."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan
from assessments.models import IndicatorScore
from reports import publishing, tasks
from reports.models import PublicationJob, PublicationJobItem, ReportPublication
from reports.publishing import (
    ERROR_JOB_ACTIVE,
    ERROR_NO_APPROVED,
    ERROR_UNKNOWN_AGENCIES,
    NOTE_STALE,
    publication_job_create,
    publication_job_item_run,
    report_publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

YEAR = 2562


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("site-admin-2", "sa@example.invalid")


@pytest.fixture
def broken_other(demo, other_agency):
    """The other demo agency: plan approved, but a score missing (its report cannot be built)."""
    assessment = demo.assessments[other_agency.code]
    ActionPlan.objects.create(assessment=assessment, title="แผน", status=ActionPlan.Status.APPROVED)
    IndicatorScore.objects.filter(assessment=assessment).first().delete()
    return assessment


def run_job(admin, **kwargs) -> PublicationJob:
    job = publication_job_create(fiscal_year=YEAR, user=admin, **kwargs)
    tasks.enqueue_job(job)  # inline: no broker in the tests
    return job


def test_a_job_counts_each_report_and_names_each_failure(admin, approved_plan, broken_other):
    job = run_job(admin)
    assert (job.total, job.done, job.skipped, job.failed) == (2, 1, 0, 1)
    # The last task closed the job; a failure makes it "failed", named with its reason.
    assert job.status == PublicationJob.Status.FAILED and job.finished_at is not None
    failed = PublicationJobItem.objects.get(job=job, status="failed")
    assert failed.assessment == broken_other and "ตัวชี้วัด" in failed.reason


def test_the_job_page_lists_failures_with_their_agency(
    site_admin_client, approved_plan, broken_other
):
    site_admin_client.post(reverse("reports:bulk_publish"), {"fiscal_year": YEAR})
    job = PublicationJob.objects.get()
    page = site_admin_client.get(reverse("reports:publication_job", args=[job.pk])).content
    assert broken_other.agency.name in page.decode()
    assert "ไม่สำเร็จ 1 ฉบับ" in page.decode()


def test_a_second_job_of_a_running_year_is_refused(site_admin_client, approved_plan):
    running = PublicationJob.objects.create(
        fiscal_year=YEAR, status="running", total=1, started_at=timezone.now()
    )
    response = site_admin_client.post(
        reverse("reports:bulk_publish"), {"fiscal_year": YEAR}, follow=True
    )
    assert ERROR_JOB_ACTIVE.format(year=YEAR, job=running.pk) in response.content.decode()
    assert PublicationJob.objects.count() == 1
    assert not ReportPublication.objects.exists()


def test_a_stale_job_is_closed_as_failed_and_the_year_can_run_again(admin, approved_plan, settings):
    long_ago = timezone.now() - timedelta(minutes=settings.PUBLICATION_JOB_STALE_MINUTES + 1)
    stale = PublicationJob.objects.create(fiscal_year=YEAR, status="running", total=5)
    PublicationJob.objects.filter(pk=stale.pk).update(
        created_at=long_ago, started_at=long_ago, progressed_at=long_ago
    )
    job = run_job(admin)
    stale.refresh_from_db()
    assert stale.status == PublicationJob.Status.FAILED
    assert NOTE_STALE.format(minutes=settings.PUBLICATION_JOB_STALE_MINUTES) in stale.log
    assert job.status == PublicationJob.Status.FINISHED and job.done == 1


def test_a_moving_job_is_not_stale(admin, approved_plan):
    PublicationJob.objects.create(
        fiscal_year=YEAR, status="running", total=5, progressed_at=timezone.now()
    )
    assert publishing.publication_jobs_close_stale() == 0


def test_a_second_delivery_of_a_task_changes_nothing(admin, approved_plan):
    job = publication_job_create(fiscal_year=YEAR, user=admin)
    publishing.publication_job_start(job_id=job.pk)
    assert publication_job_item_run(job_id=job.pk, assessment_id=approved_plan.pk) == "done"
    assert publication_job_item_run(job_id=job.pk, assessment_id=approved_plan.pk) == ""
    job.refresh_from_db()
    assert (job.done, job.skipped, job.failed, job.status) == (1, 0, 0, "finished")
    assert ReportPublication.objects.count() == 1


def test_a_report_published_meanwhile_with_the_same_content_is_skipped(admin, demo, approved_plan):
    job = publication_job_create(fiscal_year=YEAR, user=admin)
    report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    tasks.enqueue_job(job)
    assert (job.done, job.skipped, job.status) == (0, 1, "finished")
    assert ReportPublication.objects.count() == 1
    assert PublicationJobItem.objects.get(job=job).version == 1


def test_a_second_job_finds_nothing_left_to_publish(admin, approved_plan):
    run_job(admin)
    with pytest.raises(publishing.ValidationError) as refused:
        run_job(admin)
    assert refused.value.messages == [ERROR_NO_APPROVED.format(year=YEAR)]
    assert ReportPublication.objects.count() == 1


def test_a_passing_system_error_is_retried(admin, approved_plan, monkeypatch):
    real = publishing._publish_version
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(publishing, "_publish_version", flaky)
    job = run_job(admin)
    assert len(calls) == 2
    assert (job.done, job.failed, job.status) == (1, 0, "finished")
    assert PublicationJobItem.objects.get(job=job).attempts == 2


def test_a_lasting_system_error_fails_the_report_after_the_retries(
    admin, approved_plan, monkeypatch, settings
):
    def broken(**kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(publishing, "_publish_version", broken)
    job = run_job(admin)
    assert (job.done, job.failed, job.status) == (0, 1, "failed")
    item = PublicationJobItem.objects.get(job=job)
    assert item.attempts == settings.REPORT_PUBLISH_MAX_RETRIES + 1
    assert "No space left on device" in item.reason


def test_a_broker_failure_fails_the_job_instead_of_leaving_it_pending(
    admin, approved_plan, monkeypatch
):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError("redis://127.0.0.1:6379")

    monkeypatch.setattr(tasks.publish_year, "delay", refused)
    job = run_job(admin)
    assert job.status == PublicationJob.Status.FAILED and "redis" in job.log


def test_the_command_publishes_a_year_inline(approved_plan):
    out = StringIO()
    call_command("publish_reports", "--year", str(YEAR), "--wait", stdout=out)
    job = PublicationJob.objects.get()
    assert (job.done, job.status, job.created_by) == (1, "finished", None)
    assert f"งานที่ {job.pk}" in out.getvalue()
    assert ReportPublication.objects.get().published_by is None


def test_the_command_limits_a_job_to_named_agencies(approved_plan, broken_other):
    call_command(
        "publish_reports",
        "--year",
        str(YEAR),
        "--agency",
        approved_plan.agency.code,
        stdout=StringIO(),
    )
    assert PublicationJob.objects.get().total == 1


def test_the_command_names_unknown_agencies_and_failed_jobs(approved_plan, broken_other):
    with pytest.raises(CommandError) as unknown:
        call_command("publish_reports", "--year", str(YEAR), "--agency", "no-such", "x-2")
    assert str(unknown.value) == ERROR_UNKNOWN_AGENCIES.format(codes="no-such, x-2")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("publish_reports", "--year", str(YEAR), stdout=StringIO(), stderr=err)
    assert broken_other.agency.name in err.getvalue()


def test_two_deliveries_racing_past_the_first_check_count_once(admin, approved_plan):
    # Both copies of a redelivered task read the item as pending; only one may end it.
    job = publication_job_create(fiscal_year=YEAR, user=admin)
    publishing.publication_job_start(job_id=job.pk)
    stale_copy = PublicationJobItem.objects.get(job=job)
    assert publishing._end_item(stale_copy, PublicationJobItem.Status.DONE, version=1) == "done"
    assert publishing._end_item(stale_copy, PublicationJobItem.Status.SKIPPED, version=1) == ""
    job.refresh_from_db()
    assert (job.done, job.skipped, job.status) == (1, 0, "finished")
