"""manage.py backup_prune DIR --daily 14 --weekly 8 --monthly 12: retention by Bangkok dates."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ita_portal.lib.retention import Policy, prune


class Command(BaseCommand):
    help = (
        "ลบไฟล์สำรองที่เกินนโยบาย: เก็บไฟล์ล่าสุดของแต่ละวัน สัปดาห์ (จันทร์–อาทิตย์) "
        "และไฟล์แรกของแต่ละเดือน นับวันตามเวลากรุงเทพฯ ไฟล์ใหม่ล่าสุดไม่ถูกลบ"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="โฟลเดอร์ไฟล์สำรอง")
        parser.add_argument("--daily", type=int, default=14, help="จำนวนวันล่าสุดที่เก็บ")
        parser.add_argument("--weekly", type=int, default=0, help="จำนวนสัปดาห์ล่าสุดที่เก็บ")
        parser.add_argument("--monthly", type=int, default=0, help="จำนวนเดือนล่าสุดที่เก็บ")
        parser.add_argument("--dry-run", action="store_true", help="บอกว่าจะลบอะไร แต่ไม่ลบ")

    def handle(
        self,
        *args: object,
        folder: Path,
        daily: int,
        weekly: int,
        monthly: int,
        dry_run: bool,
        **options: object,
    ) -> None:
        try:
            prune(folder, Policy(daily, weekly, monthly), dry_run=dry_run, say=self.stdout.write)
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
