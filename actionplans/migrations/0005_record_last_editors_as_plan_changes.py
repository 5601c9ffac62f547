"""Plans in progress keep their four-eyes guard: the last editor recorded before PlanChange existed
becomes a change of the plan's current version (else that approver could approve it now)."""

from django.db import migrations


def record_last_editors(apps, schema_editor):
    ActionPlan = apps.get_model("actionplans", "ActionPlan")
    PlanChange = apps.get_model("actionplans", "PlanChange")
    plans = ActionPlan.objects.filter(
        status__in=["draft", "submitted"], last_edited_by__isnull=False
    ).exclude(changes__isnull=False)
    PlanChange.objects.bulk_create(
        PlanChange(
            plan_id=plan.pk,
            plan_version=plan.version,
            user_id=plan.last_edited_by_id,
            kind="plan",
            action="change",
            fields=[],
        )
        for plan in plans.only("pk", "version", "last_edited_by_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("actionplans", "0004_plan_changes"),
    ]

    operations = [
        # Reversing needs nothing: the rows go with the table when 0004 is reversed.
        migrations.RunPython(record_last_editors, migrations.RunPython.noop),
    ]
