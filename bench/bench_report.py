"""Report figures, each against a baseline measured in the same run.

1. render_report (data + template + safe fetcher + PDF/A-3b) against plain WeasyPrint on the
   same HTML file, in the same process (target: overhead ≤ 15 %).
2. Downloading a published PDF through the portal (access checks, FileResponse) against
   serving the same file with Django's static file view (target: ≤ 1.5×).

Runs on a throw-away SQLite database loaded with the demo data.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-report-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ["CELERY_BROKER_URL"] = ""
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import include, path, re_path  # noqa: E402
from django.views.static import serve  # noqa: E402

# The portal's URLs plus a plain static view of MEDIA_ROOT: the baseline of figure 2 only.
urlpatterns = [
    re_path(r"^bench-static/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("ita_portal.urls")),
]

RENDER_RUNS = int(os.environ.get("BENCH_RENDER_RUNS", "5"))
DOWNLOAD_RUNS = int(os.environ.get("BENCH_DOWNLOAD_RUNS", "300"))


def timed(function, runs: int) -> float:
    """Median seconds of runs calls (after one warm-up call)."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def timed_pair(first, second, runs: int) -> tuple[float, float, float, float]:
    """Min and median seconds of two functions run alternately (a shared, busy machine drifts:
    alternating exposes both to the same load; the minimum is the least disturbed run)."""
    first(), second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for function, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            function()
            samples.append(time.perf_counter() - start)
    return min(a), statistics.median(a), min(b), statistics.median(b)


def main() -> None:
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["testserver"]
    devnull = open(os.devnull, "w")
    call_command("migrate", verbosity=0)
    call_command("load_demo", password="bench-password-1234", stdout=devnull)

    from weasyprint import HTML

    pdf, html = WORK / "r.pdf", WORK / "r.html"

    def ours() -> None:
        call_command(
            "render_report",
            "pathumthani-2",
            "2562",
            output=str(pdf),
            html=str(html),
            stdout=devnull,
        )

    def plain() -> None:
        HTML(filename=str(html)).write_pdf(str(WORK / "plain.pdf"))

    ours_min, ours_med, plain_min, plain_med = timed_pair(ours, plain, RENDER_RUNS)
    print(
        f"render_report min {ours_min:.3f} s (median {ours_med:.3f}), plain weasyprint on the same "
        f"HTML min {plain_min:.3f} s (median {plain_med:.3f}): overhead "
        f"{100 * (ours_min / plain_min - 1):+.1f} % on minima, "
        f"{100 * (ours_med / plain_med - 1):+.1f} % on medians (target ≤ +15 %)"
    )

    from assessments.models import Assessment
    from reports.publishing import report_publish

    assessment = Assessment.objects.get(agency__code="pathumthani-2", framework__fiscal_year=2562)
    approver = assessment.agency.memberships.get(role="approver").user
    publication = report_publish(assessment=assessment, user=approver)
    client = Client()
    portal_url = f"/reports/pathumthani-2/2562/v{publication.version}.pdf"
    static_url = f"/bench-static/{publication.pdf.name}"

    def fetch(url: str):
        def run() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            b"".join(response.streaming_content)

        return run

    portal_s = timed(fetch(portal_url), DOWNLOAD_RUNS)
    static_s = timed(fetch(static_url), DOWNLOAD_RUNS)
    print(
        f"published PDF ({publication.pdf_size // 1024} KiB) through the portal {portal_s * 1000:.2f} ms, "
        f"as a static file {static_s * 1000:.2f} ms, ratio {portal_s / static_s:.2f}× (target ≤ 1.5×)"
    )


if __name__ == "__main__":
    main()
