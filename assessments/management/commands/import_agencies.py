"""manage.py import_agencies FILE.csv: the hierarchy of agencies (code, name, parent_code, issuer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from assessments.agency_import import agencies_import_path
from assessments.imports.problems import ScoreImportError
from ita_portal.lib.arguments import PortalCommand

ERROR_NO_FILE = "ไม่พบแฟ้ม {path}"
MESSAGE_DONE = "นำเข้าแล้ว: {summary}"
MESSAGE_FAILED = "นำเข้าไม่สำเร็จ ไม่มีการเปลี่ยนแปลงใด ๆ ({count} ปัญหา)"


class Command(PortalCommand):
    help = (
        "นำเข้าลำดับชั้นของหน่วยงานจากแฟ้ม CSV (UTF-8) คอลัมน์ code, name, parent_code, issuer"
        " ทั้งแฟ้มหรือไม่บันทึกเลย"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="แฟ้ม .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(ERROR_NO_FILE.format(path=path))
        try:
            report = agencies_import_path(path)
        except ScoreImportError as exc:
            self.stderr.write(str(exc))  # every problem listed, one a line
            raise CommandError(MESSAGE_FAILED.format(count=exc.count)) from exc
        self.stdout.write(MESSAGE_DONE.format(summary=report.summary))
