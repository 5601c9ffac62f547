"""No program code names an O-item by its number: items are found by role (the number moves:
O42/O43 in ๒๕๖๔–๒๕๖๖, O32/O33 in the 33-item lists, O25/O26 in ๒๕๖๙, O23 for OVEC)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PLACES = ("indicators", "assessments", "oit", "actionplans", "committees", "reports", "templates")
# A quoted item code ("O42", 'O33') or a lookup by code (code="O…", code__in=[…]).
ITEM_NUMBER = re.compile(r"""["']O\d{1,2}["']|code(__in|__startswith)?\s*=\s*["'\[]\s*["']?O\d""")
FLAG = "holds_follow_up_report"
# Lines allowed, each for a reason: examples of what a user may paste, and the loader filling a
# migration state older than the roles (indicators 0007), where the flag still exists.
ALLOWED = {
    ("oit/bulk_paste.py", '# "O1", "o 1"'),
    ("oit/bulk_paste.py", '"""The item code at the start: "O1"'),
    ("indicators/loader.py", 'if _has_field(model, "holds_follow_up_report"):'),
    ("indicators/loader.py", 'fields["holds_follow_up_report"] = role == "follow_up"'),
}


def program_files() -> list[Path]:
    files = []
    for place in PLACES:
        for path in (ROOT / place).rglob("*"):
            if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts:
                files.append(path)
    return files


def test_no_program_file_names_an_item_number_or_the_old_follow_up_flag():
    found = []
    for path in program_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            name = str(path.relative_to(ROOT))
            if any(name == f and stripped.startswith(start) for f, start in ALLOWED):
                continue
            if ITEM_NUMBER.search(line) or FLAG in line:
                found.append(f"{name}:{number}: {stripped}")
    assert found == []
