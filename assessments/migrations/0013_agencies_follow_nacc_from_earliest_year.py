# Data: every agency the portal has follows the NACC from its earliest assessed year (or, if it
# has no assessment yet, from the earliest year with a framework): the frameworks it was assessed
# under so far are all the NACC's (indicators 0009). Reversible: the rows made here go.

from django.db import migrations
from django.db.models import Min

NOTE = "ตั้งต้นเมื่อเริ่มมีผู้ออกเกณฑ์: ทุกปีก่อนหน้าเป็นของ ป.ป.ช."


def agencies_follow_nacc(apps, schema_editor):
    Agency = apps.get_model("assessments", "Agency")
    AgencyIssuer = apps.get_model("assessments", "AgencyIssuer")
    Issuer = apps.get_model("indicators", "Issuer")
    Framework = apps.get_model("indicators", "Framework")
    nacc = Issuer.objects.filter(code="nacc").first()
    earliest_framework = Framework.objects.aggregate(y=Min("fiscal_year"))["y"]
    if nacc is None:
        return
    rows = []
    for agency_id, first_year in Agency.objects.annotate(
        first_year=Min("assessments__framework__fiscal_year")
    ).values_list("pk", "first_year"):
        year = first_year or earliest_framework
        if year is not None:
            rows.append(
                AgencyIssuer(agency_id=agency_id, issuer=nacc, from_fiscal_year=year, note=NOTE)
            )
    AgencyIssuer.objects.bulk_create(rows, batch_size=1000)


def remove_initial_rows(apps, schema_editor):
    AgencyIssuer = apps.get_model("assessments", "AgencyIssuer")
    AgencyIssuer.objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0012_agency_issuer_history"),
    ]

    operations = [
        migrations.RunPython(agencies_follow_nacc, remove_initial_rows),
    ]
