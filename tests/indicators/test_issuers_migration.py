"""indicators 0008–0012 and assessments 0012–0013 on an installed database: nothing is lost.

The database is put back at indicators 0007 / assessments 0011 (one framework per year, the
follow-up flag) holding the demo agency's years, then migrated forward.
"""

from __future__ import annotations

import pytest

from tests.migrating import leaf_nodes, migrate_to

BEFORE = [
    ("indicators", "0007_oit_item_holds_follow_up_report"),
    ("assessments", "0011_own_due_dates"),
]


def snapshot(apps) -> dict:
    """What must survive: every score, every assessment's official figures, the year's items."""
    IndicatorScore = apps.get_model("assessments", "IndicatorScore")
    Assessment = apps.get_model("assessments", "Assessment")
    OITItem = apps.get_model("indicators", "OITItem")
    return {
        "scores": sorted(
            IndicatorScore.objects.values_list(
                "assessment__agency__code",
                "assessment__framework__fiscal_year",
                "indicator__number",
                "score",
                "narrative",
            )
        ),
        "assessments": sorted(
            Assessment.objects.values_list(
                "agency__code", "framework__fiscal_year", "framework_id", "official_total", "status"
            )
        ),
        "items": sorted(
            OITItem.objects.values_list("framework__fiscal_year", "code", "name", "retired")
        ),
    }


def seed_report_html(assessment_pk: int) -> str:
    from assessments.models import Assessment
    from reports.report.builder import build_report, render_report_html

    assessment = Assessment.objects.get(pk=assessment_pk)
    return render_report_html(build_report(assessment), mode="pdf", draft=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_frameworks_become_the_naccs_agencies_follow_it_and_roles_replace_the_flag(
    demo, seed_assessment, back_to_latest
):
    report_before = seed_report_html(seed_assessment.pk)
    old = migrate_to(BEFORE)
    before = snapshot(old)
    flagged = set(
        old.get_model("indicators", "OITItem")
        .objects.filter(holds_follow_up_report=True)
        .values_list("framework__fiscal_year", "code")
    )
    # An agency with no assessment yet follows the NACC from the earliest framework's year.
    old.get_model("assessments", "Agency").objects.create(code="no-results-yet", name="ยังไม่มีผล")

    new = migrate_to(leaf_nodes())

    assert snapshot(new) == before
    Framework = new.get_model("indicators", "Framework")
    OITItem = new.get_model("indicators", "OITItem")
    AgencyIssuer = new.get_model("assessments", "AgencyIssuer")
    assert set(Framework.objects.values_list("issuer__code", flat=True)) == {"nacc"}
    assert (
        set(OITItem.objects.filter(role="follow_up").values_list("framework__fiscal_year", "code"))
        == flagged
    )
    assert dict(
        OITItem.objects.filter(role="analysis").values_list("framework__fiscal_year", "code")
    ) == {year: "O32" if year >= 2567 else "O42" for year in range(2562, 2569)}
    history = dict(AgencyIssuer.objects.values_list("agency__code", "from_fiscal_year"))
    assert history["pathumthani-2"] == 2562  # the seed ESA, assessed from 2562
    assert history["no-results-yet"] == 2562
    assert set(AgencyIssuer.objects.values_list("issuer__code", flat=True)) == {"nacc"}
    assert len(history) == new.get_model("assessments", "Agency").objects.count()
    # The seed ESA's 2562 report, its figures included, reads the same after the migration.
    report_after = seed_report_html(seed_assessment.pk)
    assert report_after == report_before
    assert "๘๙.๐๗" in report_after


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_going_back_restores_the_follow_up_flag_and_one_framework_per_year(demo, back_to_latest):
    old = migrate_to(BEFORE)
    OITItem = old.get_model("indicators", "OITItem")
    assert dict(
        OITItem.objects.filter(holds_follow_up_report=True).values_list(
            "framework__fiscal_year", "code"
        )
    ) == {year: "O33" if year >= 2567 else "O43" for year in range(2562, 2569)}
    assert (
        old.get_model("assessments", "IndicatorScore").objects.filter(score__isnull=False).exists()
    )
