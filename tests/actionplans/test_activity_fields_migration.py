"""Moving target, units and budget from plan rows to their activities loses nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.migrating import migrate_to

BEFORE = [
    ("actionplans", "0005_record_last_editors_as_plan_changes"),
    ("assessments", "0007_lock_version"),
]
AFTER = [
    ("actionplans", "0008_remove_item_target_units_budget"),
    ("assessments", "0007_lock_version"),
]


def _old_row(old, *, unit_names: list[str], activities: list[str]):
    agency = old.get_model("assessments", "Agency").objects.create(code="mig", name="ทดสอบ")
    Unit = old.get_model("assessments", "Unit")
    units = [Unit.objects.create(agency=agency, name=n, order=i) for i, n in enumerate(unit_names)]
    framework = old.get_model("indicators", "Framework").objects.get(fiscal_year=2562)
    assessment = old.get_model("assessments", "Assessment").objects.create(
        agency=agency, framework=framework
    )
    plan = old.get_model("actionplans", "ActionPlan").objects.create(assessment=assessment)
    item = old.get_model("actionplans", "PlanItem").objects.create(
        plan=plan,
        indicator=framework.indicators.get(number=10),
        target="ผลหนึ่ง\nผลสอง",
        budget=Decimal("5000"),
    )
    item.units.set(units)
    for order, text in enumerate(activities, start=1):
        old.get_model("actionplans", "PlanActivity").objects.create(
            item=item, order=order, text=text
        )
    return item


@pytest.mark.django_db(transaction=True)
def test_every_activity_takes_its_rows_target_and_units_and_the_first_its_budget(back_to_latest):
    old = migrate_to(BEFORE)
    item = _old_row(old, unit_names=["ก", "ข", "ค"], activities=["หนึ่ง", "สอง"])
    new = migrate_to(AFTER)
    activities = list(
        new.get_model("actionplans", "PlanActivity")
        .objects.filter(item_id=item.pk)
        .order_by("order")
    )
    assert [a.target for a in activities] == ["ผลหนึ่ง\nผลสอง"] * 2
    assert [a.budget for a in activities] == [Decimal("5000.00"), None]
    # Every unit of the agency: the first as lead, then "ทุกกลุ่ม/หน่วย" as the report printed it.
    assert all(a.lead_unit.name == "ก" and a.all_units for a in activities)
    assert all(not a.units.exists() for a in activities)
