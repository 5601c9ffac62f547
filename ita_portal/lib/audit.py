"""Audit history of the records people change: who changed what, when, from what to what.

Built on django-auditlog, chosen over django-simple-history because it keeps one table of
entries for every model (no shadow table and migration per audited model, so the apps keep
their schemas) and stores each change as field → [old, new]. Like every signal-based
history it misses `bulk_create`/`update()`: the score import records its rows itself
(`log_bulk`). A child row (a score, a plan item, a committee member) names its root record
(the assessment, the plan, the order), so a root's history shows its rows' changes too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet

from .users import Actor

# Timestamps of our own bookkeeping change on every save: not worth a line in the history.
NOT_AUDITED = ["created_at", "updated_at", "last_edited_at"]


def root_key(obj: Model) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def _root_of(instance: Model, root: str) -> Model | None:
    target: Any = instance
    try:
        for part in root.split("."):
            target = getattr(target, part)
    except ObjectDoesNotExist:  # the root is being deleted with its rows
        return None
    return target


def register(model: type[Model], *, root: str | None = None, **options: Any) -> None:
    """Audit every change of model; root is the attribute path to the record it belongs to."""
    if root is not None:

        def get_additional_data(instance: Model) -> dict[str, str] | None:
            target = _root_of(instance, root)
            return None if target is None else {"root": root_key(target)}

        # auditlog asks each instance for get_additional_data() when it writes an entry.
        model.get_additional_data = get_additional_data  # type: ignore[attr-defined]
    auditlog.register(model, exclude_fields=NOT_AUDITED, **options)


def history_for(obj: Model) -> QuerySet[LogEntry]:
    """Entries of obj and of every row that names obj as its root, newest first."""
    content_type = ContentType.objects.get_for_model(obj)
    return (
        LogEntry.objects.filter(
            Q(content_type=content_type, object_pk=str(obj.pk))
            | Q(additional_data__root=root_key(obj))
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def log_bulk(
    rows: Iterable[tuple[Model, dict[str, list[Any]]]], *, actor: Actor | None, created: bool
) -> int:
    """Record rows written by bulk_create/bulk_update (which send no signals): (row, changes)."""
    entries = []
    for row, changes in rows:
        additional = getattr(row, "get_additional_data", None)
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(row),
                object_pk=str(row.pk),
                object_id=row.pk if isinstance(row.pk, int) else None,
                object_repr=str(row)[:255],
                action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
                changes={k: [_text(v) for v in pair] for k, pair in changes.items()},
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                additional_data=additional() if callable(additional) else None,
            )
        )
    LogEntry.objects.bulk_create(entries)
    return len(entries)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
