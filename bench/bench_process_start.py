"""Process start: `manage.py check` against Django's own set-up of the same settings.

Every worker process, management command and cron job pays the start; WeasyPrint (about 0.7 s
with Pango) was imported by the URL configuration before issue 23 and is now imported on the
first render only. Baseline, in the same run: `django.setup()` with the admin discovered, the same settings (what
`check` must load at the least: it checks every ModelAdmin). Since the admin is discovered by
the URL configuration and the admin check only (ita_portal/admin_apps.py), `django.setup()` alone
is what a process that serves no page starts with (a Celery worker, render_report): printed too. Before: the same check with WeasyPrint and redis-py
imported first, as the URL configuration and ita_portal.lib.caching did before issue 23 (the
figure the lazy imports save). Figures: the
medians of interleaved runs, the ratio, and the load average they ran under. Target: manage.py
check ≤ 2× the baseline (reported, never the exit status: the machine may be shared); the exit
status is 1 only when start-up imports WeasyPrint or redis-py again.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_START_RUNS", "7"))
TARGET = 2.0

BASELINE = "import django; django.setup(); from django.contrib import admin; admin.autodiscover()"
SETUP_ONLY = "import django; django.setup()"
CHECK = [str(ROOT / "manage.py"), "check"]
EAGER_CHECK = [
    "-c",
    "import sys, weasyprint, redis; sys.argv = ['manage.py', 'check']; "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(sys.argv)",
]
IMPORTS = (
    "import django, sys; django.setup(); "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "print(sorted(m for m in ('weasyprint', 'redis', 'openpyxl', 'PIL.Image') if m in sys.modules))"
)


def _env() -> dict[str, str]:
    env = os.environ.copy()
    env.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    return env


def _seconds(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, env=_env(), check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    baseline: list[float] = []
    check: list[float] = []
    eager: list[float] = []
    setup_only: list[float] = []
    load_before = os.getloadavg()
    for _ in range(RUNS):  # interleaved, so that the machine's load falls on all alike
        baseline.append(_seconds(["-c", BASELINE]))
        check.append(_seconds(CHECK))
        eager.append(_seconds(EAGER_CHECK))
        setup_only.append(_seconds(["-c", SETUP_ONLY]))
    loaded = subprocess.run(
        [sys.executable, "-c", IMPORTS], cwd=ROOT, env=_env(), check=True, capture_output=True
    ).stdout.decode()
    base, full = statistics.median(baseline), statistics.median(check)
    ratio = full / base
    print(
        f"django.setup() alone (a process that serves no page): median "
        f"{statistics.median(setup_only):.2f} s over {RUNS} runs"
    )
    print(f"django.setup() and the admin discovered: median {base:.2f} s over {RUNS} runs")
    print(f"manage.py check:      median {full:.2f} s over {RUNS} runs")
    before = statistics.median(eager)
    print(
        "before (WeasyPrint and redis-py imported at start, as before issue 23): "
        f"median {before:.2f} s, "
        f"{before - full:+.2f} s against now"
    )
    print(f"heavy modules after the URLs: {loaded.strip()}")
    verdict = "OK" if ratio <= TARGET else "MISSED"
    after = os.getloadavg()
    print(
        f"RESULT manage.py check {ratio:.2f}× django.setup() with the admin, target ≤ {TARGET}×: {verdict} "
        f"(load {load_before[0]:.2f} before, {after[0]:.2f} after, on {os.cpu_count()} cores)"
    )
    return 1 if "'weasyprint'" in loaded or "'redis'" in loaded else 0


if __name__ == "__main__":
    sys.exit(main())
