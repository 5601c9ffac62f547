"""How the admin writes a value it shows by itself: Thai words, dates with their พ.ศ. year.

Django's admin shows a read-only field or a change-list column by its own rules
(`display_for_field`, `display_for_value`): a date as "6 ธันวาคม 2026" (Gregorian year), a
yes/no icon with alt="True"/"False" (read aloud), a bare bool as "True". Every model of the
portal and of the packages it shows (auditlog, axes, auth) goes through them, so the rule is
given here, once, in their place (issue 21). `install()` runs when the admin loads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.templatetags.static import static
from django.utils.html import format_html

from ita_portal.lib.thai import be_text

YES, NO, UNKNOWN = "ใช่", "ไม่ใช่", "ไม่ทราบ"
_WORDS = {True: YES, False: NO, None: UNKNOWN}
_ICONS = {True: "yes", False: "no", None: "unknown"}

_django_display_for_field = utils.display_for_field
_django_display_for_value = utils.display_for_value


def boolean_icon(value: bool | None) -> str:
    """The admin's yes/no icon, its alt text in Thai."""
    icon = static(f"admin/img/icon-{_ICONS[value]}.svg")
    return format_html('<img src="{}" alt="{}">', icon, _WORDS[value])


def display_for_value(value: Any, empty_value_display: str, boolean: bool = False) -> Any:
    if boolean or isinstance(value, bool):
        return boolean_icon(value) if boolean else _WORDS[value]
    if isinstance(value, dt.date) and value:
        return be_text(value)
    return _django_display_for_value(value, empty_value_display, boolean)


def display_for_field(
    value: Any, field: Any, empty_value_display: str, *args: Any, **kwargs: Any
) -> Any:
    dated = isinstance(field, models.DateField) and not getattr(field, "flatchoices", None)
    if dated and value not in field.empty_values:
        return be_text(value)
    return _django_display_for_field(value, field, empty_value_display, *args, **kwargs)


def install() -> None:
    """Put the portal's rules where the admin looks them up."""
    admin_list._boolean_icon = boolean_icon  # type: ignore[attr-defined]
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field  # type: ignore[attr-defined]
    for module in (utils, admin_list):
        module.display_for_value = display_for_value  # type: ignore[attr-defined]
