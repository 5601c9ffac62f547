"""List the migrations `migrate` would run and whether each may run while the previous release
still serves (expand) or needs the maintenance switch (contract): docs/deploy.md 2.3."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ita_portal.lib.arguments import PortalCommand
from ita_portal.migration_phases import (
    CONTRACT,
    MESSAGE_ALL_EXPAND,
    MESSAGE_CONTRACT,
    MESSAGE_NONE_PENDING,
    release_phase,
)


class Command(PortalCommand):
    help = (
        "แสดง migration ที่รอรัน และแต่ละรายการรันขณะรุ่นเดิมยังให้บริการได้ (expand) หรือต้องปิดปรับปรุง (contract)"
    )

    def handle(self, *args: object, **options: object) -> None:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        pending = [migration for migration, backwards in plan if not backwards]
        if not pending:
            self.stdout.write(MESSAGE_NONE_PENDING)
            return
        phases = [release_phase(migration, executor.loader) for migration in pending]
        for migration, phase in zip(pending, phases, strict=True):
            self.stdout.write(f"  {migration.app_label}.{migration.name} ({phase})")
        contract = phases.count(CONTRACT)
        if contract:
            self.stdout.write(MESSAGE_CONTRACT.format(count=len(pending), contract=contract))
        else:
            self.stdout.write(MESSAGE_ALL_EXPAND.format(count=len(pending)))
