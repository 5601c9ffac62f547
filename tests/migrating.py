"""Migration tests: move the test database to a migration state, and back to the latest after.

Use `migrate_to(targets)` for the apps of that state (historical models to create old rows with
or to read the migrated ones), and the `back_to_latest` fixture (tests/conftest.py) so the
tests after it find every table.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> Any:
    """Migrate (forwards or backwards) to targets; the app registry of that state."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def leaf_nodes() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
