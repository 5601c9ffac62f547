"""Each activity takes its row's target, units and budget, so nothing is lost (data).

A row's target and units were shared by its activities: every activity gets them (the report
merges equal neighbouring cells, so a shared target still prints once). The first unit in the
agency's order becomes the lead; a row naming every unit becomes "lead และทุกกลุ่ม/หน่วย", as
the report printed it. The budget goes to the row's first activity only (it is a sum). A row
without activities gets one, so its target and units survive.
"""

from django.db import migrations

PLACEHOLDER_ACTIVITY = "(ยังไม่ระบุกิจกรรม)"


def copy_to_activities(apps, schema_editor):
    PlanItem = apps.get_model("actionplans", "PlanItem")
    PlanActivity = apps.get_model("actionplans", "PlanActivity")
    Unit = apps.get_model("assessments", "Unit")
    unit_counts: dict[int, int] = {}
    for item in PlanItem.objects.select_related("plan__assessment").prefetch_related("units"):
        agency_id = item.plan.assessment.agency_id
        if agency_id not in unit_counts:
            unit_counts[agency_id] = Unit.objects.filter(agency_id=agency_id).count()
        units = sorted(item.units.all(), key=lambda u: (u.order, u.name))
        every = len(units) > 1 and len(units) == unit_counts[agency_id]
        activities = list(PlanActivity.objects.filter(item=item).order_by("order", "id"))
        if not activities and (item.target or units or item.budget is not None):
            activities = [PlanActivity.objects.create(item=item, order=1, text=PLACEHOLDER_ACTIVITY)]
        for position, activity in enumerate(activities):
            activity.target = item.target
            activity.lead_unit = units[0] if units else None
            activity.all_units = every
            activity.budget = item.budget if position == 0 else None
            activity.save()
            activity.units.set([] if every else units[1:])


def copy_back(apps, schema_editor):
    PlanItem = apps.get_model("actionplans", "PlanItem")
    for item in PlanItem.objects.prefetch_related("activities__units", "activities__lead_unit"):
        targets: list[str] = []
        units = []
        budget = None
        for activity in item.activities.all():
            for line in activity.target.splitlines():
                if line.strip() and line.strip() not in targets:
                    targets.append(line.strip())
            units += [activity.lead_unit] if activity.lead_unit else []
            units += list(activity.units.all())
            if activity.budget is not None:
                budget = (budget or 0) + activity.budget
        item.target = "\n".join(targets)
        item.budget = budget
        item.save()
        item.units.set({u.pk for u in units})


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0006_activities_carry_target_units_budget"),
    ]

    operations = [migrations.RunPython(copy_to_activities, copy_back)]
