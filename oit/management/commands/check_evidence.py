"""Check every evidence link of an agency's assessment year now and list the broken or slow ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from assessments.commands import add_assessment_arguments, assessment_from_options
from ita_portal.lib.arguments import PortalCommand
from oit import selectors, services

SUMMARY = "ตรวจ {checked} ลิงก์: ใช้ได้ {ok} ใช้ไม่ได้ {broken} ตอบช้า {slow}"
PROBLEM = "  {code} {url} — {what}"
SLOW = "ตอบช้า ({ms} มิลลิวินาที)"


class Command(PortalCommand):
    help = "ตรวจลิงก์หลักฐาน OIT ทุกข้อของหน่วยงานในปีงบประมาณที่ระบุ"

    def add_arguments(self, parser: CommandParser) -> None:
        add_assessment_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = assessment_from_options(options)
        summary = services.evidence_check_links(assessment=assessment)
        self.stdout.write(SUMMARY.format(**summary.__dict__))
        for code, link in selectors.link_problems(assessment):
            what = link.message if link.ok is False else SLOW.format(ms=link.response_ms)
            self.stdout.write(PROBLEM.format(code=code, url=link.url, what=what))
