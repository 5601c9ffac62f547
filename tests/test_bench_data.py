"""The benches build their data with today's models (bench (a) had kept a field the plan rows
lost, and failed only when someone ran it)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load_bench(name: str, monkeypatch):
    # The bench sets its Celery and media settings in os.environ at import: keep them there.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_bench_a_gives_its_agencies_approved_plans_with_activities(monkeypatch, seed_assessment):
    from actionplans.models import ActionPlan, PlanActivity
    from assessments.models import Agency, Assessment, IndicatorScore

    for n in (1, 2):
        agency = Agency.objects.create(code=f"bench-0000{n}", name=f"หน่วยงานทดสอบ {n}")
        copy = Assessment.objects.create(agency=agency, framework=seed_assessment.framework)
        IndicatorScore.objects.bulk_create(
            IndicatorScore(assessment=copy, indicator_id=s.indicator_id, score=s.score)
            for s in seed_assessment.scores.all()
        )
    bench = _load_bench("bench_publish_throughput", monkeypatch)

    chosen = bench.chosen_assessments(seed_assessment.fiscal_year)

    assert [a.agency.code for a in chosen] == ["bench-00001", "bench-00002"]
    plans = ActionPlan.objects.filter(assessment__in=chosen, status=ActionPlan.Status.APPROVED)
    assert plans.count() == 2
    activities = PlanActivity.objects.filter(item__plan__in=plans)
    assert activities.count() == 2 * 3 * 2 and all(a.target for a in activities)
    # Publishing accepts them: a foreword and every weak indicator's development issues.
    from reports.publishing import publishable_content

    for assessment in chosen:
        assessment.refresh_from_db()
        assert publishable_content(assessment).pdf_html


def test_the_import_limits_bench_gives_start_up_a_key_it_accepts(monkeypatch, tmp_path):
    from ita_portal.lib.env import secret_key_is_weak

    bench = _load_bench("bench_import_limits", monkeypatch)
    environment = bench.bench_environment(tmp_path)
    assert not secret_key_is_weak(environment["SECRET_KEY"])
