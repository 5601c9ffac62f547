# Data: before 0005 allows one active bulk job per year, close the older of any active jobs of
# the same year (jobs used to stay "running" for ever when their process died).

from django.db import migrations
from django.utils import timezone

ACTIVE = ("pending", "running")
NOTE = "ปิดงานอัตโนมัติเมื่อปรับปรุงระบบ: มีงานอื่นของปีเดียวกันที่ใหม่กว่า"


def close_duplicates(apps, schema_editor):
    PublicationJob = apps.get_model("reports", "PublicationJob")
    newest: dict[int, int] = {}
    for job in PublicationJob.objects.filter(status__in=ACTIVE).order_by("-created_at", "-id"):
        if job.fiscal_year not in newest:
            newest[job.fiscal_year] = job.pk
            continue
        job.status = "failed"
        job.finished_at = timezone.now()
        job.log = f"{job.log}\n{NOTE}".strip()
        job.save(update_fields=["status", "finished_at", "log"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0005_publication_listing_backfill"),
    ]

    operations = [
        migrations.RunPython(close_duplicates, migrations.RunPython.noop),
    ]
