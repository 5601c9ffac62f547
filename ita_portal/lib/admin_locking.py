"""Admin change pages under optimistic locking (see locking.py).

The change form carries the lock_version of the object it was made from in a hidden field. A
form that is stale when it is checked, or whose claim fails at save, is shown again with the
user's input kept, a Thai message, and a table of the saved values beside the user's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from . import thai
from .locking import StaleEdit, current_version

LOCK_FIELD = "edit_version"
ERROR_STALE_EDIT = (
    "มีผู้อื่นบันทึกข้อมูลนี้หลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่บันทึกสิ่งที่คุณแก้ไข"
    " ข้อมูลที่คุณกรอกยังอยู่ครบในแบบฟอร์ม โปรดเทียบค่าที่บันทึกไว้แล้วกับค่าของคุณในตาราง"
    " แล้วกด “บันทึก” อีกครั้งหากต้องการใช้ค่าของคุณ"
)
EMPTY = "(ว่าง)"
ROW_DELETED = "(รายการนี้ถูกลบแล้ว)"


@dataclass(frozen=True)
class ConflictRow:
    where: str
    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class EditConflict:
    editor: str
    rows: tuple[ConflictRow, ...]


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _EditLockForm(forms.BaseForm):
    """Mixed into the admin's ModelForm: refuses a form made from an older version."""

    edit_lock_model: type[Model]
    edit_lock_pk: Any
    edit_conflict = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        current = current_version(self.edit_lock_model, self.edit_lock_pk)
        if _as_int(cleaned.get(LOCK_FIELD)) != current:
            self.edit_conflict = True
            # Shown again, the form carries the version it has now been compared with: saving
            # it once more, knowingly, replaces the other person's values with the user's.
            data = self.data.copy()  # type: ignore[attr-defined]
            data[self.add_prefix(LOCK_FIELD)] = "" if current is None else str(current)
            self.data = data
            raise ValidationError(ERROR_STALE_EDIT, code="stale_edit")
        return cleaned


class EditLockAdminMixin:
    """ModelAdmin mixin: the change form carries, checks and claims lock_target(obj)'s version.

    Subclasses name the service that claims the version (lock_claim); lock_target is the row
    holding lock_version (the object itself, or e.g. the plan of a plan's row).
    """

    change_form_template = "admin/edit_lock_change_form.html"

    def lock_target(self, obj: Any) -> Any:
        return obj

    def lock_claim(self, request: HttpRequest, obj: Any, expected: int | None) -> None:
        raise NotImplementedError

    def lock_last_editor(self, target: Any) -> str:
        """Who last saved the target in the admin, and when ('' if nobody did)."""
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(target),
                object_id=str(target.pk),
                action_flag=CHANGE,
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        return editor_text(entry.user, entry.action_time) if entry else ""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        if obj is None:
            return form
        target = self.lock_target(obj)
        attrs = {
            LOCK_FIELD: forms.CharField(
                widget=forms.HiddenInput, required=False, initial=target.lock_version
            ),
            "edit_lock_model": type(target),
            "edit_lock_pk": target.pk,
        }
        return type(form.__name__, (_EditLockForm, form), attrs)

    def lock_claim_for(self, request: HttpRequest, obj: Any, form: Any) -> None:
        """Claim the version the form was made from; an admin whose save_model does not call
        super() calls this first itself."""
        self.lock_claim(request, obj, _as_int(form.cleaned_data.get(LOCK_FIELD)))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The admin calls save_model once the form and every inline are valid, inside its
        # transaction, before any write: the claim goes first.
        if change:
            self.lock_claim_for(request, obj, form)
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except StaleEdit:
            # Someone saved between this form's check and its write; everything of this request
            # was rolled back. Answer again: the form now meets the newer version and is shown
            # as stale, with the user's input.
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        form = context["adminform"].form
        if getattr(form, "edit_conflict", False) and obj is not None:
            formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
            context["edit_conflict"] = EditConflict(
                editor=self.lock_last_editor(self.lock_target(obj)),
                rows=tuple(conflict_rows(form, formsets)),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]


def editor_text(user: Any, at: dt.datetime | None) -> str:
    if user is None:
        return ""
    name = f"{user.first_name} {user.last_name}".strip() or user.get_username()
    if at is None:
        return name
    local = timezone.localtime(at)
    time = thai.to_thai_digits(local.strftime("%H:%M"))
    return f"{name} เมื่อ {thai.thai_date(local.date(), abbreviated=True)} {time} น."


# ---------------------------------------------------------------------------------------------
# What differs between the saved rows and the stale form


def conflict_rows(form: forms.BaseForm, formsets: Iterable[Any]) -> list[ConflictRow]:
    """Every field whose saved value differs from what the user submitted, form then inlines."""
    instance = getattr(form, "instance", None)
    saved = type(instance)._default_manager.filter(pk=instance.pk).first() if instance else None
    rows = _rows_of(form, saved, where="") if saved is not None else []
    for formset in formsets:
        rows.extend(_formset_rows(formset))
    return rows


def _formset_rows(formset: Any) -> list[ConflictRow]:
    forms_with_rows = [f for f in formset.initial_forms if f.instance.pk is not None]
    saved = formset.model._default_manager.in_bulk([f.instance.pk for f in forms_with_rows])
    skip = {formset.fk.name} if getattr(formset, "fk", None) else set()
    rows: list[ConflictRow] = []
    for form in forms_with_rows:
        row = saved.get(form.instance.pk)
        if row is None:
            rows.append(ConflictRow(str(form.instance), "", ROW_DELETED, ""))
        else:
            rows.extend(_rows_of(form, row, where=str(row), skip=skip))
    return rows


def _rows_of(
    form: forms.BaseForm, saved: Model, *, where: str, skip: set[str] | None = None
) -> list[ConflictRow]:
    rows = []
    for name, field in form.fields.items():
        model_field = _model_field(saved, name)
        if name == LOCK_FIELD or name in (skip or ()) or model_field is None:
            continue
        saved_value = _saved_value(saved, model_field)
        yours = _submitted(form, name, field)
        if _comparable(saved_value) != _comparable(yours):
            label = str(field.label or name)
            rows.append(
                ConflictRow(where, label, _display(field, saved_value), _display(field, yours))
            )
    return rows


def _model_field(obj: Model, name: str) -> Field | None:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if getattr(field, "primary_key", False) else field  # type: ignore[return-value]


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
    # The value did not pass its own check: show it as typed.
    return field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))


def _comparable(value: Any) -> Any:
    if isinstance(value, Model):
        return ("object", value.pk)
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if value is None:
        return ""
    if hasattr(value, "__iter__"):
        return frozenset(getattr(v, "pk", v) for v in value)
    return value


def _display(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if not isinstance(value, str | Model) and hasattr(value, "__iter__"):
        return ", ".join(str(v) for v in value) or EMPTY
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str({str(k): v for k, v in choices}.get(str(value), value))
    return str(value)
