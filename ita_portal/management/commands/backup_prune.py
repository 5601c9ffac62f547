"""manage.py backup_prune DIR --daily 14 --weekly 8 --monthly 12: retention by Bangkok dates."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from ita_portal.lib.arguments import PortalCommand, path_argument
from ita_portal.lib.retention import Policy, prune


class Command(PortalCommand):
    help = (
        "ลบไฟล์สำรองที่เกินนโยบาย: เก็บไฟล์ล่าสุดของแต่ละวัน สัปดาห์ (จันทร์–อาทิตย์) "
        "และไฟล์แรกของแต่ละเดือน นับวันตามเวลากรุงเทพฯ ไฟล์ใหม่ล่าสุดไม่ถูกลบ"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=path_argument, help="โฟลเดอร์ไฟล์สำรอง")
        parser.add_argument("--daily", type=int, help="จำนวนวันล่าสุดที่เก็บ (BACKUP_KEEP_DAYS)")
        parser.add_argument("--weekly", type=int, help="จำนวนสัปดาห์ล่าสุดที่เก็บ (BACKUP_KEEP_WEEKS)")
        parser.add_argument("--monthly", type=int, help="จำนวนเดือนล่าสุดที่เก็บ (BACKUP_KEEP_MONTHS)")
        parser.add_argument("--dry-run", action="store_true", help="บอกว่าจะลบอะไร แต่ไม่ลบ")

    def handle(
        self,
        *args: object,
        folder: Path,
        daily: int | None,
        weekly: int | None,
        monthly: int | None,
        dry_run: bool,
        **options: object,
    ) -> None:
        policy = Policy(
            settings.BACKUP_KEEP_DAYS if daily is None else daily,
            settings.BACKUP_KEEP_WEEKS if weekly is None else weekly,
            settings.BACKUP_KEEP_MONTHS if monthly is None else monthly,
        )
        try:
            prune(folder, policy, dry_run=dry_run, say=self.stdout.write)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
