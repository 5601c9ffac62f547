"""Management commands that name one assessment by its agency's code and fiscal year (พ.ศ.)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.management.base import CommandError, CommandParser

from ita_portal.lib import thai

from .models import Assessment

ERROR_BAD_YEAR = "ปีงบประมาณต้องเป็นตัวเลข พ.ศ. เช่น 2566 (ได้รับ “{year}”)"
ERROR_NO_ASSESSMENT = "ไม่พบผลการประเมินของหน่วยงาน “{code}” ปีงบประมาณ พ.ศ. {year}"


def add_assessment_arguments(parser: CommandParser) -> None:
    parser.add_argument("agency_code", help="รหัสหน่วยงาน เช่น pathumthani-2")
    parser.add_argument("year", help="ปีงบประมาณ พ.ศ. เช่น 2566 หรือ ๒๕๖๖")


def assessment_from_options(options: Mapping[str, Any]) -> Assessment:
    """The assessment the command's agency_code and year name, or a Thai CommandError."""
    year = thai.to_arabic_digits(str(options["year"])).strip()
    if not year.isdigit():
        raise CommandError(ERROR_BAD_YEAR.format(year=options["year"]))
    code = options["agency_code"]
    assessment = (
        Assessment.objects.select_related("agency", "framework")
        .filter(agency__code=code, framework__fiscal_year=int(year))
        .first()
    )
    if assessment is None:
        raise CommandError(ERROR_NO_ASSESSMENT.format(code=code, year=year))
    return assessment
