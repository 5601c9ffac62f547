# Reports published before figures were frozen: their live version's figures are taken from
# the stored figures as they stand, so the public pages keep showing them.

from django.db import migrations
from django.db.models import Max

COPIED = ["framework_id", "total", "grade", "passed", "result_level", "tools", "scores"]


def freeze_live(apps, schema_editor):
    publication = apps.get_model("reports", "ReportPublication")
    assessment = apps.get_model("assessments", "Assessment")
    result_figures = apps.get_model("assessments", "ResultFigures")
    published_figures = apps.get_model("assessments", "PublishedFigures")
    published_score = apps.get_model("assessments", "PublishedScore")
    indicator_score = apps.get_model("assessments", "IndicatorScore")
    live = (
        publication.objects.filter(unpublished_at__isnull=True)
        .values("assessment_id")
        .annotate(version=Max("version"), published_at=Max("published_at"))
    )
    for row in live:
        figures = result_figures.objects.filter(assessment_id=row["assessment_id"]).first()
        if figures is None or published_figures.objects.filter(
            assessment_id=row["assessment_id"]
        ).exists():
            continue
        owner = assessment.objects.get(pk=row["assessment_id"])
        published_figures.objects.create(
            assessment_id=owner.pk,
            **{name: getattr(figures, name) for name in COPIED},
            version=row["version"],
            published_at=row["published_at"],
            official_total=owner.official_total,
            official_rank=owner.official_rank,
            cohort_size=owner.cohort_size,
        )
        published_score.objects.bulk_create(
            published_score(assessment_id=owner.pk, indicator_id=i, score=s)
            for i, s in indicator_score.objects.filter(assessment_id=owner.pk).values_list(
                "indicator_id", "score"
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_publication_tables_renamed"),
        ("assessments", "0006_reopening_and_published_figures"),
    ]

    operations = [migrations.RunPython(freeze_live, migrations.RunPython.noop)]
