"""The supervisor's console at scale: OBEC over 245 ESAs of 30 schools each (7,595 units).

Figure: the OBEC console's median and its CSV's median, against the public ranking page's
median (/ranking/2568/sao/, about 5,000 agencies) measured in the same run: the ratio says how
many ranking pages one console costs. Also the queries of the console and the CSV for the whole
of OBEC and for one ESA of 30 schools: they must be the same (independent of the unit count).
PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<own db> python bench/run.py
bench_supervision. The tree comes from generate_national --obec-esas 245 --schools-per-esa 30.
"""

from __future__ import annotations

import os

import common

common.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from assessments import synthetic  # noqa: E402
from assessments.models import Agency, Assessment, Role  # noqa: E402
from assessments.services import membership_grant  # noqa: E402

YEAR = 2568
TREE_YEARS = f"{YEAR - 1}-{YEAR}"  # last year too: the console's movement reads it
ESAS = int(os.environ.get("BENCH_OBEC_ESAS", "245"))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS_PER_ESA", "30"))
REPEAT = int(os.environ.get("BENCH_SUPERVISION_REPEAT", "5"))
SUPERVISOR = "bench-obec-supervisor"


def ensure_tree() -> Agency:
    """OBEC with its ESAs and schools, each with results of both years (generated once)."""
    expected = (1 + ESAS + ESAS * SCHOOLS) * 2
    have = Assessment.objects.filter(
        agency__code__startswith="sup-", framework__fiscal_year__in=(YEAR - 1, YEAR)
    ).count()
    if have < expected:
        call_command(
            "generate_national",
            agencies=common.NATIONAL_AGENCIES,
            years=TREE_YEARS,
            seed=common.SEED,
            obec_esas=ESAS,
            schools_per_esa=SCHOOLS,
            verbosity=0,
            stdout=open(os.devnull, "w"),
        )
    return Agency.objects.get(code=synthetic.OBEC_CODE)


def supervisor_client(obec: Agency) -> Client:
    user, created = get_user_model().objects.get_or_create(username=SUPERVISOR)
    if created:
        membership_grant(user=user, agency=obec, role=Role.SUPERVISOR)
    client = Client()
    client.force_login(user)
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def main() -> None:
    print(f"database: {common.database_label()}")
    obec = ensure_tree()
    units = Agency.objects.filter(tree_path__startswith=obec.tree_path).count() - 1
    client = supervisor_client(obec)
    console, csv = f"/supervise/{obec.code}/{YEAR}/", f"/supervise/{obec.code}/{YEAR}.csv"
    ranking = f"/ranking/{YEAR}/sao/"
    assert client.get(console).status_code == 200
    console_ms = common.median_ms(common.timings(lambda: client.get(console), REPEAT))
    csv_ms = common.median_ms(common.timings(lambda: client.get(csv), REPEAT))
    ranking_ms = common.median_ms(common.timings(lambda: client.get(ranking), REPEAT))
    print(
        f"OBEC console ({units} units): median {console_ms:.0f} ms; CSV median {csv_ms:.0f} ms; "
        f"ranking page {ranking} median {ranking_ms:.1f} ms"
    )
    esa = f"/supervise/{synthetic.supervised_esa_code(1)}/{YEAR}"
    counts = {
        "console": (queries(client, console), queries(client, f"{esa}/")),
        "csv": (queries(client, csv), queries(client, f"{esa}.csv")),
    }
    constant = all(whole == one for whole, one in counts.values())
    print(
        "queries (OBEC vs one ESA of "
        f"{SCHOOLS} schools): "
        + ", ".join(f"{k} {a} vs {b}" for k, (a, b) in counts.items())
        + (" (constant)" if constant else " (NOT constant)")
    )
    print(
        f"RESULT OBEC console / ranking page = {console_ms / ranking_ms:.1f}×, "
        f"CSV / ranking page = {csv_ms / ranking_ms:.1f}×; "
        f"query count independent of the units: {'OK' if constant else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
