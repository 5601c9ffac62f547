"""(c) The agency page and a published PDF under 50 concurrent connections through gunicorn on
127.0.0.1, each against the same bytes served as a static file by the same server (baseline).

The agency page is measured twice: as anonymous visitors get it (from the public page cache,
issue 23) and rendered on every request (a cookie makes the cache step aside). The published PDF
as anonymous visitors get it: from the same cache, once verified (up to
PUBLIC_PAGE_CACHE_MAX_FILE_BYTES). The cache is
Redis when REDIS_CACHE_URL is set (as in production), else the default file cache.

Figure: requests per second of each, and the ratio portal/static. gunicorn runs the portal as in
production (DEBUG off, persistent database connections, gthread workers); the load client is
bench/loadclient.py (asyncio, keep-alive), bounded by BENCH_LOAD_REQUESTS and BENCH_LOAD_SECONDS.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONNECTIONS = 50
REQUESTS = int(os.environ.get("BENCH_LOAD_REQUESTS", "3000"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
THREADS = int(os.environ.get("BENCH_GUNICORN_THREADS", "4"))
STATIC = HERE / "static-load"
CACHE_HEADER = "X-Public-Cache"
# Any cookie but the CSRF one: the page is rendered for the request, as before issue 23.
UNCACHED = {"Cookie": "bench=uncached"}

os.environ.setdefault("MEDIA_ROOT", str(HERE / "media"))


def free_port() -> int:
    if os.environ.get("BENCH_PORT"):  # a port of a range set aside for this bench
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = os.environ.copy()
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DB_CONN_MAX_AGE="60",
        BENCH_STATIC_ROOT=str(STATIC),
        CELERY_BROKER_URL="",
        # Plain HTTP on loopback, whatever the production defaults become.
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        ALLOW_SQLITE_IN_PRODUCTION="true",
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "load_wsgi:application",
            "--pythonpath",
            f"{HERE},{HERE.parent}",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=HERE.parent,
        env=env,
        stderr=open(HERE / "gunicorn.log", "w"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench-static/missing", timeout=1)
        except urllib.error.HTTPError:
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start: see bench/gunicorn.log")


def fetch(port: int, path: str) -> bytes:
    return _get(port, path)[0]


def _get(port: int, path: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        assert response.status == 200, (path, response.status)
        return response.read(), response.headers.get(CACHE_HEADER, "-")


def cache_state(port: int, path: str) -> str:
    """What the public page cache answered for the page asked twice: "hit" when it serves it."""
    _get(port, path)
    return _get(port, path)[1]


def measure(port: int, path: str, headers: dict[str, str] | None = None):
    import loadclient

    options = {"connections": CONNECTIONS, "headers": headers}
    loadclient.load(port, path, requests=200, seconds=3, **options)  # warm
    return loadclient.load(port, path, requests=REQUESTS, seconds=SECONDS, **options)


def line(label: str, result) -> str:
    bad = sum(n for status, n in result.statuses.items() if status != 200) + result.errors
    return (
        f"{label:28} {result.rps:7.1f} req/s, median {result.median_ms:6.1f} ms, "
        f"p95 {result.p95_ms:6.1f} ms, {result.requests} requests, {bad} not 200"
    )


def main() -> None:
    import common

    common.setup()
    import portal_data

    from reports import selectors

    portal_data.ensure_publications()
    year = selectors.published_years()[0]
    report = selectors.published_reports_page(year, 1).items[0]
    agency_path = f"/agencies/{report.agency_code}/"
    pdf_path = f"/reports/{report.agency_code}/{year}/v{report.version}.pdf"
    port = free_port()
    shutil.rmtree(STATIC, ignore_errors=True)
    STATIC.mkdir()
    server = start_gunicorn(port)
    try:
        # The baseline files: the very bytes the portal answers with.
        (STATIC / "agency.html").write_bytes(fetch(port, agency_path))
        (STATIC / "report.pdf").write_bytes(fetch(port, pdf_path))
        cached = cache_state(port, agency_path)
        pdf_cached = cache_state(port, pdf_path)
        results = {
            "agency page (portal)": measure(port, agency_path),
            "agency page (static file)": measure(port, "/bench-static/agency.html"),
            "agency page (uncached)": measure(port, agency_path, UNCACHED),
            "published PDF (portal)": measure(port, pdf_path),
            "published PDF (static file)": measure(port, "/bench-static/report.pdf"),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"database: {common.database_label()}; gunicorn {WORKERS} workers × {THREADS} threads "
        f"(gthread) on 127.0.0.1; {CONNECTIONS} connections, at most {REQUESTS} requests "
        f"or {SECONDS:.0f} s each"
    )
    for label, result in results.items():
        print(line(label, result))
    agency = results["agency page (portal)"].rps / results["agency page (static file)"].rps
    uncached = results["agency page (uncached)"].rps / results["agency page (static file)"].rps
    pdf = results["published PDF (portal)"].rps / results["published PDF (static file)"].rps
    size = (STATIC / "agency.html").stat().st_size
    pdf_size = (STATIC / "report.pdf").stat().st_size
    backend = "Redis" if os.environ.get("REDIS_CACHE_URL") else "file cache"
    print(
        f"public page cache ({backend}): the agency page's second request was a {cached}, "
        f"the PDF's a {pdf_cached}"
    )
    print(
        f"RESULT under {CONNECTIONS} connections: agency page ({size // 1024} KiB) at {agency:.2f}× "
        f"the static file's requests/s ({uncached:.2f}× rendered every time); "
        f"published PDF ({pdf_size // 1024} KiB) at {pdf:.2f}×"
    )


if __name__ == "__main__":
    main()
