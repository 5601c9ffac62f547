"""The third-party admin pages staff reach show dates with their พ.ศ. year, as ours do.

django-auditlog's log entries and django-axes' access records are re-registered with the
project's be_display columns in place of their Gregorian date-times (axes' record pages show no
date); their date hierarchy (a row of Gregorian year links) is dropped. Runs after axes' and auditlog's own admin modules:
ita_portal comes after them in INSTALLED_APPS.
"""

from __future__ import annotations

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.utils.html import format_html_join

from ita_portal import admin_display
from ita_portal.lib import audit_display
from ita_portal.lib.admin import be_display


def _swap(names: Any, old: str, new: str) -> list[Any]:
    return [new if name == old else name for name in names]


def _swap_in_fieldsets(fieldsets: Any, old: str, new: str) -> list[Any]:
    return [
        (title, {**options, "fields": _swap(options["fields"], old, new)})
        for title, options in fieldsets
    ]


class ThaiLogEntryAdmin(LogEntryAdmin):
    timestamp_be = be_display(LogEntry, "timestamp")
    date_hierarchy = None
    list_display = _swap(LogEntryAdmin.list_display, "created", "timestamp_be")
    readonly_fields = _swap(LogEntryAdmin.readonly_fields, "created", "timestamp_be")
    fieldsets = _swap_in_fieldsets(LogEntryAdmin.fieldsets, "created", "timestamp_be")

    @admin.display(description="ข้อมูลที่เปลี่ยน (เดิม → ใหม่)")
    def msg(self, obj: LogEntry) -> str:
        # auditlog's own table shows stored text ("None", "True", ISO dates): Thai words instead.
        rows = audit_display.changes(obj.content_type.model_class(), obj.changes_dict)
        return format_html_join("", "<div><strong>{}</strong>: {} → {}</div>", rows)

    @admin.display(description="รหัสเชื่อมโยงคำขอ")
    def cid_url(self, obj: LogEntry) -> Any:
        return super().cid_url(obj)


class ThaiAccessAttemptAdmin(AccessAttemptAdmin):
    attempt_time_be = be_display(AccessAttempt, "attempt_time")
    date_hierarchy = None
    list_display = _swap(AccessAttemptAdmin.list_display, "attempt_time", "attempt_time_be")


class ThaiAccessLogAdmin(AccessLogAdmin):
    attempt_time_be = be_display(AccessLog, "attempt_time")
    logout_time_be = be_display(AccessLog, "logout_time")
    date_hierarchy = None
    list_display = _swap(
        _swap(AccessLogAdmin.list_display, "attempt_time", "attempt_time_be"),
        "logout_time",
        "logout_time_be",
    )


class ThaiAccessFailureLogAdmin(AccessFailureLogAdmin):
    attempt_time_be = be_display(AccessFailureLog, "attempt_time")
    date_hierarchy = None
    list_display = _swap(AccessFailureLogAdmin.list_display, "attempt_time", "attempt_time_be")


REPLACEMENTS: dict[Any, type[admin.ModelAdmin[Any]]] = {
    LogEntry: ThaiLogEntryAdmin,
    AccessAttempt: ThaiAccessAttemptAdmin,
    AccessLog: ThaiAccessLogAdmin,
    AccessFailureLog: ThaiAccessFailureLogAdmin,
}

for model, model_admin in REPLACEMENTS.items():
    # axes registers its admins only with AXES_ENABLE_ADMIN: replace only what is there.
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)

admin_display.install()
