"""manage.py export_results --year YEAR [--format csv|xlsx|json] [--output FILE]."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from assessments.models import Assessment
from assessments.results.exports import FORMATS, export_year
from assessments.results.figures import figures_ensure
from indicators.models import DEFAULT_ISSUER_CODE
from indicators.selectors import framework_for
from ita_portal.lib.arguments import PortalCommand, output_file
from ita_portal.lib.thai import to_arabic_digits

ERROR_NO_YEAR = "ไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year}"
ERROR_XLSX_NEEDS_OUTPUT = "แฟ้ม XLSX ต้องระบุ --output"


class Command(PortalCommand):
    help = "ส่งออกผลการประเมินของปีงบประมาณหนึ่ง (คะแนนคำนวณโดยระบบ ลำดับในกลุ่มเปรียบเทียบ)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", required=True, help="ปีงบประมาณ พ.ศ.")
        parser.add_argument(
            "--issuer", default=DEFAULT_ISSUER_CODE, help="รหัสผู้ออกเกณฑ์ (ไม่ระบุ = nacc)"
        )
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument(
            "--output", type=output_file, help="แฟ้มปลายทาง (ไม่ระบุ = แสดงผลทางหน้าจอ)"
        )
        parser.add_argument("--published-only", action="store_true", help="เฉพาะผลที่เผยแพร่แล้ว")

    def handle(self, *args: Any, **options: Any) -> None:
        year_text = to_arabic_digits(str(options["year"])).strip()
        framework = (
            framework_for(options["issuer"], int(year_text)) if year_text.isdigit() else None
        )
        if framework is None:
            raise CommandError(ERROR_NO_YEAR.format(year=options["year"]))
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError(ERROR_XLSX_NEEDS_OUTPUT)
        # A command may write: figures that a framework change left stale are refreshed first.
        figures_ensure(Assessment.objects.filter(framework=framework), framework)
        data = export_year(framework, options["format"], published_only=options["published_only"])
        if options["output"]:
            Path(options["output"]).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
