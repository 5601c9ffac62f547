"""Form fields that accept Thai input conventions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms

from .scores import ScoreError, parse_score
from .thai import be_numeric_date, parse_date, to_arabic_digits

ERROR_INTEGER_INVALID = "กรุณากรอกเป็นจำนวนเต็ม เช่น 12 หรือ ๑๒"
ERROR_NUMBER_INVALID = "กรุณากรอกเป็นตัวเลข เช่น 12.5 หรือ ๑๒.๕"
ERROR_NUMBER_MIN = "ต้องไม่น้อยกว่า %(limit_value)s"
ERROR_NUMBER_MAX = "ต้องไม่เกิน %(limit_value)s"
ERROR_NUMBER_DIGITS = "ตัวเลขยาวเกินไป"
ERROR_NUMBER_PLACES = "มีทศนิยมได้ไม่เกิน %(max)s ตำแหน่ง"
ERROR_YEAR_INVALID = "กรุณากรอกปี พ.ศ. เป็นตัวเลข เช่น 2563 หรือ ๒๕๖๓"
ERROR_YEAR_MIN = "ปี พ.ศ. ต้องไม่น้อยกว่า %(limit_value)s (ปี ค.ศ. ให้บวก 543)"
ERROR_YEAR_MAX = "ปี พ.ศ. ต้องไม่เกิน %(limit_value)s"
ERROR_DATE_INVALID = "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 25/11/2569 หรือ ๒๕/๑๑/๒๕๖๙"


def normalise_number(value: Any) -> Any:
    """Thai digits to Arabic, surrounding spaces and thousands separators dropped."""
    if isinstance(value, str):
        return to_arabic_digits(value).strip().replace(",", "")
    return value


class ScoreField(forms.Field):
    """A score 0–100 with at most two decimals, Thai digits accepted: lib.scores.parse_score,
    the same rule and Thai messages as the score import."""

    def __init__(self, **kwargs: Any) -> None:
        # A text input: a number input would reject Thai digits before the server sees them.
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "size": 7, "class": "vScoreField"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_score(value)
        except ScoreError as exc:
            raise forms.ValidationError(str(exc), code=exc.code) from None


def score_field(*, required: bool = False, label: str | None = None) -> ScoreField:
    return ScoreField(required=required, label=label)


def normalise_newlines(text: str) -> str:
    """CR LF and lone CR to LF: browsers send a textarea's line breaks as CR LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class MultilineTextField(forms.CharField):
    """Text typed in a textarea, kept with LF line breaks, so a Save that changes nothing is seen
    as no change (a browser's CR LF against the stored LF would look like an edit)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if isinstance(initial, str):
            initial = normalise_newlines(initial)
            initial = initial.strip() if self.strip else initial
        return super().has_changed(initial, data)


def _text_input(attrs: dict[str, Any]) -> forms.TextInput:
    # A text input: a number input (type="number") rejects Thai digits in the browser.
    return forms.TextInput(attrs=attrs)


class ThaiIntegerField(forms.IntegerField):
    """An IntegerField that accepts Thai digits (๑๒) and says what is wrong in Thai."""

    default_error_messages = {
        "invalid": ERROR_INTEGER_INVALID,
        "min_value": ERROR_NUMBER_MIN,
        "max_value": ERROR_NUMBER_MAX,
    }
    input_attrs: dict[str, Any] = {"inputmode": "numeric", "size": 6, "class": "vIntegerField"}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("widget", None)  # the admin offers a number input; Thai digits need text
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget = _text_input(dict(self.input_attrs))

    def to_python(self, value: Any) -> int | None:
        return super().to_python(normalise_number(value))


class ThaiYearField(ThaiIntegerField):
    """A Buddhist Era year (พ.ศ.) in Thai or Arabic digits; a ค.ศ. year is refused with a hint."""

    default_error_messages = {
        "invalid": ERROR_YEAR_INVALID,
        "min_value": ERROR_YEAR_MIN,
        "max_value": ERROR_YEAR_MAX,
    }
    input_attrs = {"inputmode": "numeric", "size": 5, "maxlength": 4, "class": "vYearField"}


class ThaiNumberField(forms.DecimalField):
    """A DecimalField (weights, thresholds, bounds) that accepts Thai digits, errors in Thai."""

    default_error_messages = {
        "invalid": ERROR_NUMBER_INVALID,
        "min_value": ERROR_NUMBER_MIN,
        "max_value": ERROR_NUMBER_MAX,
        "max_digits": ERROR_NUMBER_DIGITS,
        "max_whole_digits": ERROR_NUMBER_DIGITS,
        "max_decimal_places": ERROR_NUMBER_PLACES,
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("widget", None)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        self.widget = _text_input({"inputmode": "decimal", "size": 8, "class": "vNumberField"})

    # django-stubs derive DecimalField from IntegerField, whose to_python returns int.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return super().to_python(normalise_number(value))


class ThaiDateInput(forms.DateInput):
    """A date box showing the พ.ศ. year: 25/11/2569."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return be_numeric_date(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed with a พ.ศ. (or ค.ศ.) year, in Thai or Arabic digits (thai.parse_date)."""

    widget = ThaiDateInput
    default_error_messages = {"invalid": ERROR_DATE_INVALID}

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and value.strip():
            try:
                return parse_date(value)
            except ValueError as exc:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return super().to_python(value)


def share_choices(form: forms.BaseForm, names: Iterable[str], store: dict[str, list[Any]]) -> None:
    """Read a model chooser's options once for every form of a page, not once per box.

    A ModelChoiceField queries its options each time it is drawn: forty activities, each with
    two unit choosers, made eighty queries of the same units. The first form's options are
    kept in `store` (one per formset or page) and given to the others; validation still checks
    a submitted key against the field's queryset.
    """
    for name in names:
        field = form.fields.get(name)
        if not isinstance(field, forms.ChoiceField):
            continue
        if name not in store:
            store[name] = list(field.choices)  # type: ignore[arg-type]  # a model chooser's iterator
        field.choices = store[name]
