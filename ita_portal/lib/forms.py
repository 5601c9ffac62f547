"""Form fields that accept Thai input conventions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from .scores import ScoreError, parse_score
from .thai import to_arabic_digits


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
