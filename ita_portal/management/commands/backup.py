"""manage.py backup OUTPUT_DIR: one archive with the database, every media file and a manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from ita_portal.backup import BackupError, backup_create
from ita_portal.lib.arguments import PortalCommand, path_argument

DONE = (
    "เขียนไฟล์สำรองแล้ว{encrypted}: {path} (ฐานข้อมูล {database}, ไฟล์สื่อ {files} ไฟล์ {size:,} ไบต์; "
    "ตรวจค่า SHA-256 ทุกไฟล์แล้ว)"
)
ENCRYPTED = " (เข้ารหัสด้วย age)"


class Command(PortalCommand):
    help = (
        "สำรองฐานข้อมูลและไฟล์สื่อทั้งหมดเป็นไฟล์ tar.gz เดียว พร้อมบัญชีไฟล์และค่า SHA-256 "
        "ตรวจก่อนเข้ารหัสด้วย age ถึง BACKUP_ENCRYPTION_RECIPIENTS"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output_dir", type=path_argument, help="โฟลเดอร์ที่จะเขียนไฟล์สำรอง")

    def handle(self, *args: object, output_dir: Path, **options: object) -> None:
        try:
            summary = backup_create(output_dir=output_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            DONE.format(
                path=summary.path,
                database=summary.database,
                files=summary.media_files,
                size=summary.media_bytes,
                encrypted=ENCRYPTED if summary.encrypted else "",
            )
        )
