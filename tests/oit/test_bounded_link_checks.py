"""Outbound work the "check links" button may cause is bounded (issue 24): a dripping site is cut at
the check's deadline, an agency may press the button only so often, and the checker's tasks have
time limits and a queue of their own. Only a server of the test's own on 127.0.0.1 is contacted."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from ita_portal.lib import linkcheck
from oit import admin as oit_admin
from oit import services, tasks
from oit.models import LinkCheck, url_digest

# How long past the check's deadline the request may take to answer (page and database work).
MARGIN_SECONDS = 5.0


@pytest.fixture
def allow_local(settings):
    settings.LINKCHECK_ALLOW_PRIVATE = True
    settings.LINKCHECK_TIMEOUT_SECONDS = 2


def overview(assessment) -> str:
    return reverse("admin:oit_evidence_overview", args=[assessment.pk])


def press_check_in_a_thread(client: Client, url: str, seconds: float):
    """POST the check button from a thread; fail the test if no answer came within seconds."""
    answers = []

    def press() -> None:
        try:
            answers.append(client.post(url, {"do": "check"}, follow=True))
        finally:
            connection.close()

    thread = threading.Thread(target=press, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    if thread.is_alive():
        pytest.fail(f"the check button was still busy {seconds} s after it was pressed")
    return answers[0]


@pytest.mark.django_db(transaction=True)
def test_a_site_dripping_one_byte_a_second_is_reported_as_timed_out_within_the_deadline(
    allow_local, settings, staff_client, staff_user, seed_assessment, evidence_rows, local_server
):
    base, _ = local_server
    services.evidence_set_links(
        user=staff_user,
        evidence=evidence_rows["O1"],
        urls=[f"{base}/drip-headers", f"{base}/drip-body"],
    )
    # Only this test's links are checked (the demo's other year points at the portal itself).
    page = press_check_in_a_thread(
        staff_client,
        overview(seed_assessment),
        settings.LINKCHECK_TIMEOUT_SECONDS + MARGIN_SECONDS,
    )
    assert page.status_code == 200
    for path in ("/drip-headers", "/drip-body"):
        check = LinkCheck.objects.get(url_hash=url_digest(f"{base}{path}"))
        assert (check.ok, check.error) == (False, linkcheck.TIMEOUT)
        assert check.message == linkcheck.MESSAGES[linkcheck.TIMEOUT]
    assert linkcheck.MESSAGES[linkcheck.TIMEOUT] in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_press_ends_within_the_tasks_budget_and_says_what_was_left_for_the_night(
    allow_local, settings, staff_client, staff_user, seed_assessment, evidence_rows, local_server
):
    base, _ = local_server
    # One link at a time, each allowed 30 s, but the task's checks only 2 s: they stop
    # tasks.STORE_SECONDS (30 s) before its soft limit.
    settings.LINKCHECK_TIMEOUT_SECONDS = 30
    settings.LINKCHECK_WORKERS = 1
    settings.LINKCHECK_TASK_TIME_LIMIT = 32
    urls = [f"{base}/drip-body?n={n}" for n in range(3)]
    services.evidence_set_links(user=staff_user, evidence=evidence_rows["O1"], urls=urls)
    page = press_check_in_a_thread(staff_client, overview(seed_assessment), 2 + MARGIN_SECONDS)
    assert settings.LINKCHECK_TASK_TIME_LIMIT - tasks.STORE_SECONDS == 2
    body = page.content.decode()
    assert oit_admin.MESSAGE_SKIPPED.format(skipped=2) in body
    check = LinkCheck.objects.get(url_hash=url_digest(urls[0]))
    assert (check.ok, check.error) == (False, linkcheck.TIMEOUT)
    assert not LinkCheck.objects.filter(url_hash__in=[url_digest(u) for u in urls[1:]]).exists()


@pytest.mark.django_db
def test_an_agency_may_check_its_links_only_so_often_an_hour(
    allow_local, settings, staff_client, staff_user, seed_assessment, evidence_rows, local_server
):
    base, state = local_server
    settings.LINKCHECK_AGENCY_CHECKS_PER_HOUR = 2
    services.evidence_set_links(user=staff_user, evidence=evidence_rows["O1"], urls=[f"{base}/o1"])
    for _ in range(2):
        page = staff_client.post(overview(seed_assessment), {"do": "check"}, follow=True)
        assert oit_admin.MESSAGE_CHECKED.split("{")[0] in page.content.decode()
    fetched = len(state.requests)
    refused = staff_client.post(overview(seed_assessment), {"do": "check"}, follow=True)
    assert refused.status_code == 200
    assert services.ERROR_TOO_MANY_CHECKS.format(limit=2) in refused.content.decode()
    assert len(state.requests) == fetched  # nothing was fetched for the refused press


@pytest.mark.django_db
def test_a_press_is_checked_not_a_500_when_the_cache_that_counts_presses_refuses(
    allow_local, settings, staff_client, staff_user, seed_assessment, evidence_rows, local_server
):
    from tests.hanging import refusing_port

    base, state = local_server
    services.evidence_set_links(user=staff_user, evidence=evidence_rows["O1"], urls=[f"{base}/o1"])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{refusing_port()}/15",
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }
    page = staff_client.post(overview(seed_assessment), {"do": "check"}, follow=True)
    assert page.status_code == 200
    assert oit_admin.MESSAGE_CHECKED.split("{")[0] in page.content.decode()
    assert state.requests  # the link was fetched


def test_every_checker_task_has_time_limits_and_goes_to_the_checkers_own_queue(settings):
    from ita_portal.celery import app

    names = sorted(name for name in app.tasks if name.startswith("oit.tasks."))
    assert names == ["oit.tasks.check_assessment_links", "oit.tasks.recheck_stale_links"]
    for name in names:
        task = app.tasks[name]
        assert task.soft_time_limit == settings.LINKCHECK_TASK_TIME_LIMIT, name
        assert task.time_limit == settings.LINKCHECK_TASK_HARD_TIME_LIMIT, name
        assert task.time_limit > task.soft_time_limit, name
        assert app.amqp.router.route({}, name)["queue"].name == settings.LINKCHECK_QUEUE, name
    publish = app.amqp.router.route({}, "reports.tasks.publish_report")["queue"].name
    assert publish == settings.CELERY_TASK_DEFAULT_QUEUE != settings.LINKCHECK_QUEUE


def test_a_worker_of_its_own_consumes_the_checkers_queue_and_the_publishing_worker_does_not():
    from pathlib import Path

    units = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
    checker = (units / "ita-portal-linkcheck.service").read_text()
    assert "--queues ${LINKCHECK_QUEUE}" in checker
    assert "celery --app ita_portal --quiet worker" in checker
    assert "PartOf=ita-portal-worker.service" in checker  # stopped and restarted with it
    publishing = (units / "ita-portal-worker.service").read_text()
    assert "LINKCHECK_QUEUE" not in publishing and "--queues ${CELERY_TASK_DEFAULT_QUEUE}" in (
        publishing
    )
