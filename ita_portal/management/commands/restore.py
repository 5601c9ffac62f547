"""manage.py restore ARCHIVE: into an empty database and media folder, every checksum verified."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from ita_portal.backup import ArchiveSummary, BackupError, backup_restore, backup_verify
from ita_portal.lib.arguments import PortalCommand, path_argument

DONE = "กู้คืนแล้วจาก {path}: ฐานข้อมูล {database}, ไฟล์สื่อ {files} ไฟล์ (ค่า SHA-256 ตรงทุกไฟล์)"
VERIFIED = "ไฟล์สำรอง {path} สมบูรณ์: ฐานข้อมูล {database}, ไฟล์สื่อ {files} ไฟล์ (ค่า SHA-256 ตรงทุกไฟล์)"
SHAPE_ONLY = (
    "ไฟล์สำรองเข้ารหัส {path} ครบถ้วนตามโครงสร้าง ({size:,} ไบต์ SHA-256 {sha256}): "
    "เนื้อในตรวจแล้วก่อนเข้ารหัส ตรวจเนื้อในซ้ำได้บนเครื่องที่มีกุญแจถอดรหัส"
)
ERROR_FOLDER_RESTORE = "กู้คืนต้องระบุไฟล์สำรองทีละไฟล์ ({path} เป็นโฟลเดอร์: ใช้ได้เฉพาะกับ --check)"


class Command(PortalCommand):
    help = (
        "กู้คืนไฟล์สำรองลงฐานข้อมูลเปล่าและโฟลเดอร์ไฟล์สื่อเปล่า ตรวจค่า SHA-256 ทุกไฟล์ก่อน "
        "(--check: ตรวจอย่างเดียว ไม่กู้คืน) ไฟล์ที่เข้ารหัส (.age) ถอดด้วย BACKUP_IDENTITY_FILE "
        "หรือ --identity"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            type=path_argument,
            help="ไฟล์สำรอง ita-backup-…; กับ --check ระบุโฟลเดอร์ได้ (ตรวจไฟล์ใหม่ล่าสุด)",
        )
        parser.add_argument(
            "--check", action="store_true", help="ตรวจไฟล์สำรองกับบัญชีไฟล์เท่านั้น ไม่เขียนอะไร"
        )
        parser.add_argument("--identity", type=path_argument, help="ไฟล์กุญแจถอดรหัส age")
        parser.add_argument(
            "--foreign",
            action="store_true",
            help="กู้คืนไฟล์สำรองของระบบอื่น (SECRET_KEY ต่างจากเครื่องนี้) โดยตั้งใจ",
        )
        parser.add_argument(
            "--without-key",
            action="store_true",
            help="กับ --check: ถ้าไม่มีกุญแจ ตรวจไฟล์ที่เข้ารหัสเฉพาะโครงสร้าง (บนเครื่องแอปทุกคืน)",
        )

    def handle(
        self,
        *args: object,
        archive: Path,
        check: bool,
        identity: Path | None,
        without_key: bool,
        foreign: bool,
        **options: object,
    ) -> None:
        try:
            if check:
                summary = backup_verify(archive=archive, identity=identity, without_key=without_key)
            elif archive.is_dir():
                raise BackupError(ERROR_FOLDER_RESTORE.format(path=archive))
            else:
                summary = backup_restore(archive=archive, identity=identity, foreign=foreign)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if summary.warning:
            self.stderr.write(summary.warning)
        self.stdout.write(_message(summary, check=check))


def _message(summary: ArchiveSummary, *, check: bool) -> str:
    if summary.sha256:
        return SHAPE_ONLY.format(path=summary.path, size=summary.media_bytes, sha256=summary.sha256)
    message = VERIFIED if check else DONE
    return message.format(path=summary.path, database=summary.database, files=summary.media_files)
