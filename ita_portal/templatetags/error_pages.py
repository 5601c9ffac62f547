"""{% error_page "404" %}: the whole Thai error page of ita_portal.errors.ERROR_PAGES."""

from __future__ import annotations

import datetime as dt

from django import template

from ita_portal.errors import page_context

register = template.Library()


@register.inclusion_tag("errors/_page.html")
def error_page(key: str, wait: dt.timedelta | None = None) -> dict[str, object]:
    return page_context(key, wait=wait)
