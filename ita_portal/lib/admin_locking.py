"""Admin change pages under optimistic locking (see locking.py).

The change form carries the lock_version of the object it was made from, and a fingerprint of
each value it showed (edit_merge.py), in hidden fields. A form that is stale when it is checked,
or whose claim fails at save, is shown again: the user's own changes kept, values only the other
person changed taken into the form, a Thai message, and a table of what differs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from . import thai
from .edit_merge import (
    BASE_FIELD,
    ConflictRow,
    base_fingerprints,
    merge_stale_form,
    read_base,
)
from .locking import StaleEdit, claim_version, current_version
from .users import Person, display_name

if TYPE_CHECKING:
    from django.template.response import _TemplateForResponseT

LOCK_FIELD = "edit_version"
ERROR_STALE_EDIT = (
    "มีผู้อื่นบันทึกข้อมูลนี้หลังจากที่คุณเปิดหน้านี้ ระบบจึงยังไม่บันทึกสิ่งที่คุณแก้ไข"
    " ข้อมูลที่คุณกรอกยังอยู่ครบในแบบฟอร์ม โปรดเทียบค่าที่บันทึกไว้แล้วกับค่าของคุณในตาราง"
    " แล้วกด “บันทึก” อีกครั้งหากต้องการใช้ค่าของคุณ"
)


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

    lock_target is the row holding lock_version (the object itself, or e.g. the plan of a plan's
    row). lock_claim claims its version; a subclass whose claim has rules of its own (a plan must
    be a draft) names its service instead. Saving through the page claims the version whether the
    record itself or only one of its inline rows changed: a row's change is the record's change.
    """

    change_form_template: ClassVar[_TemplateForResponseT | None] = (
        "admin/edit_lock_change_form.html"
    )

    def lock_target(self, obj: Any) -> Any:
        return obj

    def lock_claim(self, request: HttpRequest, obj: Any, expected: int | None) -> None:
        target = self.lock_target(obj)
        target.lock_version = claim_version(type(target), pk=target.pk, expected=expected)

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

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # An admin without fieldsets takes its rows from the form: the version is not one (the
        # change form template carries it in its own hidden input).
        fields = super().get_fields(request, obj)  # type: ignore[misc]
        return [name for name in fields if name != LOCK_FIELD]

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
        if obj is not None and self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            self._edit_context(request, context, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)  # type: ignore[misc]

    def _edit_context(self, request: HttpRequest, context: dict[str, Any], obj: Any) -> None:
        """The form's base (what it was made from) and, for a stale form, the merge."""
        form = context["adminform"].form
        formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
        # Formsets nested in an inline's rows (a plan row's activities) are merged alike.
        formsets += [n for fs in formsets for n in getattr(fs, "nested_formsets", list)()]
        if request.method != "POST":
            base = base_fingerprints(form, formsets)
        else:
            base = read_base(request.POST.get(BASE_FIELD))
        if getattr(form, "edit_conflict", False):
            rows, base = merge_stale_form(form, formsets, base)
            context["edit_conflict"] = EditConflict(
                editor=self.lock_last_editor(self.lock_target(obj)), rows=tuple(rows)
            )
        context["edit_base"] = json.dumps(base, separators=(",", ":"))


def editor_text(user: Person | None, at: dt.datetime | None) -> str:
    if user is None:
        return ""
    name = display_name(user)
    if at is None:
        return name
    return f"{name} เมื่อ {thai.be_text(at)}"
