# The report publications moved to the reports app: only the state changes here, the tables
# stay (reports.0002 renames them), so every row and file is kept.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0004_ranking_indexes"),
        ("reports", "0001_publications_from_assessments"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ReportPublication"),
                migrations.DeleteModel(name="PublicationJob"),
            ],
        ),
    ]
