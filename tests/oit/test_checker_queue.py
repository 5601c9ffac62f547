"""With a broker, link checks never delay publishing (issue 24): two presses of "check links"
against a site that drips one byte a second held both worker slots while a publication waited.

Real workers started as the systemd units start them: the publishing worker takes only the
default queue, the checker's worker only LINKCHECK_QUEUE. A server of the test's own on
127.0.0.1 is the only site contacted.
"""

from __future__ import annotations

import pytest

from actionplans.models import ActionPlan
from oit import services
from tests.celery_worker import SharedDatabase, redis_unreachable, wait_for, workers
from tests.lib.localserver import serve

# How long a publication of the demo's reports may take once queued (a few seconds of rendering);
# longer means it waited behind something.
PUBLISH_BOUND_SECONDS = 45.0
ENDED = "SELECT status FROM reports_publicationjob WHERE status IN ('finished', 'failed')"
CHECKED = "SELECT error FROM oit_linkcheck WHERE url LIKE '%/drip-body'"


@pytest.fixture
def redis():
    reason = redis_unreachable()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def dripping_links(transactional_db, demo, seed_assessment, evidence_rows, staff_user):
    """The seed year's plan approved (so it publishes) and its O1 linked to a dripping site."""
    with serve() as (base, _state):
        services.evidence_set_links(
            user=staff_user, evidence=evidence_rows["O1"], urls=[f"{base}/drip-body"]
        )
        plan, _ = ActionPlan.objects.get_or_create(
            assessment=seed_assessment, defaults={"title": "แผน"}
        )
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
        yield seed_assessment


def within(seconds: float, condition, what: str):
    """wait_for with a shorter bound than the helper's own."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {seconds} s")


@pytest.mark.usefixtures("redis")
def test_a_publication_is_not_kept_waiting_by_link_checks_of_a_dripping_site(
    dripping_links, media_root, tmp_path
):
    database = SharedDatabase(tmp_path)
    env = {"LINKCHECK_ALLOW_PRIVATE": "true", "LINKCHECK_TIMEOUT_SECONDS": "30"}
    with workers(tmp_path, database, media_root, **env) as pool:
        checker_queue = f"{pool.queue}-linkcheck"
        pool.env["LINKCHECK_QUEUE"] = checker_queue
        pool.start()  # the publishing worker: one slot, the default queue only
        database.share()
        press = "from oit.tasks import check_assessment_links as t; t.delay({0}); t.delay({0})"
        pressed = pool.manage("shell", "-c", press.format(dripping_links.pk))
        assert pressed.returncode == 0, pressed.stderr
        queued = pool.manage("publish_reports", "--year", str(dripping_links.fiscal_year))
        assert queued.returncode == 0, queued.stderr
        within(PUBLISH_BOUND_SECONDS, lambda: database.rows(ENDED), "the publication to end")
        assert database.rows(ENDED) == [("finished",)], pool.logs()[-3000:]
        # The checks waited in their own queue for their own worker, which then ran them.
        assert database.rows(CHECKED) == []
        pool.env["LINKCHECK_TIMEOUT_SECONDS"] = "3"  # no need to wait the checks out here
        pool.start(checker_queue)
        errors = wait_for(lambda: database.rows(CHECKED), "the checker's worker to check")
        assert errors == [("timeout",)]
