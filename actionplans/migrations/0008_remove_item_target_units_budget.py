"""The row-level target, units and budget are gone: each activity carries its own (schema)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('actionplans', '0007_copy_item_target_units_budget_to_activities'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='planitem',
            name='planitem_budget_gte_0',
        ),
        migrations.RemoveField(
            model_name='planitem',
            name='budget',
        ),
        migrations.RemoveField(
            model_name='planitem',
            name='target',
        ),
        migrations.RemoveField(
            model_name='planitem',
            name='units',
        ),
    ]
