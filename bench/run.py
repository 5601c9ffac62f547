"""`make bench`: run every bench/bench_*.py (each its own process) and print their figures.

Each script measures one figure and a baseline in the same run and prints their ratio. Other
apps add their own scripts as bench/bench_<name>.py; they are found here by name.
PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/<bench db> make bench.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    only = set(argv)
    scripts = sorted(p for p in HERE.glob("bench_*.py") if not only or p.stem in only)
    failed = []
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        completed = subprocess.run(
            [sys.executable, str(script)], cwd=HERE.parent, env=os.environ.copy()
        )
        if completed.returncode != 0:
            failed.append(script.stem)
    if failed:
        print("failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
