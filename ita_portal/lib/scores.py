"""A score (0–100, at most two decimals) read from what a person typed or a file held.

The one validation path for a score: the admin forms (forms.score_field), the score import and
any API write call parse_score and show its Thai messages. Thai digits are accepted; anything
that is not a plain decimal number is refused (no exponent, no thousands separator: "1,00"
would otherwise silently become 100, no NaN, no digits of other scripts).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from .thai import to_arabic_digits

ERROR_SCORE_NOT_NUMBER: Final = "“{value}” ไม่ใช่ตัวเลข: กรอกคะแนนเป็นตัวเลข เช่น 89.07 หรือ ๘๙.๐๗"
ERROR_SCORE_RANGE: Final = "คะแนน {value} อยู่นอกช่วง 0–100"
ERROR_SCORE_PLACES: Final = "คะแนน {value} มีทศนิยมเกิน 2 ตำแหน่ง"

SCORE_MIN: Final = Decimal(0)
SCORE_MAX: Final = Decimal(100)
SCORE_PLACES: Final = Decimal("0.01")
_SHOWN_CHARS = 24
# Digits are ASCII only here (Thai digits are translated first): Decimal() alone would also
# take Arabic-Indic or full-width digits, exponents, "NaN" and "Infinity".
_PLAIN_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class ScoreError(ValueError):
    """A score that cannot be accepted; str() is the Thai message, code names the rule."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def shown(text: str) -> str:
    """What a message quotes of the input: long inputs are cut, so messages stay short."""
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def parse_score(value: str | int | float | Decimal) -> Decimal:
    """The score as a Decimal with two places; ScoreError with a Thai message otherwise."""
    text = str(value).strip()
    cleaned = to_arabic_digits(text)
    if isinstance(value, bool) or not _PLAIN_DECIMAL.fullmatch(cleaned):
        raise ScoreError(ERROR_SCORE_NOT_NUMBER.format(value=shown(text)), "invalid")
    score = Decimal(cleaned)
    if score < SCORE_MIN or score > SCORE_MAX:
        raise ScoreError(ERROR_SCORE_RANGE.format(value=shown(text)), "range")
    if score != score.quantize(SCORE_PLACES):
        raise ScoreError(ERROR_SCORE_PLACES.format(value=shown(text)), "places")
    return score.quantize(SCORE_PLACES) + 0  # + 0 turns a typed "-0" into 0.00
