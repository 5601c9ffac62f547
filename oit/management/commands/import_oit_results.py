"""Import the assessors' OIT results of an agency's year from a CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, CommandParser

from assessments.commands import add_assessment_arguments, assessment_from_options
from ita_portal.lib.arguments import PortalCommand
from oit.results_import import read_results_csv, results_import

ERROR_NO_USER = "ไม่พบผู้ใช้ {username}"
ERROR_NO_FILE = "ไม่พบแฟ้ม {path}"
DONE = "บันทึกผลของผู้ประเมิน {count} ข้อแล้ว"


class Command(PortalCommand):
    help = "นำเข้าผลการตรวจ OIT ของผู้ประเมิน (ผ่าน/ไม่ผ่าน) จากแฟ้ม CSV"

    def add_arguments(self, parser: CommandParser) -> None:
        add_assessment_arguments(parser)
        parser.add_argument("file", help="แฟ้ม CSV: code, preliminary_result, …")
        parser.add_argument("--user", required=True, help="ผู้ใช้ของหน่วยงานที่บันทึกเป็นผู้นำเข้า")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = assessment_from_options(options)
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(ERROR_NO_USER.format(username=options["user"]))
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(ERROR_NO_FILE.format(path=path))
        try:
            rows = read_results_csv(path.read_bytes())
            count = results_import(user=user, assessment=assessment, rows=rows)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("\n".join(getattr(exc, "messages", None) or [str(exc)])) from exc
        self.stdout.write(DONE.format(count=count))
