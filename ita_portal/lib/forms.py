"""Form fields that accept Thai input conventions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from .thai import to_arabic_digits

ERROR_SCORE_INVALID = "กรุณากรอกคะแนนเป็นตัวเลข เช่น 89.07 หรือ ๘๙.๐๗"
ERROR_SCORE_MIN = "คะแนนต้องไม่น้อยกว่า 0"
ERROR_SCORE_MAX = "คะแนนต้องไม่เกิน 100"
ERROR_SCORE_PLACES = "คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
ERROR_SCORE_DIGITS = "คะแนนมีตัวเลขมากเกินไป"


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
