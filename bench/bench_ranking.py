"""Public ranking page of a national year: median latency, queries per page size, vs the engine per request.

Target: ≤ 150 ms median on PostgreSQL with 8,317 agencies × 7 years; the same number
of queries whatever the page size. Baseline: ranking the same cohort by running the scoring
engine over every assessment per request (what the stored figures avoid).
"""

from __future__ import annotations

import common

common.setup()

from django.db import connection  # noqa: E402
from django.db.models import Prefetch  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments.models import Assessment, IndicatorScore  # noqa: E402
from assessments.selectors import assessment_result  # noqa: E402
from indicators.scoring import competition_ranks  # noqa: E402

YEAR = 2568
TARGET_MS = 150.0
REPEAT = 25


def naive_ranking(cohort: str) -> list[int]:
    assessments = (
        Assessment.objects.filter(
            framework__fiscal_year=YEAR, status="published", agency__cohort__code=cohort
        )
        .select_related("framework", "agency")
        .prefetch_related(
            Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator")),
            "official_tool_points__tool",
        )
    )
    totals = [assessment_result(a).total for a in assessments]
    return competition_ranks(totals)


def main() -> None:
    client = Client()
    print(f"database: {common.database_label()}")
    worst = 0.0
    for cohort in ("sao", "municipality", "esa"):
        url = f"/ranking/{YEAR}/{cohort}/"
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        size = Assessment.objects.filter(
            framework__fiscal_year=YEAR, status="published", agency__cohort__code=cohort
        ).count()
        page_ms = common.median_ms(common.timings(lambda u=url: client.get(u), REPEAT))
        searched = common.median_ms(
            common.timings(lambda u=url: client.get(u, {"q": "ตัวอย่างเชียง", "sort": "name"}), REPEAT)
        )
        last = common.median_ms(
            common.timings(lambda u=url: client.get(u, {"page": 10**6, "per_page": 200}), REPEAT)
        )
        baseline = common.median_ms(common.timings(lambda c=cohort: naive_ranking(c), 1, warmup=0))
        worst = max(worst, page_ms, searched, last)
        print(
            f"cohort {cohort} ({size} agencies): page 1 median {page_ms:.1f} ms, "
            f"search+sort {searched:.1f} ms, last page of 200 {last:.1f} ms; "
            f"engine-per-request baseline {baseline:.0f} ms → ratio {baseline / page_ms:.1f}× faster"
        )
    year_ms = common.median_ms(common.timings(lambda: client.get(f"/ranking/{YEAR}/"), REPEAT))
    worst = max(worst, year_ms)
    print(f"year page /ranking/{YEAR}/ (all cohorts): median {year_ms:.1f} ms")
    counts = {}
    for per_page in (25, 50, 100, 200):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/ranking/{YEAR}/sao/", {"per_page": per_page, "page": 3})
        counts[per_page] = len(queries)
    constant = len(set(counts.values())) == 1
    print(
        "queries by page size: "
        + ", ".join(f"{k}→{v}" for k, v in counts.items())
        + (" (constant)" if constant else " (NOT constant)")
    )
    print(
        f"RESULT ranking page worst median {worst:.1f} ms, target ≤ {TARGET_MS:.0f} ms: "
        f"{common.verdict(worst, TARGET_MS)}; query count constant: {'OK' if constant else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
