"""Shared set-up of the benchmarks: Django, the benchmark database, national synthetic data.

The database is PostgreSQL when DATABASE_URL is set (use a database of its own, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_h6_bench make bench; it is created if
missing), else a SQLite file bench/bench.sqlite3. Never the development database.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL_AGENCIES = int(os.environ.get("BENCH_AGENCIES", "8317"))
NATIONAL_YEARS = os.environ.get("BENCH_YEARS", "2562-2568")
SEED = 2568


def _ensure_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return
    connection = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()


def setup() -> None:
    """Configure Django on the benchmark database, migrated, with the national data loaded."""
    sys.path.insert(0, str(ROOT))
    url = os.environ.get("DATABASE_URL")
    if url:
        _ensure_postgres_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    ensure_national()
    steady_state()


def steady_state() -> None:
    """PostgreSQL: vacuum and analyse first, so that one script's rolled-back writes (dead rows,
    stale statistics) do not slow the next one; autovacuum does the same in production."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def ensure_national() -> None:
    from django.core.management import call_command

    from assessments.management.commands.generate_national import parse_years
    from assessments.models import Assessment

    years = parse_years(NATIONAL_YEARS)
    expected = NATIONAL_AGENCIES * len(years)
    have = Assessment.objects.filter(
        framework__fiscal_year__in=years, agency__code__regex=r"^[a-z-]+-[0-9]{5}$"
    ).count()
    if have < expected:
        started = time.perf_counter()
        call_command(
            "generate_national",
            agencies=NATIONAL_AGENCIES,
            years=NATIONAL_YEARS,
            seed=SEED,
            verbosity=0,
            stdout=open(os.devnull, "w"),
        )
        print(f"  (generated national data in {time.perf_counter() - started:.1f} s)")


def database_label() -> str:
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def timings(run: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds of each of repeat runs, after warmup runs."""
    for _ in range(warmup):
        run()
    result = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        result.append(time.perf_counter() - started)
    return result


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "MISSED"
