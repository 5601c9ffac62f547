"""Celery's broker settings: a lost task comes back neither too early nor too late, and a Redis
that accepts connections but never answers does not hang whoever queues a task."""

from __future__ import annotations

import socket

import pytest

from ita_portal.lib.env import (
    ERROR_HARD_LIMIT_BELOW_SOFT,
    ERROR_STALE_TOO_SHORT,
    ERROR_VISIBILITY_TOO_SHORT,
    celery_redelivery_problems,
)
from tests.manage_subprocess import manage

SOFT, HARD = 300, 360


def problems(*, hard=HARD, visibility=1200, stale_minutes=30) -> list[str]:
    return celery_redelivery_problems(
        hard_time_limit=hard,
        soft_time_limit=SOFT,
        visibility_timeout=visibility,
        stale_minutes=stale_minutes,
    )


def test_the_defaults_are_consistent(settings):
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert (
        celery_redelivery_problems(
            hard_time_limit=settings.REPORT_PUBLISH_HARD_TIME_LIMIT,
            soft_time_limit=settings.REPORT_PUBLISH_TIME_LIMIT,
            visibility_timeout=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
            stale_minutes=settings.PUBLICATION_JOB_STALE_MINUTES,
        )
        == []
    )


def test_a_visibility_timeout_must_exceed_the_hard_time_limit():
    assert problems(visibility=HARD + 1) == []
    assert problems(visibility=HARD) == [
        ERROR_VISIBILITY_TOO_SHORT.format(visibility=HARD, hard=HARD)
    ]


def test_a_job_must_not_go_stale_while_its_tasks_can_come_back():
    # 1200 s + 360 s = 26 minutes: 27 minutes is enough, 26 is not.
    assert problems(stale_minutes=27) == []
    assert problems(stale_minutes=26) == [ERROR_STALE_TOO_SHORT.format(minutes=26, seconds=1560)]


def test_the_hard_time_limit_must_exceed_the_soft_one():
    assert problems(hard=SOFT + 1) == []
    assert problems(hard=SOFT) == [ERROR_HARD_LIMIT_BELOW_SOFT.format(hard=SOFT, soft=SOFT)]


def test_a_start_with_a_too_short_visibility_timeout_is_refused_in_thai():
    result = manage("check", DEBUG="true", CELERY_BROKER_VISIBILITY_TIMEOUT=str(HARD))
    assert result.returncode != 0
    assert ERROR_VISIBILITY_TOO_SHORT.format(visibility=HARD, hard=HARD) in result.stderr


@pytest.fixture
def silent_redis():
    """A server that accepts connections (the kernel does) and never answers a command."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/12"


def test_queuing_a_job_on_a_redis_that_never_answers_gives_up(silent_redis):
    # What a web request does when an administrator starts a year (reports.tasks.enqueue_job).
    # Without timeouts the process waits for ever (here: until manage()'s 120 s deadline).
    result = manage(
        "shell",
        "-c",
        "from reports.tasks import publish_year; publish_year.delay(0)",
        DEBUG="true",
        CELERY_BROKER_URL=silent_redis,
        CELERY_REDIS_SOCKET_TIMEOUT="1",
        CELERY_REDIS_SOCKET_CONNECT_TIMEOUT="1",
    )
    assert result.returncode != 0
    assert "OperationalError" in result.stderr
