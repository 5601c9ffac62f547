"""Form fields that accept Thai input conventions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from .thai import be_numeric_date, parse_date, to_arabic_digits

ERROR_SCORE_INVALID = "กรุณากรอกคะแนนเป็นตัวเลข เช่น 89.07 หรือ ๘๙.๐๗"
ERROR_SCORE_MIN = "คะแนนต้องไม่น้อยกว่า 0"
ERROR_SCORE_MAX = "คะแนนต้องไม่เกิน 100"
ERROR_SCORE_PLACES = "คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
ERROR_SCORE_DIGITS = "คะแนนมีตัวเลขมากเกินไป"
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


class ThaiDecimalField(forms.DecimalField):
    """A DecimalField that also accepts Thai digits (๘๙.๐๗) and says what is wrong in Thai."""

    default_error_messages = {
        "invalid": ERROR_SCORE_INVALID,
        "min_value": ERROR_SCORE_MIN,
        "max_value": ERROR_SCORE_MAX,
        "max_decimal_places": ERROR_SCORE_PLACES,
        "max_digits": ERROR_SCORE_DIGITS,
        "max_whole_digits": ERROR_SCORE_DIGITS,
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        # The TextInput keeps browsers from rejecting Thai digits before the server sees them.
        self.widget = forms.TextInput(
            attrs={"inputmode": "decimal", "size": 7, "class": "vScoreField"}
        )

    # django-stubs derive DecimalField from IntegerField, whose to_python returns int.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        return super().to_python(normalise_number(value))


def score_field(*, required: bool = False, label: str | None = None) -> ThaiDecimalField:
    return ThaiDecimalField(
        required=required,
        label=label,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )


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
