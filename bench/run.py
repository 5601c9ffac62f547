"""`make bench`: run every bench/bench_*.py (each its own process) and print their figures.

Each script measures one figure and a baseline in the same run and prints their ratio. Other
apps add their own scripts as bench/bench_<name>.py; they are found here by name.
PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<bench db> make bench.

The machine may be shared: every script's lines are framed by the load average (1, 5 and 15
minutes) and the core count before and after it, and a last table gives each script's exit
status, seconds and load, so that a figure is read with the load it was measured under.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_note() -> str:
    """The load averages and the cores, e.g. "load 1.52 0.97 0.61 on 2 cores"."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main(argv: list[str]) -> int:
    only = set(argv)
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not only or p.stem in only)
    unknown = only - {p.stem for p in scripts}
    if unknown:
        print("no such bench script: " + ", ".join(sorted(unknown)))
        return 2
    rows = []
    for script in scripts:
        print(f"== {script.stem} == ({load_note()})", flush=True)
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, env=os.environ.copy()
        )
        seconds = time.perf_counter() - started
        print(f"-- {script.stem}: exit {completed.returncode} in {seconds:.0f} s ({load_note()})")
        rows.append((script.stem, completed.returncode, seconds, os.getloadavg()[0]))
    print("== summary ==")
    for name, code, seconds, load in rows:
        print(f"  {name:<28} exit {code:<3} {seconds:7.0f} s   load at its end {load:.2f}")
    failed = [name for name, code, _seconds, _load in rows if code != 0]
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
