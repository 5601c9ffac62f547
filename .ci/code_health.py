"""Code health of the application: no function longer than 60 lines (migrations aside).

Prints the figures the architecture note compares (lines per app, the longest functions) and
exits non-zero when a function of application code is longer than the limit.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["ita_portal", "indicators", "assessments", "actionplans", "committees", "oit", "reports"]
MAX_LINES = 60


def app_files(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def functions(path: Path) -> list[tuple[int, str, int]]:
    """(length in lines, qualified name, first line) of every function in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            length = (node.end_lineno or node.lineno) - first + 1
            found.append((length, f"{path.relative_to(ROOT)}:{node.name}", node.lineno))
    return found


def main() -> int:
    sizes = {}
    everything: list[tuple[int, str, int]] = []
    for app in APPS:
        files = app_files(app)
        if not files:
            continue
        sizes[app] = sum(len(p.read_text().splitlines()) for p in files)
        for path in files:
            everything.extend(functions(path))
    total = sum(sizes.values())
    for app, lines in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"{app:12} {lines:6} lines ({lines * 100 // total} %)")
    everything.sort(reverse=True)
    print("longest functions:")
    for length, name, line in everything[:5]:
        print(f"  {length:4} lines  {name} (line {line})")
    too_long = [f for f in everything if f[0] > MAX_LINES]
    for length, name, line in too_long:
        print(f"ยาวเกิน {MAX_LINES} บรรทัด: {name} (line {line}) {length} lines", file=sys.stderr)
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
