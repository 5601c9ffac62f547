# Data: the short name of versions published before it was recorded, from their agency (the
# best record there is: the file name they were downloaded with until now).

from django.db import migrations

BATCH = 2000


def fill_short_names(apps, schema_editor):
    ReportPublication = apps.get_model("reports", "ReportPublication")
    rows = ReportPublication.objects.filter(agency_short_name="").select_related("assessment__agency")
    batch = []
    for publication in rows.iterator(chunk_size=BATCH):
        agency = publication.assessment.agency
        publication.agency_short_name = agency.short_name or agency.name
        batch.append(publication)
        if len(batch) >= BATCH:
            ReportPublication.objects.bulk_update(batch, ["agency_short_name"])
            batch = []
    ReportPublication.objects.bulk_update(batch, ["agency_short_name"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0010_publication_short_name"),
    ]

    operations = [
        migrations.RunPython(fill_short_names, migrations.RunPython.noop),
    ]
