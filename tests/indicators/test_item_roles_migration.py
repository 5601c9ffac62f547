"""Migration indicators 0015 gives a database that installed ๒๕๖๙/๒๕๗๐ before the roles were
shipped the HR pair (NACC) and OVEC's procurement and complaint roles, and leaves edited items."""

from __future__ import annotations

import pytest

from tests.migrating import migrate_to

BEFORE = [("indicators", "0014_item_crosswalk")]
AFTER = [("indicators", "0015_hr_pair_and_ovec_item_roles")]
SET_HERE = {
    ("nacc", 2569, "O13"): "hr_plan",
    ("nacc", 2569, "O14"): "hr_report",
    ("nacc", 2570, "O13"): "hr_plan",
    ("nacc", 2570, "O14"): "hr_report",
    ("ovec", 2569, "O11"): "procurement_summary",
    ("ovec", 2569, "O19"): "complaint_statistics",
}


def roles(apps) -> dict[tuple[str, int, str], str]:
    OITItem = apps.get_model("indicators", "OITItem")
    rows = OITItem.objects.filter(framework__fiscal_year__gte=2569).values_list(
        "framework__issuer__code", "framework__fiscal_year", "code", "role"
    )
    return {(issuer, year, code): role for issuer, year, code, role in rows if role}


@pytest.mark.django_db(transaction=True)
def test_an_installed_database_gets_the_roles_and_an_edited_item_is_left(back_to_latest):
    old = migrate_to(BEFORE)  # going back clears the six roles, as a database installed before
    OITItem = old.get_model("indicators", "OITItem")
    before = roles(old)
    assert not set(before) & set(SET_HERE)
    # An administrator renamed ๒๕๗๐'s O14 after its manual: its role is theirs to set.
    OITItem.objects.filter(
        framework__issuer__code="nacc", framework__fiscal_year=2570, code="O14"
    ).update(name="รายงานผลการบริหารทรัพยากรบุคคล (ชื่อตามคู่มือ)")

    new = migrate_to(AFTER)

    expected = {**before, **SET_HERE}
    expected.pop(("nacc", 2570, "O14"))
    assert roles(new) == expected
