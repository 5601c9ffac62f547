"""Portal pages at national size: home, a deep home page, search and agency page.

Figure: median latency and query count of each page with 8,317 agencies, each with published
reports for every year (58,219 live versions), against the same pages with 10 agencies measured
in the same run on a database of their own (the baseline). Target (issue 13): median ≤ 50 ms at
national size and the same number of queries as with 10 agencies.

Each size runs in a child process of its own (Django binds one database per process); the
small database is the bench database's name + "_10" (PostgreSQL) or bench_10.sqlite3.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
TARGET_MS = 50.0
REPEAT = int(os.environ.get("BENCH_PAGE_RUNS", "30"))
SMALL = 10


def measure() -> None:
    """Child: set up this size's database, then print each page's median and queries as JSON."""
    os.environ.setdefault("MEDIA_ROOT", str(HERE / "media"))
    import common

    common.setup()
    import portal_data
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from reports import selectors

    portal_data.ensure_publications()
    client = Client()
    year = selectors.published_years()[0]
    last_page = selectors.published_reports_page(year, 1).num_pages
    code = selectors.published_reports_page(year, 1).items[0].agency_code
    # Page 150 of the broadest search, reached as a visitor does, by the pager's cursors (with
    # 10 agencies there is one page: its cursor-less address is the baseline).
    deep, deep_cursor = selectors.search_agencies("ตัวอย่าง"), ""
    while deep.next_cursor and deep.number < 150:
        deep_cursor = deep.next_cursor
        deep = selectors.search_agencies("ตัวอย่าง", cursor=deep_cursor)
    pages = {
        "home": "/",
        "home, last page": f"/?year={year}&page={last_page}",
        # A province matches about 1 agency in 80; "เทศบาล" (municipality) about 1 in 4;
        # "ตัวอย่าง" every synthetic name (the worst case: every agency matches).
        "search, a province": "/?q=เชียงใหม่",
        "search, a kind": "/?q=เทศบาล",
        "search, every agency": "/?q=ตัวอย่าง",
        "search, every agency, p. 150": "/?" + urlencode({"q": "ตัวอย่าง", "cursor": deep_cursor}),
        "agency": f"/agencies/{code}/",
    }
    results = {}
    for name, url in pages.items():
        for _ in range(2):  # warm: the first agency visit may refresh stored ranking figures
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)  # now: the next request's start clears the query log
        median = common.median_ms(common.timings(lambda u=url: client.get(u), REPEAT))
        results[name] = {"ms": median, "queries": count, "url": url}
    print(json.dumps({"database": common.database_label(), "pages": results}))


def child(agencies: int) -> dict:
    env = os.environ.copy()
    env["BENCH_AGENCIES"] = str(agencies)
    # What rendering costs (a cached page costs one cache round trip whatever the size).
    env.setdefault("PUBLIC_PAGE_CACHE", "false")
    if agencies == SMALL:
        url = env.get("DATABASE_URL")
        env["DATABASE_URL"] = (
            f"{url}_{SMALL}" if url else f"sqlite:///{HERE / f'bench_{SMALL}.sqlite3'}"
        )
        env["MEDIA_ROOT"] = str(HERE / f"media_{SMALL}")
    completed = subprocess.run(
        [sys.executable, __file__, "--measure"],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("{"):
            return json.loads(line)
        print(line)
    raise RuntimeError(completed.stdout + completed.stderr)


def main() -> None:
    national = child(int(os.environ.get("BENCH_AGENCIES", "8317")))
    small = child(SMALL)
    print(f"database: {national['database']} (baseline: {small['database']})")
    worst, same = 0.0, True
    for name, figure in national["pages"].items():
        base = small["pages"][name]
        worst = max(worst, figure["ms"])
        same = same and figure["queries"] == base["queries"]
        print(
            f"{name:30} {figure['ms']:6.1f} ms, {figure['queries']} queries; "
            f"with {SMALL} agencies {base['ms']:6.1f} ms, {base['queries']} queries: "
            f"ratio {figure['ms'] / base['ms']:.2f}×  ({figure['url']})"
        )
    print(
        f"RESULT portal pages worst median {worst:.1f} ms, target ≤ {TARGET_MS:.0f} ms: "
        f"{'OK' if worst <= TARGET_MS else 'MISSED'}; same queries as with {SMALL} agencies: "
        f"{'OK' if same else 'MISSED'}"
    )


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
