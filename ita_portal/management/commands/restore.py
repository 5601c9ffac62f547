"""manage.py restore ARCHIVE: into an empty database and media folder, every checksum verified."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_portal.backup import BackupError, backup_restore, backup_verify

DONE = "กู้คืนแล้วจาก {path}: ฐานข้อมูล {database}, ไฟล์สื่อ {files} ไฟล์ (ค่า SHA-256 ตรงทุกไฟล์)"
VERIFIED = "ไฟล์สำรอง {path} สมบูรณ์: ฐานข้อมูล {database}, ไฟล์สื่อ {files} ไฟล์ (ค่า SHA-256 ตรงทุกไฟล์)"


class Command(BaseCommand):
    help = (
        "กู้คืนไฟล์สำรองลงฐานข้อมูลเปล่าและโฟลเดอร์ไฟล์สื่อเปล่า ตรวจค่า SHA-256 ทุกไฟล์ก่อน "
        "(--check: ตรวจอย่างเดียว ไม่กู้คืน)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="ไฟล์สำรอง ita-backup-….tar.gz")
        parser.add_argument(
            "--check", action="store_true", help="ตรวจไฟล์สำรองกับบัญชีไฟล์เท่านั้น ไม่เขียนอะไร"
        )

    def handle(self, *args: object, archive: Path, check: bool, **options: object) -> None:
        try:
            if check:
                summary = backup_verify(archive=archive)
            else:
                summary = backup_restore(archive=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        message = VERIFIED if check else DONE
        self.stdout.write(
            message.format(path=summary.path, database=summary.database, files=summary.media_files)
        )
