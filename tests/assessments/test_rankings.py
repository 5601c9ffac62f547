"""Cohort rankings: competition ranks, cohort figures, official-rank warnings, the public page."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from assessments.imports.score_import import scores_import_file
from assessments.models import Assessment, Cohort
from assessments.results.rankings import agency_position, cohort_ranking, indicator_positions
from indicators.models import Framework
from indicators.scoring import WARNING_RANK
from tests.publishing_helpers import publish_results, withdraw_results

HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]


def import_cohort(rows, *, year=2563, cohort="test-cohort", publish=True):
    """Agencies whose ten indicators all equal one value, so their total is that value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADER, "rank", "cohort"])
    for code, name, value, rank in rows:
        writer.writerow([code, name, str(year), *[value] * 10, rank or "", cohort])
    scores_import_file(data=buffer.getvalue().encode(), filename="cohort.csv", create_agencies=True)
    if publish:
        publish_results(Assessment.objects.filter(agency__code__in=[r[0] for r in rows]))


@pytest.fixture
def tied_cohort(db):
    import_cohort(
        [
            ("agency-a", "หน่วยงาน ก", "90.00", 1),
            ("agency-b", "หน่วยงาน ข", "85.00", 2),
            ("agency-c", "หน่วยงาน ค", "85.00", 2),
            ("agency-d", "หน่วยงาน ง", "80.00", 3),  # officially 3rd: should be 4th
        ]
    )
    return Framework.objects.get(fiscal_year=2563), Cohort.objects.get(code="test-cohort")


def test_tied_totals_share_a_rank_and_the_next_rank_is_skipped(tied_cohort):
    framework, cohort = tied_cohort
    ranking = cohort_ranking(framework=framework, cohort=cohort)
    assert [(r.agency_code, r.rank) for r in ranking.rows] == [
        ("agency-a", 1),
        ("agency-b", 2),
        ("agency-c", 2),
        ("agency-d", 4),
    ]


def test_the_cohort_average_grade_counts_and_pass_rate(tied_cohort):
    framework, cohort = tied_cohort
    stats = cohort_ranking(framework=framework, cohort=cohort).stats
    assert stats.size == 4
    assert stats.average == Decimal("85.00")
    assert {g.code: g.count for g in stats.grades if g.count} == {"A": 3, "B": 1}
    assert stats.passed == 3
    assert stats.pass_rate == Decimal("75.00")


def test_an_official_rank_that_disagrees_is_a_warning(tied_cohort):
    framework, cohort = tied_cohort
    rows = {r.agency_code: r for r in cohort_ranking(framework=framework, cohort=cohort).rows}
    assert rows["agency-a"].warning is None
    assert rows["agency-c"].warning is None
    assert rows["agency-d"].warning == WARNING_RANK.format(official=3, computed=4)


def test_search_keeps_the_rank_in_the_whole_cohort(tied_cohort):
    framework, cohort = tied_cohort
    ranking = cohort_ranking(framework=framework, cohort=cohort, search="หน่วยงาน ง")
    assert [(r.agency_code, r.rank) for r in ranking.rows] == [("agency-d", 4)]


def test_search_ignores_digit_script_and_spacing(db):
    import_cohort(
        [("zone-2", "สพป.ทดสอบ เขต ๒", "90.00", 1), ("zone-3", "สพป.ทดสอบ เขต ๓", "80.00", 2)]
    )
    framework, cohort = (
        Framework.objects.get(fiscal_year=2563),
        Cohort.objects.get(code="test-cohort"),
    )
    ranking = cohort_ranking(framework=framework, cohort=cohort, search="สพป. ทดสอบ  เขต 2")
    assert [r.agency_code for r in ranking.rows] == ["zone-2"]


def test_sorting_by_name_and_pagination(tied_cohort):
    framework, cohort = tied_cohort
    ranking = cohort_ranking(framework=framework, cohort=cohort, sort="-name", per_page=3, page=2)
    assert [r.agency_code for r in ranking.rows] == ["agency-a"]
    assert ranking.page.paginator.num_pages == 2


