"""Thai admin of committee orders (members inline) and meetings (photos inline), scoped by agency."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from assessments import access
from assessments.admin_scoping import AgencyScopedMixin, NotFoundForOthersMixin
from ita_portal.lib.admin import ThaiInputsMixin, be_display
from ita_portal.lib.admin_history import AuditHistoryMixin
from ita_portal.lib.admin_locking import EditLockAdminMixin
from ita_portal.lib.upload_forms import HeldUploadsAdminMixin

from . import services
from .forms import CommitteeOrderForm, MeetingPhotoForm
from .models import (
    CommitteeMember,
    CommitteeOrder,
    CommitteeRole,
    Meeting,
    MeetingPhoto,
    OfficialEmblem,
)
from .scans import prepare_scan


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(ThaiInputsMixin, AuditHistoryMixin, admin.ModelAdmin):
    """Roles are shared by all agencies: only site administrators (Django permissions) edit them."""

    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(OfficialEmblem)
class OfficialEmblemAdmin(
    HeldUploadsAdminMixin, ThaiInputsMixin, AuditHistoryMixin, admin.ModelAdmin
):
    """The site's one Garuda: a site administrator uploads it once and may replace it."""

    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not OfficialEmblem.objects.exists()


class CommitteeMemberInline(ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline):
    model = CommitteeMember
    agency_path = "committee__agency"
    extra = 0
    fields = ["sequence", "name", "position", "role"]


class AgencyRecordAdmin(
    ThaiInputsMixin,
    EditLockAdminMixin,
    NotFoundForOthersMixin,
    AgencyScopedMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    """An agency's order or meeting: scoped to it, under the edit lock with its inline rows."""


@admin.register(CommitteeOrder)
class CommitteeOrderAdmin(HeldUploadsAdminMixin, AgencyRecordAdmin):
    form = CommitteeOrderForm
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
        (_("คำสั่งฉบับลงนาม"), {"fields": ["signed_scan", "scan_pages_preview"]}),
    ]
    readonly_fields = ["scan_pages_preview"]

    @admin.display(description=_("เรื่อง"))
    def subject_short(self, obj: CommitteeOrder) -> str:
        return obj.subject[:80]

    @admin.display(description=_("หน้าที่จะแสดงในรายงาน"))
    def scan_pages_preview(self, obj: CommitteeOrder) -> str:
        pages = list(obj.scan_pages.all()) if obj.pk else []
        if not pages:
            return "ยังไม่มี: รายงานพิมพ์คำสั่งจากข้อความที่กรอก"
        return format_html_join(
            " ",
            '<a href="{}"><img src="{}" alt="หน้า {}" style="max-height:120px"></a>',
            ((reverse("reports:media", args=[p.image.name]),) * 2 + (p.number,) for p in pages),
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        # The admin answers a POST inside one transaction, and on SQLite a transaction holds the
        # write lock from its start: the scan is checked and rasterised before it, by someone
        # who may change orders. A refusal is remembered on the upload and shown by the form.
        upload = request.FILES.get("signed_scan") if request.method == "POST" else None
        if upload is not None and self.has_change_permission(request):
            try:
                prepare_scan(upload)
            except ValidationError:
                pass
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: CommitteeOrder, form: Any, change: bool):
        previous = form.initial.get("signed_scan")
        if "signed_scan" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        storage = CommitteeOrder._meta.get_field("signed_scan").storage
        with services.files_deleted_if_failed(storage) as stored:
            super().save_model(request, obj, form, change)
            if form.prepared_scan:
                stored.append(obj.signed_scan.name or "")
            services.committee_order_scan_pages_rebuild(
                user=request.user,
                order=obj,
                pages=form.prepared_scan.pages if form.prepared_scan else (),
                replaced=getattr(previous, "name", "") or "",
            )


class MeetingPhotoInline(
    HeldUploadsAdminMixin, ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline
):
    model = MeetingPhoto
    form = MeetingPhotoForm
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
class MeetingAdmin(AgencyRecordAdmin):
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
