# Data: roles the shipped titles make plain, for databases that installed the ๒๕๖๙/๒๕๗๐ lists
# before fixtures/frameworks.json carried them (the loader never touches an installed year).
# NACC ๒๕๖๙ and ๒๕๗๐: O13 the HR plan, O14 the HR report (a plan/report pair). OVEC ๒๕๖๙: O11
# the yearly procurement report, O19 the complaint statistics. An item whose title or role an
# administrator has changed is left alone. Reversible: the roles set here are cleared again.

from django.db import migrations

# Frozen here: (issuer code, fiscal year, item code, title as shipped) → role.
ROLES = {
    ("nacc", 2569, "O13", "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล"): "hr_plan",
    ("nacc", 2569, "O14", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล"): "hr_report",
    ("nacc", 2570, "O13", "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล"): "hr_plan",
    ("nacc", 2570, "O14", "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล"): "hr_report",
    ("ovec", 2569, "O11", "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"): "procurement_summary",
    ("ovec", 2569, "O19", "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"): "complaint_statistics",
}


def _items(apps, key):
    issuer, year, code, name = key
    OITItem = apps.get_model("indicators", "OITItem")
    return OITItem.objects.filter(
        framework__issuer__code=issuer, framework__fiscal_year=year, code=code, name=name
    )


def set_roles(apps, schema_editor):
    for key, role in ROLES.items():
        _items(apps, key).filter(role="").update(role=role)


def clear_roles(apps, schema_editor):
    for key, role in ROLES.items():
        _items(apps, key).filter(role=role).update(role="")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0014_item_crosswalk"),
    ]

    operations = [
        migrations.RunPython(set_roles, clear_roles),
    ]
