"""Form fields of the plan admin that accept Thai input conventions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from ita_portal.lib.forms import normalise_number

ERROR_BUDGET_INVALID = "กรุณากรอกงบประมาณเป็นตัวเลข เช่น 200000 หรือ ๒๐๐,๐๐๐"
ERROR_BUDGET_NEGATIVE = "งบประมาณต้องไม่ติดลบ"
ERROR_BUDGET_PLACES = "งบประมาณมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)"
ERROR_BUDGET_DIGITS = "งบประมาณมีตัวเลขมากเกินไป"


class BudgetField(forms.DecimalField):
    """Baht with Thai or Arabic digits and thousands separators: "๒๐๐,๐๐๐" is 200000."""

    default_error_messages = {
        "invalid": ERROR_BUDGET_INVALID,
        "min_value": ERROR_BUDGET_NEGATIVE,
        "max_decimal_places": ERROR_BUDGET_PLACES,
        "max_digits": ERROR_BUDGET_DIGITS,
        "max_whole_digits": ERROR_BUDGET_DIGITS,
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", False)
        super().__init__(**kwargs)
        # A text input: a number input would reject Thai digits in the browser.
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 14})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a DecimalField
        return super().to_python(normalise_number(value))
