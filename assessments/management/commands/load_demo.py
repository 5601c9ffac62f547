"""Load the demo agencies, assessments and users (idempotent)."""

from __future__ import annotations

import secrets
from importlib import import_module

from auditlog.context import disable_auditlog
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from assessments.demo import DemoContext


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: สพป.ปทุมธานี เขต ๒ (๒๕๖๒), หน่วยงานที่สอง และผู้ใช้ตัวอย่าง"

    def add_arguments(self, parser):
        parser.add_argument("--password", help="รหัสผ่านของผู้ใช้ตัวอย่าง (ไม่ระบุ = สุ่มและพิมพ์ให้)")

    def handle(self, *args, **options):
        password = options["password"] or secrets.token_urlsafe(9)
        context = DemoContext(password=password)
        # The demo is set-up, not anybody's edit: it stays out of the audit history.
        with transaction.atomic(), disable_auditlog():
            # Each app's demo module builds on what the apps before it made.
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    import_module(f"{app_config.name}.demo").load(context)
        self.stdout.write(self.style.SUCCESS("โหลดข้อมูลตัวอย่างเรียบร้อย"))
        self.stdout.write("เข้าสู่ระบบที่ /admin/ ด้วยผู้ใช้ต่อไปนี้")
        for username in context.users:
            self.stdout.write(f"  ผู้ใช้: {username}  รหัสผ่าน: {password}")
