"""The admin's error summary: every error of the page as a link to its own box (WCAG 3.3.1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()

ROW_LABEL = "{label} ({group} แถวที่ {row})"


@dataclass(frozen=True)
class ErrorLink:
    target: str
    label: str
    message: str


def _form_links(form: Any, fallback: str, row: tuple[str, int] | None = None) -> list[ErrorLink]:
    """A form's errors: a field's links to its box, the rest to fallback (the form or its group)."""
    links = []
    for name, messages in form.errors.items():
        field = form[name] if name != NON_FIELD_ERRORS and name in form.fields else None
        target = (field.id_for_label or field.auto_id) if field and not field.is_hidden else ""
        label = str(field.label or name) if field else ""
        if row is not None:
            label = ROW_LABEL.format(label=label, group=row[0], row=row[1]).lstrip()
        links += [ErrorLink(target or fallback, label, str(m)) for m in messages]
    return links


@register.simple_tag
def error_links(adminform: Any, inline_admin_formsets: Any) -> list[ErrorLink]:
    """The errors of a change form and its inlines, each with the id of the box to go to."""
    if adminform is None:
        return []
    links = _form_links(adminform.form, "content-main")
    for inline in inline_admin_formsets or []:
        formset = inline.formset
        group = f"{formset.prefix}-group"
        name = str(inline.opts.verbose_name_plural)
        links += [ErrorLink(group, name, str(m)) for m in formset.non_form_errors()]
        for row, form in enumerate(formset.forms, start=1):
            if form.errors:
                links += _form_links(form, group, (name, row))
    return links
