"""Template filters of the plan pages: Thai dates (พ.ศ.) with Thai digits."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from ita_portal.lib import thai

register = template.Library()


@register.filter
def thai_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return thai.thai_date(value)


@register.filter
def thai_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return thai.be_text(value)


@register.filter
def thai_digits(value: object) -> str:
    return thai.to_thai_digits(value)
