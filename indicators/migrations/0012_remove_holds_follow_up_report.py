# Schema: the follow-up flag is replaced by the role "follow_up" (0011 copied it).

from django.db import migrations


# Contract (docs/deploy.md 2.3): the previous release reads and writes this column: run with the
# maintenance switch on.
RELEASE_PHASE = "contract"


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0011_item_roles_from_follow_up_flag"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="oititem",
            name="oititem_one_follow_up_item_per_framework",
        ),
        migrations.RemoveField(
            model_name="oititem",
            name="holds_follow_up_report",
        ),
    ]
