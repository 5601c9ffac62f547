"""Hostile score files against the import: seconds and peak memory until each is refused.

A 100,000-row bad CSV of about 12 MB and a 115 KB XLSX whose worksheet expands to 26 MB must be
refused in under 5 s with under 300 MB of resident memory, through the command and through the
admin; so must a file at the row limit with every row wrong (the most checking the defaults
allow). Each case runs in a process of its own: the seconds are those of the import call, CPU
and peak RSS (os.wait4) those of the whole process; the baseline imports a one-row file. A last
case raises the limits far above the defaults to show the cost of the streamed check itself.

Runs on a SQLite database of its own in a temporary folder (the demo data, migrated here), so
it needs no national data. `ITA_TREE=/path/to/checkout` measures another checkout (e.g. main,
for the figures before the fix) with this same script.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve()
TREE = Path(os.environ.get("ITA_TREE") or HERE.parent.parent).resolve()
BAD_ROWS = 100_000
AT_LIMIT_ROWS = 12_000  # IMPORT_MAX_ROWS by default
BOMB_ROWS = 92_000  # about 118 KB on disk, 26 MB of worksheet XML
TARGET_S, TARGET_MB = 5.0, 300.0
HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]
GOOD_SCORES = [
    "92.10",
    "88.40",
    "90.05",
    "86.70",
    "84.20",
    "91.30",
    "86.10",
    "85.00",
    "80.55",
    "72.40",
]
IMPORT_URL = "/admin/assessments/scoresheet/import/"


def bad_row(index: int) -> list[str]:
    """A row with several problems: unknown agency, a score out of range, too many decimals."""
    return [f"bad-{index:06d}", "หน่วยงานทดสอบ", "2562", "101", "90.123", *GOOD_SCORES[2:]]


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def _number(value: object) -> str:
    return f"<c><v>{value}</v></c>"


XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
    'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="'
    'application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
    'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def write_xlsx_bomb(path: Path, rows: int) -> None:
    """A valid workbook of identical bad rows without cell references: it compresses ~230×."""
    header = "<row>" + "".join(_inline(h) for h in HEADER) + "</row>"
    row = "<row>" + _inline("bad") + _inline("x") + _number(2562) + _number(101)
    row += _number(90.123) + _number(90.5) * 8 + "</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in XLSX_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + header.encode()
            )
            for _ in range(rows // 1000):
                sheet.write((row * 1000).encode())
            sheet.write(b"</sheetData></worksheet>")


def write_files(folder: Path) -> dict[str, Path]:
    files = {}
    one = folder / "one-row.csv"
    with one.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, ["demo-other", "x", "2562", *GOOD_SCORES]])
    files["one-row.csv"] = one
    bad_csv = folder / "bad-100k.csv"
    with bad_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(bad_row(i) for i in range(BAD_ROWS))
    files["bad-100k.csv"] = bad_csv
    # The worst a file within the default limits can ask: every one of 12,000 rows wrong.
    at_limit = folder / "bad-12k.csv"
    with at_limit.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(bad_row(i) for i in range(AT_LIMIT_ROWS))
    files["bad-12k.csv"] = at_limit
    bomb = folder / "bomb.xlsx"
    write_xlsx_bomb(bomb, BOMB_ROWS)
    files["bomb.xlsx"] = bomb
    return files


def bench_environment(folder: Path) -> dict[str, str]:
    """make bench's production environment (DEBUG off) on a throw-away database of its own."""
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings",
        "AXES_ENABLED": "false",
        # A key start-up accepts without DEBUG (a readable fixed one was refused as weak, and the
        # bench stopped at its first migrate).
        "SECRET_KEY": secrets.token_urlsafe(50),
        "MEDIA_ROOT": str(folder / "media"),
    }


def prepare_database(folder: Path) -> dict[str, str]:
    env = bench_environment(folder)
    for command in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=TREE,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def measure(env: dict[str, str], way: str, path: Path) -> tuple[float, float, float, str]:
    """Seconds of the import itself, CPU seconds and peak resident MB of its process, outcome."""
    process = subprocess.Popen(
        [sys.executable, str(HERE), "--child", way, str(path)],
        cwd=TREE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    seconds, _, outcome = process.stdout.read().decode().strip().partition(" ")
    _, _, usage = os.wait4(process.pid, 0)
    return float(seconds), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, outcome


def child(way: str, path: Path) -> None:
    """Import one file through the command or the admin; print the seconds it took and how."""
    sys.path.insert(0, str(TREE))
    import django

    django.setup()
    if way == "command":
        from django.core.management import CommandError, call_command

        started = time.perf_counter()
        try:
            call_command(
                "import_scores", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO()
            )
            outcome = "accepted"
        except CommandError as exc:
            outcome = f"refused: {str(exc)[:90]}"
        print(f"{time.perf_counter() - started:.3f} {outcome}")
        return
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    client.get(IMPORT_URL)  # the admin's first page load, outside the measure
    with path.open("rb") as handle:
        data = {"format": "1" if path.suffix == ".xlsx" else "0", "import_file": handle}
        started = time.perf_counter()
        response = client.post(IMPORT_URL, data)
        seconds = time.perf_counter() - started
    print(f"{seconds:.3f} HTTP {response.status_code}, page {len(response.content) / 1024:.0f} KiB")


def main() -> None:
    print(f"checkout: {TREE}")
    print("seconds: the import call alone; CPU and peak RSS: its whole process (Django included)")
    with tempfile.TemporaryDirectory(prefix="ita-bench-limits-") as name:
        folder = Path(name)
        files = write_files(folder)
        env = prepare_database(folder)
        for label, path in files.items():
            print(f"file {label}: {path.stat().st_size / 1024:.0f} KiB")
        # Limits raised far above the files: the rows are read and checked (streaming, the
        # problems capped at 200) instead of refused by size or count.
        raised = {**env, "IMPORT_MAX_BYTES": str(64 * 2**20), "IMPORT_MAX_ROWS": "1000000"}
        for way in ("command", "admin"):
            base_s, base_cpu, base_mb, _ = measure(env, way, files["one-row.csv"])
            print(
                f"{way}: one-row file (baseline) {base_s:.2f} s, CPU {base_cpu:.2f} s, {base_mb:.0f} MB"
            )
            for label, limits, environment in (
                ("bad-100k.csv", "default limits", env),
                ("bomb.xlsx", "default limits", env),
                ("bad-12k.csv", "default limits", env),
                ("bad-100k.csv", "limits raised", raised),
            ):
                seconds, cpu, megabytes, outcome = measure(environment, way, files[label])
                ok = seconds <= TARGET_S and megabytes <= TARGET_MB
                verdict = (
                    f"target ≤ {TARGET_S:.0f} s and ≤ {TARGET_MB:.0f} MB: {'OK' if ok else 'MISSED'}"
                    if environment is env
                    else "no target (limits far above the defaults)"
                )
                print(
                    f"RESULT {way} {label} ({limits}): {seconds:.2f} s "
                    f"({seconds / base_s:.1f}× baseline), CPU {cpu:.2f} s, peak {megabytes:.0f} MB, "
                    f"{outcome}; {verdict}"
                )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
