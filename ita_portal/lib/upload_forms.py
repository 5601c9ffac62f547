"""File boxes of every upload form: a chosen file survives an error elsewhere on the page
(held_uploads.py), and a stored file is shown and recorded by its uploader's own name.

The form mixin gives each FileField's widget the held-upload behaviour; the admin mixin puts the
form mixin on a ModelAdmin's form and on an inline's forms. A model keeps the uploader's name of
its file field `x` in a field named `x_original_name` (original_name_field).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.utils.html import format_html

from .held_uploads import HELD_MESSAGE, Holder, hold, holder_for, safe_file_name, take, token_name


def original_name_field(file_field_name: str) -> str:
    """The model field holding the uploader's own name of the file in file_field_name."""
    return f"{file_field_name}_original_name"


def original_name_of(value: Any) -> str:
    """The uploader's name of a stored file (a FieldFile), or "" when none was recorded."""
    instance, field = getattr(value, "instance", None), getattr(value, "field", None)
    if instance is None or field is None:
        return ""
    return str(getattr(instance, original_name_field(field.name), "") or "")


class ShownFile:
    """A stored file as the file box shows it: its link, under the uploader's name."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name

    def __str__(self) -> str:
        return self.name


class HeldUploadWidgetMixin:
    """A file box that takes back a held file and, shown again, holds the file just chosen."""

    holder: Holder | None = None
    # Set by the form once cleaned: this field's own file passed its checks (worth holding).
    may_hold = False
    last_upload: UploadedFile | None = None

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        upload = super().value_from_datadict(data, files, name)  # type: ignore[misc]
        if upload is None and self.holder is not None and data.get(token_name(name)):
            upload = take(str(data.get(token_name(name))), self.holder)
        self.last_upload = upload if isinstance(upload, UploadedFile) else None
        return upload

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        omitted = super().value_omitted_from_data(data, files, name)  # type: ignore[misc]
        return bool(omitted) and token_name(name) not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        shown = original_name_of(value)
        if shown and context["widget"].get("is_initial"):
            context["widget"]["value"] = ShownFile(value.url, shown)
        return context

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        # A bound file box is rendered with its initial file (FileField.bound_data): the file
        # just chosen is the one value_from_datadict read.
        chosen = self.last_upload
        if not (self.may_hold and self.holder is not None and chosen is not None):
            return str(super().render(name, value, attrs, renderer))  # type: ignore[misc]
        token = hold(chosen, self.holder)
        # The held file stands for the choice: the empty box must not block sending the form.
        attrs = {k: v for k, v in (attrs or {}).items() if k != "required"}
        note_id = f"{attrs.get('id') or name}_held"
        attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} {note_id}".strip()
        return format_html(
            '{}<input type="hidden" name="{}" value="{}"><p class="held-file" id="{}">{}</p>',
            super().render(name, value, attrs, renderer),  # type: ignore[misc]
            token_name(name),
            token,
            note_id,
            HELD_MESSAGE.format(name=safe_file_name(chosen.name or "")),
        )


_HELD_CLASSES: dict[type, type] = {}


def _give_held_behaviour(widget: forms.Widget, holder: Holder | None) -> None:
    cls = type(widget)
    if not issubclass(cls, HeldUploadWidgetMixin):
        if cls not in _HELD_CLASSES:
            _HELD_CLASSES[cls] = type(f"Held{cls.__name__}", (HeldUploadWidgetMixin, cls), {})
        widget.__class__ = _HELD_CLASSES[cls]
    widget.holder = holder  # type: ignore[attr-defined]


class HeldUploadsFormMixin:
    """Every file box of the form holds its file across an error; a model form records the
    uploader's file name beside the stored file."""

    upload_holder: ClassVar[Holder | None] = None
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.FileField):
                _give_held_behaviour(field.widget, self.upload_holder)

    def _held_widgets(self) -> list[tuple[str, HeldUploadWidgetMixin]]:
        return [
            (name, field.widget)
            for name, field in self.fields.items()
            if isinstance(field.widget, HeldUploadWidgetMixin)
        ]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors = getattr(self, "_errors", None) or {}
        for name, widget in self._held_widgets():
            widget.may_hold = name not in errors

    def _post_clean(self) -> None:
        instance = getattr(self, "instance", None)
        cleaned = getattr(self, "cleaned_data", {})
        for name, widget in self._held_widgets():
            target = original_name_field(name)
            if instance is None or not _has_field(instance, target) or name not in cleaned:
                continue
            if widget.last_upload is not None:
                setattr(instance, target, safe_file_name(widget.last_upload.name or ""))
            elif cleaned[name] is False:  # the stored file was cleared
                setattr(instance, target, "")
        super()._post_clean()  # type: ignore[misc]


def _has_field(instance: Any, name: str) -> bool:
    try:
        instance._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def with_held_uploads(form_class: Any, holder: Holder | None) -> Any:
    """form_class whose file boxes hold their files for holder."""
    return type(form_class.__name__, (HeldUploadsFormMixin, form_class), {"upload_holder": holder})


class HeldUploadsAdminMixin:
    """An admin page (its form and its inlines' forms) keeping chosen files across an error."""

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)  # type: ignore[misc]
        return with_held_uploads(form, holder_for(request))

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        """Inline formsets (only inlines call this)."""
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        formset.form = with_held_uploads(formset.form, holder_for(request))
        return formset
