"""Check log files of the smoke test: every non-empty line one JSON object with the common fields.

Usage: smoke_logs.py FILE...; exit 1 naming the first line that is not, and say how many lines
WeasyPrint wrote (its progress is off by default: PDF_LOG_LEVEL).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COMMON_FIELDS = {"time", "level", "logger", "message", "process"}


def check(path: Path) -> None:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    renderer = 0
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            raise SystemExit(f"FAIL {path.name}:{number}: not JSON: {line[:200]}") from None
        if not isinstance(record, dict) or not COMMON_FIELDS <= record.keys():
            raise SystemExit(f"FAIL {path.name}:{number}: fields missing: {line[:200]}")
        if not record["time"].endswith("+07:00"):
            raise SystemExit(f"FAIL {path.name}:{number}: time not in +07:00: {record['time']}")
        renderer += record["logger"].startswith("weasyprint")
    if renderer:
        raise SystemExit(f"FAIL {path.name}: {renderer} lines from WeasyPrint")
    print(f"ok   {path.name}: {len(lines)} JSON lines")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        check(Path(name))
