"""The five roles of an OBEC committee order; administrators add more in the admin."""

from django.db import migrations

ROLES = [
    "ประธานกรรมการ",
    "รองประธานกรรมการ",
    "กรรมการ",
    "กรรมการและเลขานุการ",
    "กรรมการและผู้ช่วยเลขานุการ",
]


def add_roles(apps, schema_editor):
    CommitteeRole = apps.get_model("committees", "CommitteeRole")
    for order, name in enumerate(ROLES, start=1):
        CommitteeRole.objects.get_or_create(name=name, defaults={"order": order})


def remove_roles(apps, schema_editor):
    CommitteeRole = apps.get_model("committees", "CommitteeRole")
    CommitteeRole.objects.filter(name__in=ROLES, members__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_orders_members_meetings_photos")]

    operations = [migrations.RunPython(add_roles, remove_roles)]
