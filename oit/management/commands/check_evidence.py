"""Check every evidence link of an agency's assessment year now and list the broken or slow ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from ita_portal.lib import thai
from oit import selectors, services

ERROR_NO_ASSESSMENT = "ไม่พบผลการประเมินของหน่วยงาน “{code}” ปีงบประมาณ พ.ศ. {year}"
ERROR_BAD_YEAR = "ปีงบประมาณต้องเป็นตัวเลข พ.ศ. เช่น 2566 (ได้รับ “{year}”)"
SUMMARY = "ตรวจ {checked} ลิงก์: ใช้ได้ {ok} ใช้ไม่ได้ {broken} ตอบช้า {slow}"
PROBLEM = "  {code} {url} — {what}"
SLOW = "ตอบช้า ({ms} มิลลิวินาที)"


class Command(BaseCommand):
    help = "ตรวจลิงก์หลักฐาน OIT ทุกข้อของหน่วยงานในปีงบประมาณที่ระบุ"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agency_code", help="รหัสหน่วยงาน เช่น pathumthani-2")
        parser.add_argument("year", help="ปีงบประมาณ พ.ศ. เช่น 2566")

    def handle(self, *args: Any, **options: Any) -> None:
        raw_year = thai.to_arabic_digits(options["year"])
        if not raw_year.isdigit():
            raise CommandError(ERROR_BAD_YEAR.format(year=options["year"]))
        assessment = (
            Assessment.objects.select_related("agency", "framework")
            .filter(agency__code=options["agency_code"], framework__fiscal_year=int(raw_year))
            .first()
        )
        if assessment is None:
            raise CommandError(
                ERROR_NO_ASSESSMENT.format(code=options["agency_code"], year=raw_year)
            )
        summary = services.evidence_check_links(assessment=assessment)
        self.stdout.write(SUMMARY.format(**summary.__dict__))
        for code, link in selectors.link_problems(assessment):
            what = link.message if link.ok is False else SLOW.format(ms=link.response_ms)
            self.stdout.write(PROBLEM.format(code=code, url=link.url, what=what))
