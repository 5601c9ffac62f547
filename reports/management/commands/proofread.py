"""manage.py proofread AGENCY_CODE YEAR: probable misspellings of a report's texts, as JSON."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.management.base import CommandError

from assessments.models import Assessment
from ita_portal.lib.arguments import PortalCommand
from reports.proofreading.sources import assessment_findings

logger = logging.getLogger(__name__)

ERROR_NOT_FOUND = "ไม่พบผลการประเมินของหน่วยงาน {code} ปีงบประมาณ {year}"


class Command(PortalCommand):
    help = "พิมพ์คำที่อาจสะกดผิดในข้อความของรายงาน (JSON: field, object, word, context)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("agency_code")
        parser.add_argument("year", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = (
            Assessment.objects.select_related("agency", "framework")
            .filter(agency__code=options["agency_code"], framework__fiscal_year=options["year"])
            .first()
        )
        if assessment is None:
            raise CommandError(
                ERROR_NOT_FOUND.format(code=options["agency_code"], year=options["year"])
            )
        findings = assessment_findings(assessment)
        logger.info(
            "proofread: agency=%s year=%s findings=%s",
            assessment.agency.code,
            assessment.fiscal_year,
            len(findings),
        )
        self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=1))
