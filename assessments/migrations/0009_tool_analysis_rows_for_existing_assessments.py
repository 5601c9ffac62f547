"""Every existing assessment gets an empty analysis row per tool (staff write in it; empty = draft)."""

from django.db import migrations


def add_rows(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Tool = apps.get_model("indicators", "Tool")
    ToolAnalysis = apps.get_model("assessments", "ToolAnalysis")
    tools_by_framework: dict[int, list[int]] = {}
    for tool in Tool.objects.all():
        tools_by_framework.setdefault(tool.framework_id, []).append(tool.pk)
    have = set(ToolAnalysis.objects.values_list("assessment_id", "tool_id"))
    ToolAnalysis.objects.bulk_create(
        ToolAnalysis(assessment_id=a.pk, tool_id=tool_id)
        for a in Assessment.objects.only("pk", "framework_id")
        for tool_id in tools_by_framework.get(a.framework_id, [])
        if (a.pk, tool_id) not in have
    )


def remove_empty_rows(apps, schema_editor):
    apps.get_model("assessments", "ToolAnalysis").objects.filter(interpretation="").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_tool_analyses_and_discrepancy_display"),
        ("indicators", "0002_indicator_tool_restrict"),
    ]

    operations = [migrations.RunPython(add_rows, remove_empty_rows)]
