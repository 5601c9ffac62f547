"""Migrations run while the previous release still serves: a migration not in a released list
that drops or renames what the old code reads, or adds a column the old code cannot fill, must
say RELEASE_PHASE = "contract" (run only with the maintenance switch on, docs/deploy.md 2.3)."""

from __future__ import annotations

import sys
import types

import pytest
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

from ita_portal import migration_phases as phases
from tests.manage_subprocess import manage

RELEASE_0_1_0_MIGRATIONS = 42  # git ls-tree bd68dff: */migrations/0*.py


@pytest.fixture(scope="module")
def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def fake_migration(operations: list, *, phase: str | None = None, name: str = "0099_fake"):
    """A migration of the reports app in a module of its own, as the loader would find it."""
    module = types.ModuleType(f"reports.migrations.{name}")
    if phase is not None:
        module.RELEASE_PHASE = phase  # type: ignore[attr-defined]
    migration_class = type(
        "Migration",
        (migrations.Migration,),
        {"__module__": module.__name__, "operations": operations, "dependencies": []},
    )
    module.Migration = migration_class  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return migration_class(name, "reports")


@pytest.fixture(autouse=True)
def _forget_fake_modules():
    yield
    for name in [n for n in sys.modules if n.startswith("reports.migrations.0099_")]:
        del sys.modules[name]


DESTRUCTIVE = [
    migrations.RemoveField("reportpublication", "html"),
    migrations.DeleteModel("PublicationJobItem"),
    migrations.RenameField("reportpublication", "html", "page_html"),
    migrations.RenameModel("PublicationJob", "BulkPublication"),
    # unpublished_at is nullable: the old code still writes NULL there.
    migrations.AlterField("reportpublication", "unpublished_at", models.DateTimeField()),
    # The old code's INSERT does not name the column, and no database default fills it.
    migrations.AddField("reportpublication", "checked", models.BooleanField(default=False)),
]


@pytest.mark.parametrize("operation", DESTRUCTIVE, ids=lambda o: type(o).__name__)
def test_a_destructive_migration_not_marked_contract_is_refused(loader, operation):
    migration = fake_migration([operation])
    found = f"{type(operation).__name__} {operation.describe()}"
    assert phases.unsafe_while_previous_serves([migration], loader) == [
        phases.ERROR_UNMARKED.format(migration="reports.0099_fake", found=found)
    ]
    assert phases.release_phase(migration, loader) == phases.CONTRACT  # never under-reported


@pytest.mark.parametrize("operation", DESTRUCTIVE, ids=lambda o: type(o).__name__)
def test_the_same_migration_marked_contract_passes(loader, operation):
    migration = fake_migration([operation], phase=phases.CONTRACT)
    assert phases.unsafe_while_previous_serves([migration], loader) == []
    assert phases.release_phase(migration, loader) == phases.CONTRACT


SAFE = [
    migrations.AddField("reportpublication", "note", models.TextField(null=True, blank=True)),
    migrations.AddField(
        "reportpublication", "checked", models.BooleanField(db_default=False, default=False)
    ),
    migrations.AlterField(
        "reportpublication", "unpublished_at", models.DateTimeField(null=True, blank=True)
    ),
    migrations.AddIndex(
        "reportpublication", models.Index(fields=["published_at"], name="pub_at_idx")
    ),
]


@pytest.mark.parametrize("operation", SAFE, ids=lambda o: type(o).__name__)
def test_an_expanding_migration_needs_no_mark(loader, operation):
    migration = fake_migration([operation])
    assert phases.unsafe_while_previous_serves([migration], loader) == []
    assert phases.release_phase(migration, loader) == phases.EXPAND


def test_a_misspelt_phase_is_refused(loader):
    migration = fake_migration([], phase="contrat")
    (finding,) = phases.unsafe_while_previous_serves([migration], loader)
    assert finding == phases.ERROR_PHASE.format(migration="reports.0099_fake", phase="contrat")


def test_release_0_1_0_is_recorded_and_every_later_migration_is_safe_or_marked(loader):
    released = phases.released_migrations()
    assert len(released) >= RELEASE_0_1_0_MIGRATIONS
    assert ("indicators", "0001_initial") in released
    assert set(loader.disk_migrations) >= released  # a released migration is never deleted
    assert phases.unsafe_while_previous_serves(phases.unreleased(loader), loader) == []


def test_the_operator_sees_the_phase_of_each_pending_migration(tmp_path):
    env = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    pending = manage("migration_phases", **env)
    assert pending.returncode == 0, pending.stderr
    assert f"indicators.0001_initial ({phases.EXPAND})" in pending.stdout
    assert manage("migrate", "--noinput", **env).returncode == 0
    assert manage("migration_phases", **env).stdout.strip() == phases.MESSAGE_NONE_PENDING
