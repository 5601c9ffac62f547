"""Two "attach the follow-up report" requests at once add one file (issue 24; PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from oit.models import Evidence, EvidenceFile
from reports import follow_up
from tests.reports.conftest import fake_pdf

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SELECT ... FOR UPDATE)")


def _attach_at_once(user, assessment, count: int) -> list[str]:
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def run() -> None:
        try:
            start.wait()
            attached = follow_up.follow_up_attach(
                user=user, assessment=assessment, today=dt.date(2020, 4, 1)
            )
            outcomes.append("added" if attached.added else "already")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("evidence_exists", [True, False])
def test_two_attaches_at_once_add_one_file(
    postgres, demo, seed_assessment, monkeypatch, evidence_exists
):
    # One fixed rendering (and no two WeasyPrint renderings in one process at once).
    monkeypatch.setattr(follow_up, "follow_up_pdf", lambda *a, **k: fake_pdf("follow-up"))
    if not evidence_exists:
        Evidence.objects.filter(item__role="follow_up").delete()
    outcomes = _attach_at_once(demo.users["demo-staff"], seed_assessment, 3)
    assert outcomes == ["added", "already", "already"]
    assert EvidenceFile.objects.count() == 1
