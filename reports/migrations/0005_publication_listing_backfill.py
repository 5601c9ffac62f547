# Data: the list fields of versions published before 0003 (the newest live version of each
# assessment is its latest; agency, year and agency name copied from the assessment).

from django.db import migrations

BATCH = 2000
FIELDS = ["is_latest", "agency", "fiscal_year", "agency_name"]


def fill_listing(apps, schema_editor):
    ReportPublication = apps.get_model("reports", "ReportPublication")
    rows = ReportPublication.objects.select_related("assessment__agency", "assessment__framework")
    latest: set[int] = set()
    seen: set[int] = set()
    for pk, assessment_id in (
        rows.filter(unpublished_at__isnull=True)
        .order_by("assessment_id", "-version")
        .values_list("pk", "assessment_id")
    ):
        if assessment_id not in seen:
            seen.add(assessment_id)
            latest.add(pk)
    batch = []
    for publication in rows.iterator(chunk_size=BATCH):
        publication.is_latest = publication.pk in latest
        publication.agency_id = publication.assessment.agency_id
        publication.fiscal_year = publication.assessment.framework.fiscal_year
        publication.agency_name = publication.assessment.agency.name
        batch.append(publication)
        if len(batch) >= BATCH:
            ReportPublication.objects.bulk_update(batch, FIELDS)
            batch = []
    ReportPublication.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0004_publication_listing_and_job_items"),
    ]

    operations = [
        migrations.RunPython(fill_listing, migrations.RunPython.noop),
    ]
