"""Moving the publications to the reports app keeps every row (and so every file it names)."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.migrating import migrate_to

BEFORE = [("assessments", "0004_ranking_indexes")]
AFTER = [("reports", "0002_publication_tables_renamed")]


@pytest.mark.django_db(transaction=True)
def test_published_rows_survive_the_move_to_reports(back_to_latest):
    old = migrate_to(BEFORE)
    agency = old.get_model("assessments", "Agency").objects.create(
        code="move-test", name="หน่วยงานทดสอบการย้าย"
    )
    framework = old.get_model("indicators", "Framework").objects.get(fiscal_year=2562)
    assessment = old.get_model("assessments", "Assessment").objects.create(
        agency=agency, framework=framework
    )
    old.get_model("assessments", "ReportPublication").objects.create(
        assessment=assessment,
        version=1,
        published_at="2026-01-01T00:00:00Z",
        pdf="reports/1/kept.pdf",
        html="<p>ฉบับที่ ๑</p>",
        sha256="a" * 64,
    )
    old.get_model("assessments", "PublicationJob").objects.create(fiscal_year=2562, total=1)

    new = migrate_to(AFTER)
    publication = new.get_model("reports", "ReportPublication").objects.get()
    assert (publication.pdf.name, publication.html, publication.assessment_id) == (
        "reports/1/kept.pdf",
        "<p>ฉบับที่ ๑</p>",
        assessment.pk,
    )
    assert new.get_model("reports", "PublicationJob").objects.get().total == 1
    assert "reports_reportpublication" in connection.introspection.table_names()
    assert "assessments_reportpublication" not in connection.introspection.table_names()
