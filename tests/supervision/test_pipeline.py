"""The console's bulk reads say what the workspace says of each unit, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Assessment, IndicatorScore, OfficialToolPoints, ResultFigures
from assessments.results.figures import figures_refresh
from assessments.selectors import assessment_result_or_none, assessment_rules
from indicators.models import Framework
from reports.deadlines import deadlines_for
from reports.workspace import Viewer, steps_from_facts, year_facts
from supervision.pipeline import (
    earlier_of,
    earlier_results,
    facts_of,
    scored_assessments,
    steps_of,
)

from .factories import make_units

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2025, 10, 15), dt.date(2026, 2, 1), dt.date(2026, 9, 30)]


@pytest.fixture
def units_in_every_state(seed_assessment):
    Framework.objects.filter(pk=seed_assessment.framework_id).update(
        analysis_due=dt.date(2025, 11, 30),
        plan_due=dt.date(2025, 12, 31),
        publication_due=dt.date(2026, 1, 31),
        follow_up_q1_due=dt.date(2026, 1, 15),
        follow_up_q2_due=dt.date(2026, 4, 15),
    )
    return make_units(12, template=seed_assessment)


@pytest.mark.parametrize("today", DAYS)
def test_the_bulk_facts_equal_the_workspace_facts_of_every_assessment(units_in_every_state, today):
    assessments = Assessment.objects.all()
    bulk = facts_of(scored_assessments(assessments), today=today)
    assert len(bulk) == assessments.count() > 12
    for assessment in assessments:
        one = year_facts(assessment, today=today, deadlines=deadlines_for(assessment))
        assert bulk[assessment.pk] == one, assessment


def test_the_units_cover_every_fact_the_console_tells_apart(units_in_every_state):
    facts = facts_of(scored_assessments(Assessment.objects.all()), today=DAYS[1]).values()
    assert any(f.return_comment for f in facts)
    assert any(f.published_at for f in facts)
    assert any(f.previewed_at for f in facts)
    assert any(f.follow_up and f.follow_up.items for f in facts)
    assert any(f.oit_link_problems for f in facts)
    assert any(f.deadlines for f in facts)


def test_the_bulk_reads_cost_the_same_for_3_units_as_for_30(
    seed_assessment, django_assert_max_num_queries, django_assert_num_queries
):
    # The three cover what costs a query: a plan returned, one approved, a report published.
    make_units(
        3, template=seed_assessment, prefix="few", states=("returned", "approved", "published")
    )
    few = Assessment.objects.filter(agency__code__startswith="few-")
    with django_assert_max_num_queries(40) as small:
        facts_of(scored_assessments(few), today=DAYS[1])
    make_units(30, template=seed_assessment, prefix="many")
    many = Assessment.objects.filter(agency__code__startswith="many-")
    with django_assert_num_queries(len(small.captured_queries)):
        facts_of(scored_assessments(many), today=DAYS[1])


def test_the_scores_read_as_values_score_as_the_model_instances_do(units_in_every_state):
    """The console reads scores as plain values: the same results, problems and counts as the
    workspace's path through model instances (assessments.selectors), on every kind of unit."""
    IndicatorScore.objects.filter(assessment__agency__code="unit-001", indicator__number=2).update(
        score=None
    )  # scores missing: no result, the reason instead
    IndicatorScore.objects.filter(assessment__agency__code="unit-002").update(narrative="")
    Assessment.objects.filter(agency__code="unit-003").update(strength_threshold=95)
    announced = Assessment.objects.get(agency__code="unit-004")
    OfficialToolPoints.objects.create(  # as announced: the result reports these points
        assessment=announced, tool=announced.framework.tools.first(), points=Decimal("12.34")
    )
    fast = {s.assessment.pk: s for s in scored_assessments(Assessment.objects.all())}
    models = Assessment.objects.prefetch_related("scores__indicator", "official_tool_points__tool")
    assert len(fast) == len(models) > 12
    for assessment in models:
        result, problem = assessment_result_or_none(assessment, assessment_rules(assessment))
        scores = list(assessment.scores.all())
        one = fast[assessment.pk]
        assert (one.result, one.problem) == (result, problem or ""), assessment
        assert one.scores == {s.indicator.number: s.score for s in scores}
        assert one.entered == sum(1 for s in scores if s.score is not None)
        assert one.analysed == {s.indicator.number for s in scores if s.narrative != ""}
    assert any(s.result is None and s.problem for s in fast.values())
    assert any(s.result is not None for s in fast.values())
    assert Decimal("12.34") in {t.official_points for t in fast[announced.pk].result.tools}


def test_last_years_results_read_from_the_stored_figures_move_as_the_engine_says(
    units_in_every_state, seed_assessment
):
    year = Assessment.objects.filter(framework_id=seed_assessment.framework_id)
    IndicatorScore.objects.filter(assessment__agency__code="unit-001", indicator__number=2).update(
        score=None
    )  # scores missing: no result
    IndicatorScore.objects.filter(assessment__agency__code="unit-002").update(score=Decimal(50))
    figures_refresh(assessment_ids=year.values_list("pk", flat=True))
    # Changed after its figures were computed (stale), and one without figures: the engine's.
    stale = year.get(agency__code="unit-003")
    IndicatorScore.objects.filter(assessment=stale).update(score=Decimal(10))
    year.filter(pk=stale.pk).update(updated_at=timezone.now() + dt.timedelta(minutes=1))
    ResultFigures.objects.filter(assessment__agency__code="unit-004").delete()
    engine = {s.assessment.agency_id: earlier_of(s) for s in scored_assessments(year)}
    stored = earlier_results(year)
    assert stored == engine
    assert len(stored) == year.count() > 12
    assert engine[stale.agency_id].grade != ResultFigures.objects.get(assessment=stale).grade
    assert None in stored.values() and len(set(stored.values())) >= 3


def test_last_years_results_read_in_a_fixed_number_of_queries(
    units_in_every_state, seed_assessment, django_assert_num_queries
):
    year = Assessment.objects.filter(framework_id=seed_assessment.framework_id)
    figures_refresh(assessment_ids=year.values_list("pk", flat=True))
    with django_assert_num_queries(3):
        assert len(earlier_results(year)) > 12


@pytest.mark.parametrize("today", DAYS)
def test_the_facts_read_by_a_subquery_equal_those_read_by_ids(units_in_every_state, today):
    assessments = Assessment.objects.all()
    scored = scored_assessments(assessments)
    assert facts_of(scored, today=today, among=assessments) == facts_of(scored, today=today)


@pytest.mark.parametrize("today", DAYS)
def test_the_console_steps_are_the_workspace_steps_without_their_links(units_in_every_state, today):
    """The console shows no step's link, so none is made (with_actions=False): the steps are
    otherwise those of a staff viewer who may neither edit nor approve."""
    facts = facts_of(scored_assessments(Assessment.objects.all()), today=today).values()
    linked = 0
    for f in facts:
        workspace = steps_from_facts(f, Viewer(can_edit=False, can_approve=False), today=today)
        linked += sum(s.action is not None for s in workspace)
        assert steps_of(f, today=today) == tuple(replace(s, action=None) for s in workspace)
    assert linked  # the workspace's read-only viewer does have links: they are left out
