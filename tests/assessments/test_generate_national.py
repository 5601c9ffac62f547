"""generate_national makes a realistic synthetic country, the same for the same seed."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from assessments import synthetic
from assessments.models import Agency, Assessment, IndicatorScore, ResultFigures


def snapshot() -> list:
    return list(
        IndicatorScore.objects.order_by(
            "assessment__agency__code", "assessment__framework__fiscal_year", "indicator__number"
        ).values_list(
            "assessment__agency__code",
            "assessment__framework__fiscal_year",
            "indicator__number",
            "score",
        )
    )


def test_the_national_cohorts_add_up_to_8317_with_the_225_esas():
    sizes = {c.code: n for c, n in synthetic.cohort_sizes(8317)}
    assert sum(sizes.values()) == 8317
    assert sizes["esa"] == 225
    assert sizes["sao"] > sizes["municipality"] > 1000


def test_small_runs_keep_every_cohort_and_the_count():
    assert sum(n for _, n in synthetic.cohort_sizes(300)) == 300


def test_the_same_seed_gives_the_same_data_and_a_rerun_adds_nothing(db):
    out = io.StringIO()
    call_command(
        "generate_national", "--agencies", "120", "--years", "2566-2567", "--seed", "7", stdout=out
    )
    assert Agency.objects.count() == 120
    # bulk_create skips save(): every agency still gets its own place in the hierarchy.
    assert all(path == f"/{pk}/" for pk, path in Agency.objects.values_list("pk", "tree_path"))
    assert Assessment.objects.filter(status="published").count() == 240
    assert ResultFigures.objects.filter(total__isnull=False).count() == 240
    first = snapshot()
    call_command(
        "generate_national", "--agencies", "120", "--years", "2566-2567", "--seed", "7", stdout=out
    )
    assert snapshot() == first
    Assessment.objects.all().delete()
    call_command(
        "generate_national", "--agencies", "120", "--years", "2566-2567", "--seed", "7", stdout=out
    )
    assert snapshot() == first
    # Official totals are within a hundredth of the totals recomputed from the indicators.
    for total, official in ResultFigures.objects.values_list("total", "assessment__official_total"):
        assert abs(total - official) <= Decimal("0.01")


def test_a_bad_year_range_or_a_year_without_framework_is_refused(db):
    with pytest.raises(CommandError):
        call_command("generate_national", "--years", "2568-2562")
    with pytest.raises(CommandError):
        call_command("generate_national", "--years", "2550")


def test_the_supervised_tree_puts_the_schools_under_their_esa_under_obec(db):
    out = io.StringIO()
    args = ["--agencies", "20", "--years", "2567-2568", "--seed", "7", "--obec-esas", "3"]
    call_command("generate_national", *args, "--schools-per-esa", "4", stdout=out)
    obec = Agency.objects.get(code=synthetic.OBEC_CODE)
    esas = Agency.objects.filter(parent=obec)
    assert esas.count() == 3
    assert Agency.objects.filter(parent__in=esas).count() == 12
    school = Agency.objects.get(code="sup-esa-002-s04")
    assert school.parent.code == "sup-esa-002"
    assert school.tree_path == f"/{obec.pk}/{school.parent_id}/{school.pk}/"
    # Every member of the tree has a result in both years; the national count is untouched.
    assert Assessment.objects.filter(agency__tree_path__startswith=obec.tree_path).count() == 32
    assert Agency.objects.filter(code__regex=r"^[a-z-]+-[0-9]{5}$").count() == 20
    call_command("generate_national", *args, "--schools-per-esa", "4", stdout=out)
    assert Agency.objects.filter(parent__in=esas).count() == 12
