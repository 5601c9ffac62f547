"""Thai admin of committee orders (members inline) and meetings (photos inline), scoped by agency."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from actionplans.admin import NotFoundForOthersMixin
from assessments import access
from assessments.admin_scoping import AgencyScopedMixin
from ita_portal.lib.admin import ThaiInputsMixin, be_display

from .models import CommitteeMember, CommitteeOrder, CommitteeRole, Meeting, MeetingPhoto


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(ThaiInputsMixin, admin.ModelAdmin):
    """Roles are shared by all agencies: only site administrators (Django permissions) edit them."""

    list_display = ["name", "order"]
    list_editable = ["order"]


class CommitteeMemberInline(ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline):
    model = CommitteeMember
    agency_path = "committee__agency"
    extra = 0
    fields = ["sequence", "name", "position", "role"]


@admin.register(CommitteeOrder)
class CommitteeOrderAdmin(
    ThaiInputsMixin, NotFoundForOthersMixin, AgencyScopedMixin, admin.ModelAdmin
):
    list_display = ["__str__", "agency", "subject_short", "signed_date_be"]
    signed_date_be = be_display(CommitteeOrder, "signed_date")
    list_select_related = ["agency"]
    search_fields = ["subject", "members__name"]
    inlines = [CommitteeMemberInline]
    fieldsets = [
        (None, {"fields": ["agency", "assessment", ("number", "year"), "subject"]}),
        (_("เนื้อความ"), {"fields": ["preamble", "duties", "closing"]}),
        (
            _("วันที่และผู้ลงนาม"),
            {"fields": [("effective_date", "signed_date"), "signer_name", "signer_title"]},
        ),
    ]

    @admin.display(description=_("เรื่อง"))
    def subject_short(self, obj: CommitteeOrder) -> str:
        return obj.subject[:80]


class MeetingPhotoInline(ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline):
    model = MeetingPhoto
    agency_path = "meeting__agency"
    extra = 1
    fields = ["preview", "image", "caption", "order"]
    readonly_fields = ["preview"]

    @admin.display(description=_("ภาพ"))
    def preview(self, obj: MeetingPhoto) -> str:
        if not obj.pk:
            return "-"
        url = reverse("committees:photo", args=[obj.key])
        return format_html(
            '<a href="{}"><img src="{}" alt="" style="max-height:80px"></a>', url, url
        )


@admin.register(Meeting)
class MeetingAdmin(ThaiInputsMixin, NotFoundForOthersMixin, AgencyScopedMixin, admin.ModelAdmin):
    list_display = ["title", "agency", "date_be", "place"]
    date_be = be_display(Meeting, "date")
    list_select_related = ["agency"]
    inlines = [MeetingPhotoInline]
    fields = [
        "agency",
        "committee",
        "title",
        "date",
        "place",
        "chair",
        "summary",
        "author",
        "source",
    ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "committee":
            kwargs["queryset"] = access.scope_to_user(
                CommitteeOrder.objects.select_related("agency"),
                request.user,
                "agency",
                access.EDIT_ROLES,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
