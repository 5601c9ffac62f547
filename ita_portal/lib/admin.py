"""Thai admin inputs: number, year and date boxes that take Thai digits and พ.ศ. years, and
date columns shown in พ.ศ. One mixin for every ModelAdmin and inline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.utils import timezone

from .forms import ThaiDateField, ThaiDateInput, ThaiIntegerField, ThaiNumberField, ThaiYearField
from .thai import thai_date
from .users import display_name

# Model fields holding a พ.ศ. year, by name (fiscal_year, an order's year, a schedule's years).
YEAR_FIELD_NAMES = frozenset({"fiscal_year", "from_fiscal_year", "year", "start_year", "end_year"})


class AdminThaiDateWidget(ThaiDateInput, AdminDateWidget):
    """The admin's date box with its calendar, both in พ.ศ. (static/js/admin-be-dates.js)."""

    class Media:
        # After core.js, whose strftime/strptime it wraps (else core.js would replace them).
        js = ["admin/js/core.js", "js/admin-be-dates.js"]


# The admin's own defaults map IntegerField, SmallIntegerField and BigIntegerField separately
# (formfield_for_dbfield takes the first class of the field's MRO found), so all three are named.
THAI_FORMFIELDS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.IntegerField: {"form_class": ThaiIntegerField},
    models.SmallIntegerField: {"form_class": ThaiIntegerField},
    models.BigIntegerField: {"form_class": ThaiIntegerField},
    models.DecimalField: {"form_class": ThaiNumberField},
    models.DateField: {"form_class": ThaiDateField, "widget": AdminThaiDateWidget},
}


class ThaiInputsMixin:
    """Number boxes accept ๐–๙ as well as 0–9; years and dates are typed and shown in พ.ศ."""

    formfield_overrides: ClassVar[Mapping[type[models.Field[Any, Any]], Mapping[str, Any]]] = (
        THAI_FORMFIELDS
    )

    def formfield_for_dbfield(self, db_field: models.Field, request: Any, **kwargs: Any) -> Any:
        if isinstance(db_field, models.IntegerField) and db_field.name in YEAR_FIELD_NAMES:
            kwargs.setdefault("form_class", ThaiYearField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def get_formset(self, request: Any, obj: Any = None, **kwargs: Any) -> Any:
        """Inline formsets (only inlines call this): a table's boxes get a label of their own."""
        formset = super().get_formset(request, obj, **kwargs)  # type: ignore[misc]
        return labelled_rows(formset) if isinstance(self, admin.TabularInline) else formset


def labelled_rows(formset_class: Any) -> Any:
    """A tabular inline's boxes labelled "<column> แถวที่ n" for screen readers.

    The admin's table shows each column's name once in its header; a box inside a row has no
    <label>, so assistive technology announces nothing (axe: "Form elements must have labels").
    """

    class LabelledRows(formset_class):  # type: ignore[misc, valid-type]
        def _construct_form(self, i: int, **kwargs: Any) -> Any:
            form = super()._construct_form(i, **kwargs)
            for field in form.fields.values():
                if field.widget.is_hidden:
                    continue
                # A foreign key's select sits inside the admin's wrapper (the +/✎ links).
                widget = getattr(field.widget, "widget", field.widget)
                widget.attrs.setdefault("aria-label", f"{field.label} แถวที่ {i + 1}")
            return form

    LabelledRows.__name__ = formset_class.__name__
    return LabelledRows


def be_display(model: type[models.Model], name: str) -> Callable[[Any, Any], str]:
    """An admin column or read-only field showing a date or date-time field with its พ.ศ. year."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.DateField), name  # DateTimeField is a DateField too

    @admin.display(description=field.verbose_name, ordering=name)
    def show(model_admin: Any, obj: Any) -> str:
        value = getattr(obj, name)
        if value is None:
            return "-"
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{thai_date(local.date(), thai=False)} {local:%H:%M} น."
        return thai_date(value, thai=False)

    return show


def person_display(model: type[models.Model], name: str) -> Callable[[Any, Any], str]:
    """A read-only field naming the person a user field points at, as pages name people.

    The admin's own display is the username, linked to the accounts' admin that only site
    administrators may open (a 403 to staff and approvers).
    """
    field = model._meta.get_field(name)
    assert isinstance(field, models.ForeignKey), name

    @admin.display(description=field.verbose_name, ordering=name)
    def show(model_admin: Any, obj: Any) -> str:
        person = getattr(obj, name)
        return "-" if person is None else display_name(person)

    return show
