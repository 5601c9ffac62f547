"""Result files of a year (CSV, XLSX, JSON): the engine's figures, ranks within each cohort.

Every path out (the export_results command, the open-data files, the admin export) goes
through here, so formula injection is neutralised once for all: a text cell that starts with
=, +, -, @, TAB or CR gets a leading apostrophe (OWASP ASVS 1.2.10). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from assessments.models import Assessment, PublishedFigures, ResultFigures
from indicators.models import Framework
from indicators.scoring import competition_ranks

from .figures import figures_ensure

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
IDENTITY_COLUMNS = ("agency_code", "agency_name", "fiscal_year")
# total is the engine's; official_total the announced one where there is one (shown first).
TAIL_COLUMNS = (
    "total",
    "official_total",
    "grade",
    "passed",
    "result_level",
    "rank",
    "cohort_size",
)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert; other values unchanged.

    A lone "-" (the exports' "nothing") runs nothing and stays as it is: prefixed, a CSV opened
    in Excel showed the apostrophe.
    """
    if isinstance(value, str) and value != "-" and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def columns_for(framework: Framework) -> list[str]:
    """agency_code … fiscal_year, <tool>_percent for each tool, <tool>_points, total … cohort_size."""
    codes = [t.code.lower() for t in framework.tools.order_by("order", "code")]
    return [
        *IDENTITY_COLUMNS,
        *(f"{c}_percent" for c in codes),
        *(f"{c}_points" for c in codes),
        *TAIL_COLUMNS,
    ]


def _figures(framework: Framework, *, published_only: bool) -> QuerySet[Any]:
    """The year's figures with a total: as published (frozen), or as the data stand now."""
    if published_only:
        return PublishedFigures.objects.filter(framework=framework, total__isnull=False)
    # Staff exports of the live data (a download asked for, not a public page) make sure the
    # figures are current; the public reads only the frozen published figures.
    assessments = Assessment.objects.filter(framework=framework)
    figures_ensure(assessments, framework)
    return ResultFigures.objects.filter(assessment__in=assessments, total__isnull=False)


def year_rows(framework: Framework, *, published_only: bool) -> list[dict[str, Any]]:
    """One dict per assessment of the year with complete scores, ranked within its cohort."""
    columns = columns_for(framework)
    tool_codes = {t.code.lower(): t.code for t in framework.tools.all()}
    tool_columns = [c.removesuffix("_percent") for c in columns if c.endswith("_percent")]
    official = "official_total" if published_only else "assessment__official_total"
    records = list(
        _figures(framework, published_only=published_only)
        .order_by("assessment__agency__cohort__code", "-total", "assessment__agency__code")
        .values_list(
            "assessment__agency__code",
            "assessment__agency__name",
            "assessment__agency__cohort_id",
            "total",
            "grade",
            "passed",
            "result_level",
            "tools",
            official,
        )
    )
    by_cohort: dict[int | None, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_cohort[record[2]].append(index)
    ranks: dict[int, tuple[int | None, int | None]] = {}
    for cohort_id, indexes in by_cohort.items():
        if cohort_id is None:  # an agency outside any cohort has nobody to be ranked against
            ranks.update({i: (None, None) for i in indexes})
            continue
        # Only figures with a total are read (total__isnull=False above).
        cohort_ranks = competition_ranks([records[i][3] or Decimal(0) for i in indexes])
        ranks.update({i: (r, len(indexes)) for i, r in zip(indexes, cohort_ranks, strict=True)})
    rows = []
    for index, (code, name, _, total, grade, passed, level, tools, announced) in enumerate(records):
        row: dict[str, Any] = {
            "agency_code": code,
            "agency_name": name,
            "fiscal_year": framework.fiscal_year,
        }
        for part in ("percent", "points"):
            for tool in tool_columns:
                row[f"{tool}_{part}"] = _dec(tools.get(tool_codes[tool], {}).get(part))
        row.update(
            {
                "total": total,
                "official_total": announced,
                "grade": grade,
                "passed": passed,
                "result_level": level,
                "rank": ranks[index][0],
                "cohort_size": ranks[index][1],
            }
        )
        rows.append(row)
    return rows


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_csv(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with BOM (Excel then reads Thai correctly), formula cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(neutralise(row[c])) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(columns)
    for row in rows:
        cells = []
        for column in columns:
            value = row[column]
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, str):
                value = neutralise(value)
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def write_json(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    # JSON is data, not a spreadsheet: no formula neutralising, exact figures as numbers.
    data = [{c: _json_value(row[c]) for c in columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}


def export_year(framework: Framework, file_format: str, *, published_only: bool) -> bytes:
    """The year's results as a file of file_format (csv, xlsx or json)."""
    columns = columns_for(framework)
    rows = year_rows(framework, published_only=published_only)
    return WRITERS[file_format](columns, rows)
