"""{% portal_version %}: the line naming the running version (the admin's footer)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

import ita_portal
from ita_portal.management.commands.portal_version import MESSAGE_VERSION

register = template.Library()


@register.simple_tag
def portal_version() -> str:
    # The version is a tag's name (vX.Y.Z), not a number to read: <code> keeps its digits as
    # they are on a staff page that writes every number in Thai digits (ita_portal.staff_digits).
    return format_html(MESSAGE_VERSION.format(version="<code>{}</code>"), ita_portal.__version__)
