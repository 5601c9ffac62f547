"""Optimistic locking: a row's lock_version is claimed at save, so a stale form cannot overwrite.

Every editor's form carries the lock_version it was made from; saving runs
``UPDATE … SET lock_version = n + 1 WHERE pk = … AND lock_version = n`` in the saving
transaction. The second of two people who opened version n finds no row to update: nothing of
theirs is written and they are shown what changed. On PostgreSQL the UPDATE also holds the row
until commit, so two saves at the same moment are ordered and the later one fails here.
"""

from __future__ import annotations

from django.db.models import F, Model


class StaleEdit(Exception):
    """The row changed after the editor's form was made (its lock_version is no longer theirs)."""


def current_version(model: type[Model], pk: object) -> int | None:
    """The row's lock_version now, or None when the row is gone."""
    return (
        model._default_manager.filter(pk=pk).values_list("lock_version", flat=True).first()  # type: ignore[attr-defined]
    )


def claim_version(model: type[Model], *, pk: object, expected: int | None) -> int:
    """Move the row from version `expected` to the next one; StaleEdit if it is not at `expected`."""
    if expected is None:
        raise StaleEdit
    updated = model._default_manager.filter(pk=pk, lock_version=expected).update(  # type: ignore[attr-defined]
        lock_version=F("lock_version") + 1
    )
    if updated != 1:
        raise StaleEdit
    return expected + 1


def bump_version(model: type[Model], *, pk: object) -> None:
    """Make every form open on the row stale: a write not made through its form (an inline row
    saved on its own, a paste, an import) is a change of the row."""
    model._default_manager.filter(pk=pk).update(lock_version=F("lock_version") + 1)  # type: ignore[attr-defined]
