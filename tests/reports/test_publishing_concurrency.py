"""Two approvers publishing at once make one version; two administrators one bulk job (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections

from assessments.models import Role
from assessments.services import membership_grant
from reports import publishing
from reports.models import PublicationJob, ReportPublication

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("media_root", "fast_pdf")]


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE)")


def at_once(actions: list[Callable[[], object]]) -> list[str]:
    """Run the actions in threads released together; each outcome is a class name."""
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            start.wait()
            outcomes.append(type(action()).__name__)
        except ValidationError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_approvers_publishing_at_once_make_one_version(postgres, demo, approved_plan):
    first = demo.users["demo-approver"]
    second = get_user_model().objects.create_user("approver-2", "a2@example.invalid")
    membership_grant(user=second, agency=approved_plan.agency, role=Role.APPROVER)

    outcomes = at_once(
        [
            lambda user=user: publishing.report_publish(assessment=approved_plan, user=user)
            for user in (first, second, first)
        ]
    )

    assert outcomes == ["ReportPublication", "ReportUnchanged", "ReportUnchanged"]
    versions = ReportPublication.objects.filter(assessment=approved_plan)
    assert versions.count() == 1
    assert versions.values("sha256").distinct().count() == 1


def test_two_administrators_starting_a_year_at_once_make_one_job(
    postgres, demo, approved_plan, django_user_model
):
    admins = [
        django_user_model.objects.create_superuser(f"admin-{n}", f"a{n}@example.invalid")
        for n in (1, 2)
    ]
    outcomes = at_once(
        [
            lambda user=user: publishing.publication_job_create(
                fiscal_year=approved_plan.fiscal_year, user=user
            )
            for user in admins
        ]
    )
    assert outcomes == ["PublicationJob", "ValidationError"]
    assert PublicationJob.objects.count() == 1
