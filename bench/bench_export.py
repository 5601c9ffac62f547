"""export_results of one national year (8,317 agencies) against a plain read of its scores.

Target: ≤ 5 s on PostgreSQL. Warm: the stored figures are current (the usual case).
Cold: every figure of the year is recomputed by the scoring engine first (measured inside a
transaction that is rolled back). Baseline: reading the year's 83,170 indicator scores with a
plain values_list, the least any export computed from the scores must do.
"""

from __future__ import annotations

import common

common.setup()

import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from assessments.models import IndicatorScore, ResultFigures  # noqa: E402

YEAR = 2568
TARGET_S = 5.0


class Rollback(Exception):
    pass


def export(file_format: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"out.{file_format}")
        started = time.perf_counter()
        call_command("export_results", year=str(YEAR), format=file_format, output=path)
        return time.perf_counter() - started


def cold_export() -> float:
    try:
        with transaction.atomic():
            ResultFigures.objects.filter(framework__fiscal_year=YEAR).delete()
            raise Rollback(export("csv"))
    except Rollback as done:
        return done.args[0]


def main() -> None:
    print(f"database: {common.database_label()}")
    baseline = (
        common.median_ms(
            common.timings(
                lambda: list(
                    IndicatorScore.objects.filter(
                        assessment__framework__fiscal_year=YEAR
                    ).values_list("assessment_id", "indicator__number", "score")
                ),
                3,
            )
        )
        / 1000
    )
    worst = 0.0
    for file_format in ("csv", "xlsx", "json"):
        seconds = common.median_ms(common.timings(lambda f=file_format: export(f), 3)) / 1000
        worst = max(worst, seconds)
        print(
            f"export_results --format {file_format}: median {seconds:.2f} s "
            f"(ratio {seconds / baseline:.1f}× the plain read of the scores, {baseline:.2f} s)"
        )
    cold = cold_export()
    worst = max(worst, cold)
    print(f"export_results --format csv with every figure recomputed first: {cold:.2f} s")
    print(
        f"RESULT export of one national year worst {worst:.2f} s, target ≤ {TARGET_S:.0f} s: "
        f"{common.verdict(worst, TARGET_S)}"
    )


if __name__ == "__main__":
    main()
