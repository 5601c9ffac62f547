"""Load the demo agencies, assessments and users; an existing demo is kept unless --reset."""

from __future__ import annotations

import logging
import secrets
from importlib import import_module
from pathlib import Path

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from assessments import services
from assessments.demo import ALL_DEMO_USERNAMES, DemoContext, demo_loaded, demo_user_roles
from ita_portal.lib.arguments import PortalCommand

logger = logging.getLogger(__name__)

MESSAGE_LOADED = "โหลดข้อมูลตัวอย่างเรียบร้อย"
MESSAGE_KEPT = "ใช้ข้อมูลตัวอย่างเดิม ไม่ได้โหลดทับ (โหลดใหม่ทั้งหมด: make demo-reset หรือ load_demo --reset)"
MESSAGE_PASSWORD_KEPT = "รหัสผ่านเดิมที่ตั้งไว้เมื่อโหลดครั้งแรก"


class Command(PortalCommand):
    help = "โหลดข้อมูลตัวอย่าง: สพป.ปทุมธานี เขต ๒ (๒๕๖๒) กับโรงเรียนสมมุติในสังกัด หน่วยงานที่สอง และผู้ใช้ตัวอย่าง"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", help="รหัสผ่านของผู้ใช้ตัวอย่าง (ไม่ระบุ = สุ่มเมื่อโหลดใหม่ หรือคงรหัสเดิม)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="โหลดข้อมูลตัวอย่างใหม่ทับของเดิม (สิ่งที่แก้ไว้หายไป)"
        )
        parser.add_argument(
            "--password-file", help="แฟ้มที่จำรหัสผ่านของผู้ใช้ตัวอย่างไว้ (make run ใช้ .demo_password)"
        )

    def handle(self, *args, **options):
        file = Path(options["password_file"]) if options["password_file"] else None
        password = options["password"]
        if options["reset"] or not demo_loaded():
            password = password or secrets.token_urlsafe(9)
            _load(password)
            logger.info("demo loaded (reset=%s)", options["reset"])
            self.stdout.write(self.style.SUCCESS(MESSAGE_LOADED))
        else:
            if password:
                for user in get_user_model().objects.filter(username__in=ALL_DEMO_USERNAMES):
                    services.user_set_password(user=user, password=password)
            logger.info("demo kept (password changed=%s)", bool(password))
            self.stdout.write(self.style.SUCCESS(MESSAGE_KEPT))
        if password and file:
            file.write_text(password + "\n")
            file.chmod(0o600)
        elif not password and file and file.exists():
            password = file.read_text().strip()
        self._print_users(password or MESSAGE_PASSWORD_KEPT)

    def _print_users(self, password: str) -> None:
        self.stdout.write("เข้าสู่ระบบที่ /admin/ ด้วยผู้ใช้ต่อไปนี้")
        for username, roles in demo_user_roles().items():
            self.stdout.write(f"  ผู้ใช้: {username}  รหัสผ่าน: {password}")
            self.stdout.write(f"      บทบาท: {'; '.join(roles) or '-'}")


def _load(password: str) -> None:
    context = DemoContext(password=password)
    # The demo is set-up, not anybody's edit: it stays out of the audit history.
    with transaction.atomic(), disable_auditlog():
        # Each app's demo module builds on what the apps before it made.
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "demo"):
                import_module(f"{app_config.name}.demo").load(context)
