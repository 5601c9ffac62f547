"""Which migrations may run while the previous release still serves (docs/deploy.md 2.3).

An upgrade migrates with the new code while the old code keeps answering ("expand"). A
migration that drops or renames what the old code reads, makes a column it writes NULL into
NOT NULL, or adds a column its INSERTs cannot fill, breaks the old code: it must be marked
`RELEASE_PHASE = "contract"` at module level and runs only with the maintenance switch on.
Migrations of a released version (ita_portal/released_migrations/<version>.txt) are history.
RunPython and RunSQL cannot be read: whoever writes one decides and marks it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.db import models
from django.db.migrations import operations as ops
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation
from django.db.models.fields import NOT_PROVIDED

EXPAND = "expand"
CONTRACT = "contract"
PHASES = (EXPAND, CONTRACT)
RELEASED = Path(__file__).resolve().parent / "released_migrations"
ERROR_UNMARKED = (
    "{migration} ทำให้รุ่นก่อนที่ยังให้บริการอยู่ใช้งานไม่ได้ ({found}): แยกเป็นขั้น expand/contract"
    ' หรือประกาศ RELEASE_PHASE = "contract" (รันเฉพาะตอนปิดปรับปรุง docs/deploy.md หัวข้อ 2.3)'
)
ERROR_PHASE = '{migration}: RELEASE_PHASE = "{phase}" ไม่รู้จัก ใช้ "expand" หรือ "contract"'
MESSAGE_NONE_PENDING = "ไม่มี migration ที่รอรัน"
MESSAGE_ALL_EXPAND = (
    "รอรัน {count} รายการ ทุกรายการเป็นแบบ expand: รัน migrate ด้วยรุ่นใหม่ได้ขณะรุ่นเดิมยังให้บริการ"
)
MESSAGE_CONTRACT = (
    "รอรัน {count} รายการ มีแบบ contract {contract} รายการ: เปิดสวิตช์ปิดปรับปรุงและหยุด worker ก่อน migrate"
    " (docs/deploy.md หัวข้อ 2.3)"
)
ALWAYS_BREAKING = (ops.RemoveField, ops.DeleteModel, ops.RenameField, ops.RenameModel)

Key = tuple[str, str]


def _label(migration: Migration) -> str:
    return f"{migration.app_label}.{migration.name}"


def _declared_phase(migration: Migration) -> str:
    module = sys.modules.get(type(migration).__module__)
    return getattr(module, "RELEASE_PHASE", EXPAND)


def _field_before(
    migration: Migration, operation: ops.AddField | ops.AlterField, loader: MigrationLoader
) -> tuple[bool, models.Field | None]:
    """(did the model exist before this migration, its field of that name then)."""
    key = (migration.app_label, migration.name)
    # A migration not yet in the graph (being written, or a test's) comes after all others.
    in_graph = key in loader.graph.nodes
    before = loader.project_state(key, at_end=False) if in_graph else loader.project_state()
    model = before.models.get((migration.app_label, operation.model_name_lower))
    return model is not None, model.fields.get(operation.name) if model else None


def _unfillable(migration: Migration, operation: ops.AddField, loader: MigrationLoader) -> bool:
    """A new column of an existing table, which the old code's INSERTs leave out and the
    database cannot fill (Django's `default` is the application's, not the database's)."""
    field = operation.field
    if field.null or field.many_to_many or field.db_default is not NOT_PROVIDED:
        return False
    return _field_before(migration, operation, loader)[0]


def _tightened(migration: Migration, operation: ops.AlterField, loader: MigrationLoader) -> bool:
    """A nullable column made NOT NULL: the old code may still write NULL into it."""
    if operation.field.null:
        return False
    old = _field_before(migration, operation, loader)[1]
    return bool(old is not None and old.null)


def _breaks(migration: Migration, operation: Operation, loader: MigrationLoader) -> bool:
    if isinstance(operation, ALWAYS_BREAKING):
        return True
    if isinstance(operation, ops.AddField):
        return _unfillable(migration, operation, loader)
    if isinstance(operation, ops.AlterField):
        return _tightened(migration, operation, loader)
    return False


def breaking_operations(migration: Migration, loader: MigrationLoader) -> list[str]:
    """The operations of the migration that the previous release's code cannot live with."""
    found = []
    for operation in migration.operations:
        if _breaks(migration, operation, loader):
            found.append(f"{type(operation).__name__} {operation.describe()}")
    return found


def release_phase(migration: Migration, loader: MigrationLoader) -> str:
    """contract when marked so or when it breaks the old code (an operator is never told less)."""
    if _declared_phase(migration) == CONTRACT or breaking_operations(migration, loader):
        return CONTRACT
    return EXPAND


def unsafe_while_previous_serves(candidates: list[Migration], loader: MigrationLoader) -> list[str]:
    """One Thai line per migration that breaks the old code without saying it is a contract."""
    problems = []
    for migration in candidates:
        declared = _declared_phase(migration)
        if declared not in PHASES:
            problems.append(ERROR_PHASE.format(migration=_label(migration), phase=declared))
            continue
        found = breaking_operations(migration, loader) if declared == EXPAND else []
        if found:
            problems.append(
                ERROR_UNMARKED.format(migration=_label(migration), found="; ".join(found))
            )
    return problems


def released_migrations(folder: Path = RELEASED) -> set[Key]:
    """Every migration some released version shipped (app_label.name per line)."""
    keys: set[Key] = set()
    for listing in folder.glob("*.txt"):
        for line in listing.read_text(encoding="utf-8").split():
            app_label, _, name = line.partition(".")
            keys.add((app_label, name))
    return keys


def unreleased(loader: MigrationLoader) -> list[Migration]:
    """The project's migrations no release has shipped yet (third-party apps' are not ours)."""
    ours = {
        path.parent.parent.name
        for path in Path(__file__).resolve().parents[1].glob("*/migrations/__init__.py")
    }
    released = released_migrations()
    return [
        migration
        for key, migration in sorted(loader.disk_migrations.items())
        if key[0] in ours and key not in released
    ]
