"""Template filters of the report: digits only (all other formatting happens in reports.report)."""

from django import template
from django.utils import timezone

from ita_portal.lib import thai

register = template.Library()


@register.filter
def digits(value: object, thai_digits: bool) -> str:
    """value's text with Thai digits when thai_digits is true."""
    return thai.digits(value, bool(thai_digits))


@register.filter
def be_date(value) -> str:
    """'๒๕ พฤศจิกายน ๒๕๖๙' of a date or (local) datetime; empty for None."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return thai.thai_date(value)
