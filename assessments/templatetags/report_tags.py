"""Template filters of the report: digits only (all other formatting happens in assessments.report)."""

from django import template

from ita_portal.lib import thai

register = template.Library()


@register.filter
def digits(value: object, thai_digits: bool) -> str:
    """value's text with Thai digits when thai_digits is true."""
    return thai.digits(value, bool(thai_digits))
