# One bulk publication job per year at a time (two administrators starting one together).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0006_close_duplicate_active_jobs"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="publicationjob",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["pending", "running"])),
                fields=("fiscal_year",),
                name="publication_job_one_active_per_year",
            ),
        ),
    ]
