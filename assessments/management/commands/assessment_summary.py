"""Print an assessment's computed result as JSON."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from assessments.selectors import assessment_summary
from indicators.scoring import IncompleteScores


class Command(BaseCommand):
    help = "แสดงผลการคำนวณของผลการประเมินเป็น JSON"

    def add_arguments(self, parser):
        parser.add_argument("agency_code")
        parser.add_argument("year", type=int, help="ปีงบประมาณ พ.ศ.")

    def handle(self, *args, agency_code, year, **options):
        assessment = (
            Assessment.objects.filter(agency__code=agency_code, framework__fiscal_year=year)
            .select_related("agency", "framework")
            .first()
        )
        if assessment is None:
            raise CommandError(f"ไม่พบผลการประเมินของหน่วยงาน {agency_code} ปีงบประมาณ พ.ศ. {year}")
        try:
            summary = assessment_summary(assessment)
        except IncompleteScores as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
