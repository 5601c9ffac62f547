"""Render an assessment's analysis report to PDF (and optionally the exact HTML given to WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assessments.models import Assessment
from indicators.scoring import IncompleteScores
from ita_portal.lib.arguments import PortalCommand, output_file
from ita_portal.lib.pdf import document_for_pdf, render_pdf
from reports.report.builder import build_report, render_report_html

ERROR_NOT_FOUND = "ไม่พบผลการประเมินของหน่วยงาน {code} ปีงบประมาณ พ.ศ. {year}"


class Command(PortalCommand):
    help = "สร้างรายงานการวิเคราะห์ผลการประเมิน ITA เป็นไฟล์ PDF จากข้อมูลปัจจุบัน"
    # The system checks import the whole URL configuration (the API schema, the exports…),
    # about as long as the render itself, for a command that serves no page: `manage.py check`
    # and the deployment run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("agency_code")
        parser.add_argument("year", type=int, help="ปีงบประมาณ พ.ศ.")
        parser.add_argument("--output", type=output_file, required=True, help="ไฟล์ PDF ที่จะเขียน")
        parser.add_argument("--html", type=output_file, help="เขียนไฟล์ HTML ที่ส่งให้ WeasyPrint ไว้ด้วย")
        parser.add_argument("--digits", choices=["thai", "arabic"], help="ตัวเลขในรายงาน")
        parser.add_argument("--draft", action="store_true", help="ใส่ลายน้ำ ฉบับร่าง")

    def handle(
        self, *args, agency_code, year, output, html=None, digits=None, draft=False, **options
    ):
        assessment = Assessment.objects.filter(
            agency__code=agency_code, framework__fiscal_year=year
        ).first()
        if assessment is None:
            raise CommandError(ERROR_NOT_FOUND.format(code=agency_code, year=year))
        thai_digits = None if digits is None else digits == "thai"
        try:
            report = build_report(assessment, thai_digits=thai_digits)
        except IncompleteScores as exc:
            raise CommandError(str(exc)) from exc
        document = document_for_pdf(render_report_html(report, mode="pdf", draft=draft))
        if html:
            Path(html).write_text(document, encoding="utf-8")
        Path(output).write_bytes(render_pdf(document))
        self.stdout.write(f"เขียน {output} แล้ว")
