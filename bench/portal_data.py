"""Published reports for the portal benchmarks: every published national assessment gets a live
version 1, all pointing at one rendered PDF (the issue allows it: the pages under test never read
the file, and the download figure needs only one real file).

Call after common.setup(); media go to bench/media unless MEDIA_ROOT is set.
"""

from __future__ import annotations

import hashlib
import time

BATCH = 5000
STUB_HTML = "<!doctype html><html lang='th'><title>bench</title><p>รายงาน (ข้อมูลทดสอบภาระงาน)</p>"


def shared_pdf() -> tuple[str, int]:
    """Storage name and size of one real report PDF rendered from the national data."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from assessments.models import Assessment
    from ita_portal.lib.pdf import render_pdf
    from reports.report.builder import build_report, render_report_html

    existing = (
        sorted(default_storage.listdir("bench")[1]) if default_storage.exists("bench") else []
    )
    if existing:
        name = f"bench/{existing[0]}"
        return name, default_storage.size(name)
    assessment = (
        Assessment.objects.filter(status="published", agency__code__regex=r"^[a-z-]+-[0-9]{5}$")
        .order_by("-framework__fiscal_year", "agency__code")
        .first()
    )
    report = build_report(assessment, mode="pdf")
    data = render_pdf(render_report_html(report, mode="pdf", draft=False))
    name = default_storage.save(f"bench/{hashlib.sha256(data).hexdigest()}.pdf", ContentFile(data))
    return name, len(data)


def ensure_publications() -> tuple[str, int]:
    """A live version for every published assessment that has none; returns the shared PDF."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from assessments.models import Assessment
    from reports.models import ReportPublication

    name, size = shared_pdf()
    digest = name.rsplit("/", 1)[-1].removesuffix(".pdf")
    live = ReportPublication.objects.filter(assessment=OuterRef("pk"), unpublished_at__isnull=True)
    missing = list(
        Assessment.objects.filter(status="published")
        .exclude(Exists(live))
        .values_list("pk", "agency_id", "framework__fiscal_year", "agency__name")
    )
    started = time.perf_counter()
    now = timezone.now()
    for offset in range(0, len(missing), BATCH):
        ReportPublication.objects.bulk_create(
            ReportPublication(
                assessment_id=pk,
                is_latest=True,
                agency_id=agency_id,
                fiscal_year=year,
                agency_name=agency_name,
                version=1,
                published_at=now,
                pdf=name,
                html=STUB_HTML,
                sha256=digest,
                content_sha256=digest,
                pdf_size=size,
            )
            for pk, agency_id, year, agency_name in missing[offset : offset + BATCH]
        )
    if missing:
        print(
            f"  (published {len(missing)} bench reports in {time.perf_counter() - started:.1f} s)"
        )
    return name, size
