"""manage.py import_scores FILE [--dry-run] [--create-agencies]: score sheets from CSV or XLSX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from assessments.imports.problems import MESSAGE_MORE
from assessments.imports.score_import import (
    NEW,
    SKIP,
    UPDATE,
    ImportReport,
    ScoreImportError,
    scores_import_path,
)
from ita_portal.lib.arguments import PortalCommand

ERROR_NO_FILE = "ไม่พบแฟ้ม {path}"
MESSAGE_DRY_RUN = "ทดลองนำเข้า (ไม่บันทึก): {summary}"
MESSAGE_DONE = "นำเข้าแล้ว: {summary}"
MESSAGE_FAILED = "นำเข้าไม่สำเร็จ ไม่มีการบันทึกข้อมูลใด ๆ ({count} ปัญหา)"
LABELS = {NEW: "สร้างใหม่", UPDATE: "ปรับปรุง", SKIP: "ไม่เปลี่ยนแปลง"}


class Command(PortalCommand):
    help = "นำเข้าคะแนนตัวชี้วัดจากแฟ้ม CSV (UTF-8) หรือ XLSX ทั้งแฟ้มหรือไม่บันทึกเลย"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="แฟ้ม .csv หรือ .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="ตรวจและแสดงผล ไม่บันทึก")
        parser.add_argument(
            "--create-agencies", action="store_true", help="สร้างหน่วยงานที่ยังไม่มีในระบบ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(ERROR_NO_FILE.format(path=path))
        try:
            report = scores_import_path(
                path, create_agencies=options["create_agencies"], dry_run=options["dry_run"]
            )
        except ScoreImportError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            if exc.more:
                self.stderr.write(MESSAGE_MORE.format(count=exc.more))
            raise CommandError(MESSAGE_FAILED.format(count=exc.count)) from exc
        if options["verbosity"] >= 2:
            self._write_rows(report)
        template = MESSAGE_DRY_RUN if options["dry_run"] else MESSAGE_DONE
        self.stdout.write(template.format(summary=report.summary))

    def _write_rows(self, report: ImportReport) -> None:
        for item in report.rows:
            changes = f" ({', '.join(item.changes)})" if item.changes else ""
            self.stdout.write(
                f"บรรทัดที่ {item.row.line} {item.row.agency_code} {item.row.fiscal_year}: "
                f"{LABELS[item.action]}{changes}"
            )
