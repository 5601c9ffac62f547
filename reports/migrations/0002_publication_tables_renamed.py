# The publication tables take this app's names; their content types (and so the permissions
# given to groups) move with them.

from django.db import migrations

MODELS = ("reportpublication", "publicationjob")


def move_content_types(apps, schema_editor, source="assessments", target="reports"):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="reports", target="assessments")


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_publications_from_assessments"),
        ("assessments", "0005_publications_moved_to_reports"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="reportpublication", table=None),
        migrations.AlterModelTable(name="publicationjob", table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
