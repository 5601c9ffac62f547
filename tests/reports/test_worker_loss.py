"""A worker killed in the middle of a bulk job: every report still published exactly once.

A real `celery -A ita_portal worker` (prefork, one process) renders real PDFs against Redis and
the test database; the test kills it with SIGKILL while a report is being rendered. A report is
"being rendered" once its item counts an attempt and is still pending (the task counts the
attempt before it builds and renders the report, about a second of work).
"""

from __future__ import annotations

import os
import signal

import pytest

from actionplans.models import ActionPlan
from assessments import services
from assessments.models import Agency
from ita_portal.lib.media import walk
from reports.models import PublicationJob, PublicationJobItem, ReportPublication
from tests.celery_worker import (
    SharedDatabase,
    Workers,
    is_gone,
    redis_unreachable,
    wait_for,
    workers,
)
from tests.publishing_helpers import give_required_texts

YEAR = 2562
EXTRA_AGENCIES = 2
# The worker's limits, shortened so that a message lost with its worker comes back in seconds.
WORKER_ENV = {
    "REPORT_PUBLISH_TIME_LIMIT": "12",
    "REPORT_PUBLISH_HARD_TIME_LIMIT": "14",
    "CELERY_BROKER_VISIBILITY_TIMEOUT": "15",
}
UNDER_WAY = (
    "SELECT id, attempts FROM reports_publicationjobitem WHERE status = 'pending' AND attempts > 0"
)


@pytest.fixture
def redis():
    reason = redis_unreachable()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def several_reports(transactional_db, demo, other_agency, media_root):
    """Four approved reports of the year: the two demo agencies and two more like the other."""
    other = demo.assessments[other_agency.code]
    scores = {s.indicator.number: s.score for s in other.scores.select_related("indicator")}
    assessments = [demo.assessments[code] for code in demo.assessments]
    for n in range(EXTRA_AGENCIES):
        agency = Agency.objects.create(
            code=f"w-{n}", name=f"หน่วยงานทดสอบ {n}", cohort=other_agency.cohort
        )
        services.units_ensure(agency=agency, names=["กลุ่มอำนวยการ"])
        assessment = services.assessment_create(
            agency=agency, framework=other.framework, cohort_size=other.cohort_size
        )
        services.assessment_set_scores(assessment=assessment, scores=scores)
        assessments.append(assessment)
    for assessment in assessments:
        plan, _ = ActionPlan.objects.get_or_create(assessment=assessment, defaults={"title": "แผน"})
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
    give_required_texts(assessments)
    return assessments


@pytest.fixture
def database(tmp_path):
    return SharedDatabase(tmp_path)


def queue_the_year(pool: Workers, database: SharedDatabase) -> None:
    database.share()
    queued = pool.manage("publish_reports", "--year", str(YEAR))
    assert queued.returncode == 0, queued.stderr


def render_under_way(database: SharedDatabase) -> tuple[int, int]:
    return wait_for(lambda: database.rows(UNDER_WAY), "a report being rendered")[0]


def landed_mid_render(database: SharedDatabase, item_id: int, attempts: int) -> bool:
    """Whether the item was still unfinished when its process died (or has run again since)."""
    status, now = database.rows(
        f"SELECT status, attempts FROM reports_publicationjobitem WHERE id = {item_id}"
    )[0]
    return status == "pending" or now > attempts


def wait_for_the_job(pool: Workers, database: SharedDatabase) -> None:
    ended = "SELECT id FROM reports_publicationjob WHERE status IN ('finished', 'failed')"
    try:
        wait_for(lambda: database.rows(ended), "the job to end")
    except AssertionError as exc:
        items = database.rows(
            "SELECT assessment_id, status, attempts FROM reports_publicationjobitem"
        )
        raise AssertionError(f"{exc}; items {items}\n{pool.logs()[-4000:]}") from None


def assert_every_report_published_once(assessments, item_id: int) -> None:
    job = PublicationJob.objects.get()
    assert (job.status, job.total, job.done, job.skipped, job.failed) == (
        "finished", len(assessments), len(assessments), 0, 0,
    )  # fmt: skip
    for assessment in assessments:
        assert ReportPublication.objects.filter(assessment=assessment).count() == 1
    assert set(PublicationJobItem.objects.values_list("status", flat=True)) == {"done"}
    # The killed report ran again.
    assert PublicationJobItem.objects.get(pk=item_id).attempts >= 2
    # No PDF of a render that died before its commit is left behind.
    stored = {name for name in walk() if name.endswith(".pdf")}
    assert stored == {p.pdf.name for p in ReportPublication.objects.all()}


def kill_a_pool_process_mid_render(pool: Workers, worker, database: SharedDatabase) -> int:
    """SIGKILL the pool process while it renders; returns the item it was rendering."""
    for _ in range(3):  # a kill may come just after a render ended: try the next report
        victim = pool.pool_process(worker)
        item_id, attempts = render_under_way(database)
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda victim=victim: is_gone(victim), "the pool process to die")
        if landed_mid_render(database, item_id, attempts):
            return item_id
    raise AssertionError("no kill landed during a render:\n" + pool.logs())


def kill_the_worker_mid_render(pool: Workers, database: SharedDatabase) -> int:
    """Start a worker and SIGKILL it with its pool during a render; returns that item."""
    for _ in range(3):
        worker = pool.start()
        pool.pool_process(worker)
        item_id, attempts = render_under_way(database)
        pool.kill_whole(worker)
        if landed_mid_render(database, item_id, attempts):
            return item_id
    raise AssertionError("no kill landed during a render:\n" + pool.logs())


@pytest.mark.usefixtures("redis")
def test_a_pool_process_killed_mid_render_is_replaced_and_the_report_published_once(
    several_reports, database, media_root, tmp_path
):
    with workers(tmp_path, database, media_root, **WORKER_ENV) as pool:
        worker = pool.start()
        queue_the_year(pool, database)
        item_id = kill_a_pool_process_mid_render(pool, worker, database)
        wait_for_the_job(pool, database)
    database.take_back()
    assert_every_report_published_once(several_reports, item_id)


@pytest.mark.usefixtures("redis")
def test_a_whole_worker_killed_mid_render_hands_its_report_to_the_next_worker(
    several_reports, database, media_root, tmp_path
):
    with workers(tmp_path, database, media_root, **WORKER_ENV) as pool:
        queue_the_year(pool, database)
        item_id = kill_the_worker_mid_render(pool, database)
        # The message of the report that died with its worker comes back after the visibility
        # timeout (15 s here) to the next worker.
        pool.start()
        wait_for_the_job(pool, database)
    database.take_back()
    assert_every_report_published_once(several_reports, item_id)
