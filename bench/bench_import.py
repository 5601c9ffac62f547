"""Import of one national year (8,317 rows) against plain bulk_create of the same rows.

Target: ≤ 15 s on PostgreSQL. Each run imports into a fresh copy of the 2568 framework, in
the first fiscal year that has no NACC framework yet, inside a transaction that is rolled back,
so the data stays as generated. The baseline inserts the same assessments and indicator scores with two plain
bulk_create calls and nothing else (no parsing, checking, planning or scoring).
"""

from __future__ import annotations

import common

common.setup()

import csv  # noqa: E402
import io  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

from django.db import transaction  # noqa: E402

from assessments.imports.score_import import SKIP, scores_import_file  # noqa: E402
from assessments.models import Assessment, IndicatorScore  # noqa: E402
from indicators.models import DEFAULT_ISSUER_CODE, Framework  # noqa: E402
from indicators.selectors import framework_for  # noqa: E402
from indicators.services import framework_copy  # noqa: E402

SOURCE_YEAR = 2568
# The first year without a NACC framework: the migrations already carry 2569 and 2570.
TARGET_YEAR = (
    max(
        Framework.objects.filter(issuer__code=DEFAULT_ISSUER_CODE).values_list(
            "fiscal_year", flat=True
        )
    )
    + 1
)
TARGET_S = 15.0
REPEAT = 3


class Rollback(Exception):
    pass


def national_file() -> tuple[
    bytes, list[tuple[int, dict[int, str], str | None, int | None, int | None]]
]:
    """The 2568 results as a score sheet for 2569, and the same rows as plain values."""
    scores: dict[int, dict[int, str]] = {}
    for aid, number, score in IndicatorScore.objects.filter(
        assessment__framework__fiscal_year=SOURCE_YEAR
    ).values_list("assessment_id", "indicator__number", "score"):
        scores.setdefault(aid, {})[number] = str(score)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "agency_code",
            "agency_name",
            "fiscal_year",
            *[f"i{n}" for n in range(1, 11)],
            "official_total",
            "rank",
            "cohort_size",
            "cohort",
        ]
    )
    plain = []
    for aid, agency_id, code, name, cohort, total, rank, size in Assessment.objects.filter(
        framework__fiscal_year=SOURCE_YEAR
    ).values_list(
        "pk",
        "agency_id",
        "agency__code",
        "agency__name",
        "agency__cohort__code",
        "official_total",
        "official_rank",
        "cohort_size",
    ):
        row = scores[aid]
        writer.writerow(
            [code, name, TARGET_YEAR, *[row[n] for n in range(1, 11)], total, rank, size, cohort]
        )
        plain.append((agency_id, row, total, rank, size))
    return buffer.getvalue().encode("utf-8"), plain


def in_rollback(measure: Callable[[Framework], float]) -> float:
    source = framework_for(DEFAULT_ISSUER_CODE, SOURCE_YEAR)
    assert source is not None, f"no NACC framework of {SOURCE_YEAR}"
    try:
        with transaction.atomic():
            framework = framework_copy(source=source, fiscal_year=TARGET_YEAR)
            seconds = measure(framework)
            raise Rollback(seconds)
    except Rollback as done:
        return done.args[0]


def main() -> None:
    print(f"database: {common.database_label()}")
    data, plain = national_file()
    print(f"file: {len(plain)} rows, {len(data) / 1024:.0f} KiB")

    def run_import(framework: Framework) -> float:
        started = time.perf_counter()
        report = scores_import_file(data=data, filename="national.csv")
        seconds = time.perf_counter() - started
        assert report.applied and report.count("new") == len(plain)
        return seconds

    def run_reimport(framework: Framework) -> float:
        scores_import_file(data=data, filename="national.csv")
        started = time.perf_counter()
        report = scores_import_file(data=data, filename="national.csv")
        seconds = time.perf_counter() - started
        assert report.count(SKIP) == len(plain) and not report.applied
        return seconds

    def run_bulk_create(framework: Framework) -> float:
        indicators = dict(framework.indicators.values_list("number", "pk"))
        started = time.perf_counter()
        Assessment.objects.bulk_create(
            [
                Assessment(
                    agency_id=agency_id,
                    framework=framework,
                    official_total=total,
                    official_rank=rank,
                    cohort_size=size,
                )
                for agency_id, _, total, rank, size in plain
            ],
            batch_size=2000,
        )
        ids = dict(Assessment.objects.filter(framework=framework).values_list("agency_id", "pk"))
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(assessment_id=ids[agency_id], indicator_id=indicators[n], score=v)
                for agency_id, row, _, _, _ in plain
                for n, v in row.items()
            ],
            batch_size=2000,
        )
        return time.perf_counter() - started

    imports = sorted(in_rollback(run_import) for _ in range(REPEAT))
    baseline = sorted(in_rollback(run_bulk_create) for _ in range(REPEAT))
    reimport = in_rollback(run_reimport)
    median, base = imports[REPEAT // 2], baseline[REPEAT // 2]
    print(
        f"import_scores of one national year: median {median:.2f} s "
        f"(runs {', '.join(f'{s:.2f}' for s in imports)})"
    )
    print(f"plain bulk_create of the same rows: median {base:.2f} s → ratio {median / base:.1f}×")
    print(f"re-import of the same file (no change, nothing written): {reimport:.2f} s")
    print(
        f"RESULT import of {len(plain)} rows {median:.2f} s, target ≤ {TARGET_S:.0f} s: "
        f"{common.verdict(median, TARGET_S)}"
    )


if __name__ == "__main__":
    main()
