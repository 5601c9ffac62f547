"""One rule for a score, wherever it is typed: 0–100, two decimals, Thai digits, nothing malformed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from ita_portal.lib.forms import score_field
from ita_portal.lib.scores import (
    ERROR_SCORE_NOT_NUMBER,
    ERROR_SCORE_PLACES,
    ERROR_SCORE_RANGE,
    ScoreError,
    parse_score,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("89.07", Decimal("89.07")),
        ("๘๙.๐๗", Decimal("89.07")),
        (" 100 ", Decimal("100.00")),
        ("0", Decimal("0.00")),
        ("-0", Decimal("0.00")),
        ("85", Decimal("85.00")),
        (".5", Decimal("0.50")),
        (89.07, Decimal("89.07")),
        (Decimal("72.4"), Decimal("72.40")),
    ],
)
def test_a_plain_score_in_arabic_or_thai_digits_is_read_with_two_places(typed, expected):
    assert parse_score(typed) == expected
    assert str(parse_score(typed)) == str(expected)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", ERROR_SCORE_RANGE),
        ("-1", ERROR_SCORE_RANGE),
        ("100.01", ERROR_SCORE_RANGE),
        ("90.123", ERROR_SCORE_PLACES),
        ("แปดสิบ", ERROR_SCORE_NOT_NUMBER),
        ("1e2", ERROR_SCORE_NOT_NUMBER),
        ("NaN", ERROR_SCORE_NOT_NUMBER),
        ("Infinity", ERROR_SCORE_NOT_NUMBER),
        ("٨٩", ERROR_SCORE_NOT_NUMBER),  # Arabic-Indic digits: Decimal() alone would take them
        ("1,00", ERROR_SCORE_NOT_NUMBER),  # a decimal comma must not become one hundred
        ("89.07.1", ERROR_SCORE_NOT_NUMBER),
        ("", ERROR_SCORE_NOT_NUMBER),
    ],
)
def test_a_bad_score_is_refused_with_its_thai_message(typed, message):
    with pytest.raises(ScoreError) as caught:
        parse_score(typed)
    assert str(caught.value) == message.format(value=typed)


def test_a_long_input_is_quoted_short_in_the_message():
    with pytest.raises(ScoreError) as caught:
        parse_score("9" * 5000)
    assert len(str(caught.value)) < 100


class ScoreForm(forms.Form):
    score = score_field(label="คะแนน")
    total = score_field(required=True, label="คะแนนรวม")


def test_the_form_field_gives_the_same_value_and_messages_as_the_parser():
    form = ScoreForm({"score": "๘๙.๐๗", "total": "101"})
    assert not form.is_valid()
    assert form.cleaned_data["score"] == Decimal("89.07")
    assert form.errors["total"] == [ERROR_SCORE_RANGE.format(value="101")]
    assert ScoreForm({"score": "", "total": "90"}).is_valid()
    assert ScoreForm({"score": "1e2", "total": "90"}).errors["score"] == [
        ERROR_SCORE_NOT_NUMBER.format(value="1e2")
    ]
