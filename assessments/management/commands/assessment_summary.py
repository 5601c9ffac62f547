"""Print an assessment's computed result as JSON."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from assessments.commands import add_assessment_arguments, assessment_from_options
from assessments.selectors import assessment_summary
from indicators.scoring import IncompleteScores
from ita_portal.lib.arguments import PortalCommand


class Command(PortalCommand):
    help = "แสดงผลการคำนวณของผลการประเมินเป็น JSON"

    def add_arguments(self, parser):
        add_assessment_arguments(parser)

    def handle(self, *args, **options):
        assessment = assessment_from_options(options)
        try:
            summary = assessment_summary(assessment)
        except IncompleteScores as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
