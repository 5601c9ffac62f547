"""What the reminders sent, for site administrators (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.admin_scoping import SiteAdminReadOnlyMixin
from ita_portal.lib.admin import be_display

from .models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(SiteAdminReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "sent_on_display", "item_count"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = None
    sent_on_display = be_display(ReminderSent, "sent_on")
    readonly_fields = ["user", "sent_on", "items", "sent_at"]

    @admin.display(description="จำนวนรายการ")
    def item_count(self, obj: ReminderSent) -> int:
        return len(obj.items)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
