"""Process start: `manage.py check` against Django's own set-up of the same settings.

Every worker process, management command and cron job pays the start; WeasyPrint (about 0.7 s
with Pango) was imported by the URL configuration before issue 23 and is now imported on the
first render only. Baseline, in the same run: `django.setup()` alone with the same settings (the
floor no project code can go under). Figures: the medians of interleaved runs, and the ratio.
Target: manage.py check ≤ 2× the baseline; WeasyPrint not imported by it.
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

BASELINE = "import django; django.setup()"
CHECK = [str(ROOT / "manage.py"), "check"]
IMPORTS = (
    "import django, sys; django.setup(); "
    "from django.urls import get_resolver; get_resolver().url_patterns; "
    "print(sorted(m for m in ('weasyprint', 'openpyxl', 'PIL.Image') if m in sys.modules))"
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
    for _ in range(RUNS):  # interleaved, so that the machine's load falls on both alike
        baseline.append(_seconds(["-c", BASELINE]))
        check.append(_seconds(CHECK))
    loaded = subprocess.run(
        [sys.executable, "-c", IMPORTS], cwd=ROOT, env=_env(), check=True, capture_output=True
    ).stdout.decode()
    base, full = statistics.median(baseline), statistics.median(check)
    ratio = full / base
    print(f"django.setup() alone: median {base:.2f} s over {RUNS} runs")
    print(f"manage.py check:      median {full:.2f} s over {RUNS} runs")
    print(
        f"ratio: {ratio:.2f}× (target ≤ {TARGET}×); heavy modules after the URLs: {loaded.strip()}"
    )
    print(f"load average: {os.getloadavg()[0]:.2f}")
    return 0 if ratio <= TARGET and "weasyprint" not in loaded else 1


if __name__ == "__main__":
    sys.exit(main())
