"""Send today's reminder digests (for cron where no Celery beat runs)."""

from __future__ import annotations

from django.utils import timezone

from ita_portal.lib.arguments import PortalCommand
from reports.reminders import send_reminders


class Command(PortalCommand):
    help = "ส่งอีเมลแจ้งเตือนงานที่ใกล้ถึงกำหนดและเลยกำหนด (ไม่เกินวันละหนึ่งฉบับต่อผู้ใช้)"

    def handle(self, *args, **options) -> None:
        sent = send_reminders(today=timezone.localdate())
        self.stdout.write(f"ส่งอีเมลแจ้งเตือนแล้ว {sent} ฉบับ")
