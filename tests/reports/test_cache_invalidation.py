"""Writes bump the public pages' generations once per transaction, at its commit, by the
agency paths the models declare (reports/cache_invalidation.py, issue 23)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Agency, IndicatorScore, Unit
from ita_portal.lib import public_cache
from ita_portal.lib.public_cache import HIT_HEADER
from reports import cache_invalidation
from tests.reports.test_public_cache import committed

# The cache is on: each test commits what it writes (`committed`).
PUBLIC_PAGE_CACHE_TESTED = True
pytestmark = pytest.mark.django_db


@pytest.fixture
def writes(monkeypatch):
    """Every generation written to the cache (an increment, or a first value), by scope."""
    seen: list[str] = []
    for name in ("add", "incr"):
        original = getattr(cache, name)

        def counted(key, *args, _original=original, _name=name, **kwargs):
            written = _original(key, *args, **kwargs)
            if key.startswith("public:gen:") and (_name == "incr" or written):
                seen.append(key.removeprefix("public:gen:"))
            return written

        monkeypatch.setattr(cache, name, counted)
    return seen


def _scores(assessment) -> list[IndicatorScore]:
    """Rows loaded afresh: their assessment (the first hop to the agency) is not loaded."""
    return list(IndicatorScore.objects.filter(assessment=assessment).order_by("pk"))


def _save(rows) -> None:
    with transaction.atomic():
        for row in rows:
            row.narrative = row.narrative + " (แก้ไข)"
            row.save()


def test_a_bulk_save_bumps_its_agencys_generation_once_at_the_commit(seed_assessment, writes):
    rows = _scores(seed_assessment)
    assert len(rows) >= 5
    with committed():
        pass  # the fixtures' own writes
    writes.clear()
    with committed():
        _save(rows)
        assert writes == []  # nothing before the commit
    assert writes == [public_cache.agency_scope(seed_assessment.agency.code)]


def test_a_rolled_back_save_bumps_nothing(seed_assessment, writes):
    with committed():
        pass
    writes.clear()
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            _save(_scores(seed_assessment))
            raise RuntimeError("rolled back")
    assert writes == []


def test_a_save_under_one_agency_leaves_anothers_pages_cached(
    demo_published, seed_assessment, anonymous_client, writes
):
    from reports.models import ReportPublication

    other = ReportPublication.objects.filter(unpublished_at__isnull=True).first()
    assert other is not None and other.agency_id != seed_assessment.agency_id
    with committed():
        pass
    url = reverse("reports:report", args=[other.agency.code, other.fiscal_year])
    anonymous_client.get(url)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    writes.clear()
    with committed():
        _save(_scores(seed_assessment))
    assert writes == [public_cache.agency_scope(seed_assessment.agency.code)]
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    # The same save under the other agency renders its page again.
    with committed():
        Unit.objects.create(agency_id=other.agency_id, name="กลุ่มงานทดสอบ")
    assert anonymous_client.get(url)[HIT_HEADER] == "miss"


def _statements(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _saving(rows) -> int:
    with CaptureQueriesContext(connection) as saving:
        with transaction.atomic():
            for row in rows:
                row.save(update_fields=["narrative"])
    return len(_statements(saving))


@pytest.mark.parametrize("count", [1, 5])
def test_a_save_costs_no_query_for_the_cache_and_the_commit_one_in_all(seed_assessment, count):
    rows = _scores(seed_assessment)[:count]
    with committed():
        pass
    uid = "public-cache-assessments.indicatorscore-save"
    post_save.disconnect(sender=IndicatorScore, dispatch_uid=uid)
    try:
        without = _saving(_scores(seed_assessment)[:count])
    finally:
        post_save.connect(cache_invalidation._changed, sender=IndicatorScore, dispatch_uid=uid)
    with committed():
        pass
    # score → assessment → agency is followed without a query at the save ...
    assert _saving(rows) == without
    with CaptureQueriesContext(connection) as committing:
        with committed():
            pass
    # ... and the agencies of every row of the transaction are read at the commit, in one query.
    assert len(_statements(committing)) == 1


def test_every_watched_model_declares_its_way_to_its_agency():
    assert cache_invalidation.undeclared_models() == []
    for label, path in cache_invalidation.AGENCY_PATHS.items():
        model = apps.get_model(label)
        for part in path.split("__"):
            model = model._meta.get_field(part).related_model
        assert model is Agency, label