def test_unpublished_results_are_not_ranked(tied_cohort):
    framework, cohort = tied_cohort
    withdraw_results(Assessment.objects.filter(agency__code="agency-a"))
    ranking = cohort_ranking(framework=framework, cohort=cohort)
    assert [r.agency_code for r in ranking.rows] == ["agency-b", "agency-c", "agency-d"]
    assert ranking.rows[0].rank == 1


def test_changed_scores_reach_the_public_ranking_only_when_published_again(tied_cohort):
    from assessments.imports.score_import import scores_import_file as again

    framework, cohort = tied_cohort
    agency_d = Assessment.objects.filter(agency__code="agency-d")
    agency_d.update(status=Assessment.Status.REOPENED)  # a published result is reopened first
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, ["agency-d", "ง", "2563", *["99.00"] * 10]])
    again(data=buffer.getvalue().encode(), filename="fix.csv")
    ranking = cohort_ranking(framework=framework, cohort=cohort)
    assert ranking.rows[0].agency_code == "agency-a"  # the published figures stand
    publish_results(agency_d)
    ranking = cohort_ranking(framework=framework, cohort=cohort)
    assert ranking.rows[0].agency_code == "agency-d"


def test_an_agency_sees_its_indicators_against_the_cohort_average(tied_cohort):
    assessment = Assessment.objects.get(agency__code="agency-a")
    positions = indicator_positions(assessment)
    assert [(p.number, p.score, p.cohort_average, p.difference) for p in positions][0] == (
        1,
        Decimal("90.00"),
        Decimal("85.00"),
        Decimal("5.00"),
    )
    position = agency_position(assessment)
    assert (position.rank, position.total, position.difference) == (
        1,
        Decimal("90.00"),
        Decimal("5.00"),
    )


def test_the_public_ranking_page_lists_the_cohort(tied_cohort, anonymous_client):
    response = anonymous_client.get("/ranking/2563/test-cohort/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "หน่วยงาน ก" in body
    assert WARNING_RANK.format(official=3, computed=4) in body


def test_the_ranking_page_of_an_unknown_or_unpublished_cohort_is_404(tied_cohort, anonymous_client):
    assert anonymous_client.get("/ranking/2563/nobody/").status_code == 404
    withdraw_results(Assessment.objects.all())
    assert anonymous_client.get("/ranking/2563/test-cohort/").status_code == 404
    assert anonymous_client.get("/ranking/2563/").status_code == 404


def test_the_ranking_pages_refuse_post(tied_cohort, anonymous_client):
    assert anonymous_client.post("/ranking/2563/test-cohort/").status_code == 405


def test_the_year_page_and_the_agency_page(tied_cohort, anonymous_client):
    response = anonymous_client.get("/ranking/2563/")
    assert response.status_code == 200
    assert "/ranking/2563/test-cohort/" in response.content.decode()
    response = anonymous_client.get("/ranking/2563/agency/agency-b/")
    assert response.status_code == 200
    assert "ลำดับที่ <strong>2</strong> จาก 4" in response.content.decode()
    withdraw_results(Assessment.objects.filter(agency__code="agency-b"))
    assert anonymous_client.get("/ranking/2563/agency/agency-b/").status_code == 404


@pytest.mark.parametrize("per_page", [25, 200])
def test_the_ranking_page_makes_the_same_queries_whatever_the_page_size(
    db, anonymous_client, django_assert_num_queries, per_page
):
    import_cohort(
        [(f"agency-{n:03d}", f"หน่วยงาน {n}", f"{60 + n / 10:.2f}", None) for n in range(260)]
    )
    # framework, cohort, grade bands, cohort totals, page rows (published figures: no
    # freshness check, a GET reads only), the issuers with results that year (the switcher)
    with django_assert_num_queries(6):
        response = anonymous_client.get(f"/ranking/2563/test-cohort/?per_page={per_page}&page=2")
    assert response.status_code == 200
    assert len(response.context["ranking"].rows) == min(per_page, 260 - per_page)
    # A search adds one COUNT of the matching agencies, still whatever the page size.
    with django_assert_num_queries(7):
        anonymous_client.get(f"/ranking/2563/test-cohort/?per_page={per_page}&q=1")
