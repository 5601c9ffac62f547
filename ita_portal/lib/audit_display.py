"""An audit entry's changes in Thai words: field labels, ใช่/ไม่ใช่, "—" for empty, พ.ศ. dates.

django-auditlog stores every value as the text Python gives it ("None", "True", "2019-12-15");
its own display keeps those words. This module reads the stored text against the model's field
and writes what a person reads on a Thai page, with Thai digits like the rest of the admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

from . import thai

EMPTY = "—"
YES = "ใช่"
NO = "ไม่ใช่"
# Fields whose stored text means nothing to a person (keys, file storage names).
MACHINE_TYPES = {"UUIDField", "AutoField", "BigAutoField"}


def _date_text(field_type: str, text: str) -> str:
    try:
        if field_type == "DateField":
            return thai.thai_date(dt.date.fromisoformat(text))
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    # auditlog stores date-times in UTC, without the offset.
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    # As the history's own "เมื่อ" column writes it.
    return thai.be_text(moment)


def _related_text(field: Any, text: str) -> str:
    related = field.related_model._default_manager.filter(pk=text).first()
    return EMPTY if related is None else str(related)


def value_text(field: Any, text: str | None) -> str:
    """The stored text of one value of field, as a person reads it."""
    if text is None or text in {"None", ""}:
        return EMPTY
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(_choice_key(field, text), text))
    field_type = field.get_internal_type()
    if field_type == "BooleanField":
        return YES if text == "True" else NO if text == "False" else text
    if field_type in {"DateField", "DateTimeField"}:
        return _date_text(field_type, text)
    if isinstance(field, models.ForeignKey):
        return _related_text(field, text)
    if isinstance(field, models.FileField):
        return text.rsplit("/", 1)[-1]
    return text


def _choice_key(field: Any, text: str) -> Any:
    try:
        return field.to_python(text)
    except Exception:  # noqa: BLE001 - an old value no longer valid is shown as stored
        return text


def changes(model: type[models.Model] | None, stored: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, before, after) of each changed field a person would recognise."""
    rows = []
    for name, values in stored.items():
        old, new = (list(values) + [None, None])[:2]
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is None:
            continue  # a field since removed: its name is all that is left, a machine's word
        if field.get_internal_type() in MACHINE_TYPES:
            continue
        label = capfirst(str(getattr(field, "verbose_name", name)))
        rows.append((label, value_text(field, _text(old)), value_text(field, _text(new))))
    return rows


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
