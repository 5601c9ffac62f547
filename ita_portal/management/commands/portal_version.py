"""Print the version of the portal this checkout runs (`manage.py version` is Django's own)."""

from __future__ import annotations

import ita_portal
from ita_portal.lib.arguments import PortalCommand

MESSAGE_VERSION = "ITA Portal รุ่น {version}"


class Command(PortalCommand):
    help = "แสดงเลขรุ่นของโปรแกรม (ดูการเปลี่ยนแปลงของแต่ละรุ่นใน CHANGELOG.md)"
    requires_system_checks: list[str] = []

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(MESSAGE_VERSION.format(version=ita_portal.__version__))
