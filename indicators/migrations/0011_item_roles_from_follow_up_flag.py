# Data: the follow-up flag becomes the role "follow_up", and the measures item of each list
# that has one (O42 of the 43-item lists, O32 of the 33-item lists) gets the role "analysis".
# Reversible: the flag is set again from the role.

from django.db import migrations

# Frozen here: the name of the measures item in every list the portal has shipped.
ANALYSIS_ITEM_NAME = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def roles_from_flag_and_names(apps, schema_editor):
    OITItem = apps.get_model("indicators", "OITItem")
    Framework = apps.get_model("indicators", "Framework")
    OITItem.objects.filter(holds_follow_up_report=True).update(role="follow_up")
    for framework in Framework.objects.all():
        item = (
            OITItem.objects.filter(framework=framework, role="", name=ANALYSIS_ITEM_NAME)
            .order_by("order", "id")
            .first()
        )
        if item is not None:
            OITItem.objects.filter(pk=item.pk).update(role="analysis")


def flag_from_roles(apps, schema_editor):
    OITItem = apps.get_model("indicators", "OITItem")
    OITItem.objects.filter(role="follow_up").update(holds_follow_up_report=True)
    OITItem.objects.filter(role__in=["follow_up", "analysis"]).update(role="")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0010_framework_unique_per_issuer_year"),
    ]

    operations = [
        migrations.RunPython(roles_from_flag_and_names, flag_from_roles),
    ]
