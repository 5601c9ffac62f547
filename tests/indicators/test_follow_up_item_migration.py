"""Migration indicators 0007 marks each year's follow-up item in a database that has the years."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to

BEFORE = [("indicators", "0006_year_calendar")]
AFTER = [("indicators", "0007_oit_item_holds_follow_up_report")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_the_follow_up_item_of_every_installed_year_is_marked(back_to_latest):
    migrate_to(BEFORE)
    new = migrate_to(AFTER)
    OITItem = new.get_model("indicators", "OITItem")
    marked = dict(
        OITItem.objects.filter(holds_follow_up_report=True).values_list(
            "framework__fiscal_year", "code"
        )
    )
    years = set(OITItem.objects.values_list("framework__fiscal_year", flat=True))
    assert marked == {year: "O33" if year >= 2567 else "O43" for year in years}
    assert len(years) >= 7
