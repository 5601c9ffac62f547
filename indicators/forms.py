"""Form fields for choosing a framework: a year may have several issuers' frameworks."""

from __future__ import annotations

from typing import Any

from django import forms

from .models import Framework


class FrameworkChoiceField(forms.ModelChoiceField):
    """Frameworks labelled by issuer and year, newest first (the issuer read in the same query)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Framework.objects.select_related("issuer"))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.fiscal_year} · {obj.issuer} · {obj.name}"
