"""manage.py verify_published: every stored published PDF against its recorded SHA-256."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from ita_portal.lib.arguments import PortalCommand
from reports.integrity import MISSING, StoredPdf, report_altered, stored_sha256
from reports.selectors import stored_pdfs

ALL_MATCH = "ตรวจไฟล์ PDF ที่เผยแพร่ {count} ไฟล์: ค่า SHA-256 ตรงกับที่บันทึกไว้ทุกไฟล์"
MISMATCH = "ไฟล์ PDF ที่เผยแพร่ไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ {count} จาก {total} ไฟล์:"
LINE_ALTERED = "- {agency} {year} v{version} ({path}): ไฟล์ถูกแก้ไข (ระบบงดส่งไฟล์นี้)"
LINE_MISSING = "- {agency} {year} v{version} ({path}): ไม่พบไฟล์"


def _line(pdf: StoredPdf, found: str) -> str:
    template = LINE_MISSING if found == MISSING else LINE_ALTERED
    return template.format(
        agency=pdf.agency_code, year=pdf.fiscal_year, version=pdf.version, path=pdf.name
    )


class Command(PortalCommand):
    help = (
        "ตรวจไฟล์ PDF ของรายงานที่เผยแพร่ทุกฉบับกับค่า SHA-256 ที่บันทึกไว้ตอนเผยแพร่ "
        "ถ้ามีไฟล์ที่ไม่ตรงหรือหายไป จะแสดงรายการและจบด้วยสถานะผิดพลาด (สำหรับตั้งเวลาทุกคืน)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        pdfs = stored_pdfs()
        problems = []
        for pdf in pdfs:
            found = stored_sha256(pdf.name)
            if found != pdf.sha256:
                report_altered(pdf, found)
                problems.append(_line(pdf, found))
        if problems:
            heading = MISMATCH.format(count=len(problems), total=len(pdfs))
            raise CommandError("\n".join([heading, *problems]))
        self.stdout.write(ALL_MATCH.format(count=len(pdfs)))
