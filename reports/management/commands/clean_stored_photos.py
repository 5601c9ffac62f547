"""Strip the metadata (a phone's location) of images stored before uploads were cleaned."""

from __future__ import annotations

from ita_portal.lib.arguments import PortalCommand
from reports.stored_photos import clean_stored_photos


class Command(PortalCommand):
    help = (
        "ลบข้อมูลกล้องและพิกัดที่ถ่าย (EXIF) ออกจากภาพที่เก็บไว้ก่อนระบบทำให้อัตโนมัติ"
        " และย่อภาพที่ใหญ่เกินขนาดที่เก็บ ภาพที่สะอาดแล้วไม่ถูกแตะต้อง"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="นับภาพที่จะต้องทำ โดยยังไม่เปลี่ยนไฟล์ใด"
        )

    def handle(self, *args, **options) -> None:
        summary = clean_stored_photos(dry_run=options["dry_run"])
        verb = "จะต้องทำ" if options["dry_run"] else "ทำแล้ว"
        self.stdout.write(
            f"ตรวจไฟล์ {summary.checked} ไฟล์ {verb} {summary.cleaned} ภาพ"
            f" ข้าม {len(summary.skipped)} ไฟล์"
        )
        for line in summary.skipped:
            self.stderr.write(f"ข้าม {line}")
