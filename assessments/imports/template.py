"""A score file to fill in: the import's own columns for a year, one row per agency of the user.

Staff download it from the import page (CSV or XLSX), type the scores and upload it back; the
columns are exactly those the import reads (rows.REQUIRED_COLUMNS, i1 … iN of the year's
indicators, rows.OPTIONAL_COLUMNS), so a filled template never fails on its header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from indicators.models import Framework

from ..models import Agency
from .rows import OPTIONAL_COLUMNS, REQUIRED_COLUMNS


def template_columns(framework: Framework) -> list[str]:
    numbers = framework.indicators.order_by("number").values_list("number", flat=True)
    return [*REQUIRED_COLUMNS, *(f"i{number}" for number in numbers), *OPTIONAL_COLUMNS]


def template_rows(framework: Framework, agencies: Iterable[Agency]) -> list[dict[str, Any]]:
    """One row per agency: who and which year filled in, every score and official figure blank."""
    columns = template_columns(framework)
    rows = []
    for agency in agencies:
        row: dict[str, Any] = dict.fromkeys(columns, "")
        row.update(
            agency_code=agency.code,
            agency_name=agency.name,
            fiscal_year=framework.fiscal_year,
            cohort=agency.cohort.code if agency.cohort else "",
        )
        rows.append(row)
    return rows
