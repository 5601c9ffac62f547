"""Migrations 0005-0007: existing versions get their list fields; old duplicate active jobs close."""

from __future__ import annotations

import pytest

from tests.migrating import leaf_nodes, migrate_to

LISTING = ("reports", "0004_publication_listing_and_job_items")
AFTER = [("reports", "0007_one_active_job_per_year")]


def before() -> list[tuple[str, str]]:
    """reports at 0004 and every other app at its latest (the tables as they are today)."""
    return [LISTING, *(node for node in leaf_nodes() if node[0] != "reports")]


@pytest.mark.django_db(transaction=True)
def test_existing_versions_and_jobs_are_brought_in_line(back_to_latest):
    old = migrate_to(before())
    agency = old.get_model("assessments", "Agency").objects.create(
        code="listing-test", name="หน่วยงานทดสอบรายการ"
    )
    framework = old.get_model("indicators", "Framework").objects.get(fiscal_year=2562)
    assessment = old.get_model("assessments", "Assessment").objects.create(
        agency=agency, framework=framework
    )
    Publication = old.get_model("reports", "ReportPublication")
    for version, withdrawn in ((1, False), (2, False), (3, True)):
        Publication.objects.create(
            assessment=assessment,
            version=version,
            published_at="2026-01-01T00:00:00Z",
            pdf=f"reports/{version}.pdf",
            html="<p>x</p>",
            sha256="a" * 64,
            unpublished_at="2026-02-01T00:00:00Z" if withdrawn else None,
            unpublish_reason="ผิด" if withdrawn else "",
        )
    Job = old.get_model("reports", "PublicationJob")
    older = Job.objects.create(fiscal_year=2562, total=1, status="running")
    newer = Job.objects.create(fiscal_year=2562, total=1, status="pending")

    new = migrate_to(AFTER)
    rows = new.get_model("reports", "ReportPublication").objects.order_by("version")
    assert [(r.version, r.is_latest) for r in rows] == [(1, False), (2, True), (3, False)]
    assert {(r.agency_id, r.fiscal_year, r.agency_name) for r in rows} == {
        (agency.pk, 2562, "หน่วยงานทดสอบรายการ")
    }
    jobs = new.get_model("reports", "PublicationJob").objects
    assert jobs.get(pk=older.pk).status == "failed" and jobs.get(pk=newer.pk).status == "pending"
