"""{% portal_version %}: the line naming the running version (the admin's footer)."""

from __future__ import annotations

from django import template

import ita_portal
from ita_portal.management.commands.portal_version import MESSAGE_VERSION

register = template.Library()


@register.simple_tag
def portal_version() -> str:
    return MESSAGE_VERSION.format(version=ita_portal.__version__)
