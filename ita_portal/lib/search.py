"""Search that ignores Thai/Arabic digits and spacing, in the database as thai.search_key does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Func, Q, QuerySet, Value
from django.db.models.functions import Lower, Replace

from .thai import SEARCH_REPLACEMENTS, search_key


def search_key_expression(field: str) -> Func:
    """A field's text normalised in SQL exactly as thai.search_key normalises a query."""
    expression: Any = Lower(field)
    for old, new in SEARCH_REPLACEMENTS:
        expression = Replace(expression, Value(old), Value(new))
    return expression


def search_stored(queryset: QuerySet, query: str, key_fields: Sequence[str]) -> QuerySet:
    """Rows where one of key_fields contains the query as a search key.

    key_fields are columns that already hold search keys: generated columns made with
    search_key_expression (Agency.search_name), so a search never normalises every row again.
    """
    key = search_key(query)
    if not key:
        return queryset
    condition = Q()
    for field in key_fields:
        condition |= Q(**{f"{field}__contains": key})
    return queryset.filter(condition)
