"""Migration 0004 turns the old text lines into O-items and corrects only the untouched later years."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from indicators.migrations._oit_lists_0004 import LEGACY

BEFORE = [("indicators", "0003_oit_items_and_verification")]
EDITED_LINE = "O44 ข้อที่ผู้ดูแลระบบเพิ่มเอง"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def give_every_year_the_old_text(old_apps) -> None:
    """The database as it was before O-items: every year a copy of the 2562 lines."""
    SubIndicator = old_apps.get_model("indicators", "SubIndicator")
    lines = {code: (name, "\n".join(items)) for code, name, items in LEGACY}
    for sub in SubIndicator.objects.all():
        sub.name, sub.items = lines[sub.code]
        sub.save()
    edited = SubIndicator.objects.get(indicator__framework__fiscal_year=2567, code="10.2")
    edited.items += "\n" + EDITED_LINE
    edited.save()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_text_lines_become_items_and_untouched_2566_plus_lists_are_corrected():
    old_apps = migrate(BEFORE)
    give_every_year_the_old_text(old_apps)
    old_apps.get_model("indicators", "Framework").objects.update(items_note="", oit_due_date=None)

    new_apps = migrate(leaf_nodes())

    OITItem = new_apps.get_model("indicators", "OITItem")
    Framework = new_apps.get_model("indicators", "Framework")

    def codes(year):
        return list(
            OITItem.objects.filter(framework__fiscal_year=year)
            .order_by("order")
            .values_list("code", flat=True)
        )

    assert codes(2562) == [f"O{n}" for n in range(1, 44)]
    assert OITItem.objects.get(framework__fiscal_year=2562, code="O8").name == "Q&A"
    # 2566 and 2568 were untouched copies: they get the lists known for them.
    assert codes(2566) == [f"O{n}" for n in range(1, 44)]
    assert "No Gift Policy" in OITItem.objects.get(framework__fiscal_year=2566, code="O31").name
    assert codes(2568) == [f"O{n}" for n in range(1, 34)]
    # 2567 had been edited by an administrator: its own lines stay, the extra one included.
    assert codes(2567) == [f"O{n}" for n in range(1, 45)]
    assert OITItem.objects.get(framework__fiscal_year=2567, code="O44").name == (
        "ข้อที่ผู้ดูแลระบบเพิ่มเอง"
    )
    assert Framework.objects.get(fiscal_year=2567).items_note == ""
    assert "สถานศึกษา" in Framework.objects.get(fiscal_year=2566).items_note
    assert str(Framework.objects.get(fiscal_year=2565).oit_due_date) == "2022-04-30"
    assert not Framework.objects.filter(items_verified_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_going_back_rebuilds_the_text_lines_from_the_items():
    old_apps = migrate(BEFORE)
    SubIndicator = old_apps.get_model("indicators", "SubIndicator")
    sub = SubIndicator.objects.get(indicator__framework__fiscal_year=2562, code="10.2")
    assert sub.items.splitlines() == [
        "O42 มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "O43 การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ]
    assert not old_apps.get_model("indicators", "OITItem").objects.exists()
    migrate(leaf_nodes())
