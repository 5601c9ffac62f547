# Data: the five issuers the portal starts with, and every framework it had so far becomes the
# NACC's (the portal knew only the NACC's lists). Reversible: the frameworks lose their issuer
# and the seeded issuers without frameworks are removed.

from django.db import migrations

# Frozen here (fixtures/frameworks.json lists the same issuers for new installs).
ISSUERS = [
    ("nacc", "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ", "ป.ป.ช."),
    ("obec-esa", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (สำนักงานเขตพื้นที่การศึกษา)", "สพฐ. เขตพื้นที่"),
    ("obec-school", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน (สถานศึกษา)", "สพฐ. สถานศึกษา"),
    ("ovec", "สำนักงานคณะกรรมการการอาชีวศึกษา", "สอศ."),
    ("moph", "กระทรวงสาธารณสุข (MOIT)", "สธ."),
]


def seed_issuers_and_assign_frameworks(apps, schema_editor):
    Issuer = apps.get_model("indicators", "Issuer")
    Framework = apps.get_model("indicators", "Framework")
    for code, name, short_name in ISSUERS:
        Issuer.objects.get_or_create(code=code, defaults={"name": name, "short_name": short_name})
    Framework.objects.filter(issuer__isnull=True).update(issuer=Issuer.objects.get(code="nacc"))


def unassign_frameworks_and_remove_issuers(apps, schema_editor):
    Issuer = apps.get_model("indicators", "Issuer")
    Framework = apps.get_model("indicators", "Framework")
    Framework.objects.update(issuer=None)
    Issuer.objects.filter(code__in=[code for code, _, _ in ISSUERS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0008_issuers_and_item_roles"),
    ]

    operations = [
        migrations.RunPython(seed_issuers_and_assign_frameworks, unassign_frameworks_and_remove_issuers),
    ]
