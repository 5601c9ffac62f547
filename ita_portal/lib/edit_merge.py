"""Three-way merge of a stale admin form with what was saved since it was opened.

The base is what the form showed (a fingerprint per field, kept in a hidden field), "saved" is
the database now, "yours" is what the user submitted. For each field that differs between saved
and yours: if only the user changed it, theirs stands (nothing to show); if only the other
person changed it, the saved value is put into the form (so saving again does not undo it);
if both changed it, the user's value stays in the form and both are shown side by side.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.files.base import File
from django.db.models import Field, Model

from .forms import normalise_newlines

BASE_FIELD = "edit_base"
# Form fields that are not content: the lock's own version.
NOT_CONTENT = frozenset({"edit_version", BASE_FIELD})
EMPTY = "(ว่าง)"
ROW_DELETED = "(รายการนี้ถูกลบแล้ว)"


@dataclass(frozen=True)
class ConflictRow:
    where: str
    label: str
    saved: str
    yours: str
    # True: the user had not touched the field; the saved value is now in their form.
    taken: bool = False


def read_base(raw: str | None) -> dict[str, str]:
    try:
        base = json.loads(raw or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in base.items()} if isinstance(base, dict) else {}


def base_fingerprints(form: forms.BaseForm, formsets: Iterable[Any]) -> dict[str, str]:
    """What an unbound change form (and its inline rows) shows, one fingerprint per field."""
    base: dict[str, str] = {}
    for each, obj, skip in _forms_with_objects(form, formsets, saved=False):
        for name, field, _ in _content_fields(each, obj, skip):
            base[each.add_prefix(name)] = fingerprint(each.get_initial_for_field(field, name))
    return base


def merge_stale_form(
    form: forms.BaseForm, formsets: Iterable[Any], base: dict[str, str]
) -> tuple[list[ConflictRow], dict[str, str]]:
    """Merge the saved rows into the stale form; the rows to show, and the form's new base."""
    rows: list[ConflictRow] = []
    new_base: dict[str, str] = {}
    for each, saved, skip in _forms_with_objects(form, formsets, saved=True):
        if saved is None:
            rows.append(ConflictRow(str(getattr(each, "instance", "")), "", ROW_DELETED, ""))
            continue
        where = "" if each is form else str(saved)
        each.data = each.data.copy()  # type: ignore[attr-defined]
        for name, field, model_field in _content_fields(each, saved, skip):
            key = each.add_prefix(name)
            saved_value = _saved_value(saved, model_field)
            new_base[key] = fingerprint(saved_value)
            row = _merge_field(each, name, field, saved_value, base.get(key), where)
            if row is not None:
                rows.append(row)
    return rows, new_base


def _merge_field(
    form: forms.BaseForm,
    name: str,
    field: forms.Field,
    saved_value: Any,
    base_print: str | None,
    where: str,
) -> ConflictRow | None:
    yours = _submitted(form, name, field)
    if canonical(saved_value) == canonical(yours) or base_print == fingerprint(saved_value):
        return None  # the same, or only the user changed it: theirs stands
    taken = base_print == fingerprint(yours)
    if taken:
        _put(form.data, form.add_prefix(name), field, saved_value)
    label = str(field.label or name)
    return ConflictRow(where, label, _display(field, saved_value), _display(field, yours), taken)


def _forms_with_objects(
    form: forms.BaseForm, formsets: Iterable[Any], *, saved: bool
) -> Iterator[tuple[forms.BaseForm, Model | None, set[str]]]:
    """(form, its object — as saved now when saved=True —, fields to skip): page, then rows."""
    instance = getattr(form, "instance", None)
    if instance is not None and instance.pk is not None:
        manager = type(instance)._default_manager
        yield form, manager.filter(pk=instance.pk).first() if saved else instance, set()
    for formset in formsets:
        with_rows = [f for f in formset.initial_forms if f.instance.pk is not None]
        skip = {formset.fk.name} if getattr(formset, "fk", None) else set()
        current = (
            formset.model._default_manager.in_bulk([f.instance.pk for f in with_rows])
            if saved
            else {f.instance.pk: f.instance for f in with_rows}
        )
        for each in with_rows:
            yield each, current.get(each.instance.pk), skip


def _content_fields(
    form: forms.BaseForm, obj: Model | None, skip: set[str]
) -> Iterator[tuple[str, forms.Field, Field]]:
    if obj is None:
        return
    for name, field in form.fields.items():
        if name in NOT_CONTENT or name in skip:
            continue
        try:
            model_field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not getattr(model_field, "primary_key", False):
            yield name, field, model_field  # type: ignore[misc]


def canonical(value: Any) -> str:
    """One text per value, whatever its form (object or key, CR LF or LF, 79.0 or 79.00)."""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, File):  # a stored file or an upload: its name, never its bytes
        return value.name or ""
    if isinstance(value, str):
        return normalise_newlines(value).strip()
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.normalize())
    if not isinstance(value, bool | int | float) and hasattr(value, "__iter__"):
        return "\x1f".join(sorted(canonical(v) for v in value))
    return str(value)


def fingerprint(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:16]


def _saved_value(obj: Model, field: Field) -> Any:
    if field.many_to_many:
        return list(getattr(obj, field.name).all())
    if field.is_relation:
        return getattr(obj, field.name)
    return getattr(obj, field.attname)


def _submitted(form: forms.BaseForm, name: str, field: forms.Field) -> Any:
    cleaned = getattr(form, "cleaned_data", {})
    if name in cleaned:
        return cleaned[name]
    # The value did not pass its own check: it is compared and shown as typed.
    return field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))


def _put(data: Any, key: str, field: forms.Field, value: Any) -> None:
    """Put a saved value into submitted form data, as the browser would have sent it."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        data.setlist(key, [str(v.pk) for v in value])
    elif isinstance(field.widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        prepared = field.prepare_value(value.pk if isinstance(value, Model) else value)
        data[key] = "" if prepared is None else str(prepared)


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, File):
        return value.name or EMPTY
    if not isinstance(value, str | Model) and hasattr(value, "__iter__"):
        return ", ".join(str(v) for v in value) or EMPTY
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str({str(k): v for k, v in choices}.get(str(value), value))
    return str(value)
