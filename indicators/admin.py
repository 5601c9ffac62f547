"""Admin of the yearly frameworks: site administrators edit; agency members may only look."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from ita_portal.lib.admin import ThaiInputsMixin, person_display
from ita_portal.lib.admin_history import AuditHistoryMixin
from ita_portal.lib.forms import ThaiYearField
from ita_portal.lib.users import signed_in

from .forms import FrameworkChoiceField
from .models import (
    CALENDAR_FIELDS,
    Framework,
    GradeBand,
    Indicator,
    Issuer,
    ItemCrosswalk,
    OITItem,
    ResultLevel,
    StandardIssue,
    SubIndicator,
    Tool,
)
from .services import (
    framework_copy,
    framework_items_verify,
    framework_mark_assessments_changed,
    item_crosswalk_delete,
    item_crosswalk_save,
    oit_item_delete,
    oit_item_save,
)

ERROR_PICK_ONE = "กรุณาเลือกกรอบการประเมินต้นแบบเพียงหนึ่งปี"
MESSAGE_COPIED = "คัดลอกกรอบการประเมินปี {source} เป็นปี {target} แล้ว กรุณาตรวจแก้รายละเอียดของปีใหม่"
MESSAGE_VERIFIED = "ยืนยันรายการข้อ O ของปี {years} ว่าตรงกับคู่มือการประเมินแล้ว"
ITEMS_VERIFIED = "ยืนยันแล้ว"
ITEMS_TO_CHECK = "รอผู้ดูแลระบบตรวจกับคู่มือ"


class ReadableByMembersMixin:
    """Staff read the frameworks they are scored against; only model permissions change them.

    Frameworks are public reference data (the public API serves them), so any active staff
    user may read them: this app knows nothing of agencies and memberships.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or _is_staff(request)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or _is_staff(request)  # type: ignore[misc]


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_staff)


@admin.register(Issuer)
class IssuerAdmin(ThaiInputsMixin, ReadableByMembersMixin, AuditHistoryMixin, admin.ModelAdmin):
    """Who issues frameworks; site administrators add one (e.g. a university's own round)."""

    list_display = ["code", "name", "short_name", "framework_years"]
    search_fields = ["code", "name", "short_name"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("frameworks")

    @admin.display(description="ปีที่มีกรอบการประเมิน")
    def framework_years(self, obj: Issuer) -> str:
        years = sorted(f.fiscal_year for f in obj.frameworks.all())
        return ", ".join(str(y) for y in years) or "-"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Commands, fixtures and files name an issuer by its code: it stays once made.
        return ["code"] if obj is not None else []


class ToolInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = Tool
    extra = 0


class GradeBandInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = GradeBand
    extra = 0


class ResultLevelInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = ResultLevel
    extra = 0


class IndicatorLinkInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = Indicator
    fields = ["number", "name", "name_en", "tool"]
    extra = 0
    show_change_link = True


class CopyFrameworkForm(forms.Form):
    issuer = forms.ModelChoiceField(
        label="ผู้ออกเกณฑ์ของกรอบใหม่",
        queryset=Issuer.objects.all(),
        required=False,
        help_text="เว้นว่าง = ผู้ออกเกณฑ์เดียวกับกรอบต้นแบบ",
    )
    fiscal_year = ThaiYearField(label="ปีงบประมาณใหม่ (พ.ศ.)", min_value=2500, max_value=2700)
    name = forms.CharField(label="ชื่อกรอบการประเมินใหม่", required=False, max_length=255)


@admin.register(Framework)
class FrameworkAdmin(ThaiInputsMixin, ReadableByMembersMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = [
        "fiscal_year",
        "issuer",
        "name",
        "strength_threshold",
        "pass_mark",
        "items_status",
    ]
    list_filter = ["issuer"]
    list_select_related = ["issuer"]
    search_fields = ["name", "fiscal_year", "issuer__code", "issuer__name"]
    inlines = [ToolInline, IndicatorLinkInline, GradeBandInline, ResultLevelInline]
    actions = ["copy_to_new_year", "verify_items"]
    readonly_fields = [
        "copied_from",
        "items_status",
        "items_verified_by_name",
        "items_verified_at",
    ]
    # Who confirmed the items, by name (the username linked to the accounts' admin: a 403 to staff).
    items_verified_by_name = person_display(Framework, "items_verified_by")
    fieldsets = [
        (None, {"fields": ["issuer", "fiscal_year", "name", "description", "copied_from"]}),
        ("เกณฑ์", {"fields": ["strength_threshold", "pass_mark"]}),
        (
            "ข้อการประเมิน OIT",
            {
                "fields": [
                    "items_status",
                    "items_note",
                    "oit_due_date",
                    "items_verified_by_name",
                    "items_verified_at",
                ]
            },
        ),
        (
            "ปฏิทินของปี (กำหนดส่งและการแจ้งเตือน)",
            {"fields": [*CALENDAR_FIELDS, "remind_days_before"]},
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Its assessments were made under this issuer: a framework stays with it (copy instead).
        return list(self.readonly_fields) + (["issuer"] if obj is not None else [])

    @admin.display(description="รายการข้อ O")
    def items_status(self, obj: Framework) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:indicators_oititem_changelist") + f"?framework__id__exact={obj.pk}"
        state = ITEMS_VERIFIED if obj.items_verified else ITEMS_TO_CHECK
        return format_html('<a href="{}">{} ข้อ</a> — {}', url, obj.oit_items.count(), state)

    @admin.action(description="ยืนยันว่ารายการข้อ O ตรงกับคู่มือการประเมินของปี", permissions=["change"])
    def verify_items(self, request: HttpRequest, queryset: Any) -> None:
        years = []
        for framework in queryset:
            framework_items_verify(framework=framework, user=signed_in(request.user))
            years.append(str(framework.fiscal_year))
        self.message_user(request, MESSAGE_VERIFIED.format(years=", ".join(years)))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:  # weights, bands or thresholds may have changed: rankings must follow
            framework_mark_assessments_changed(
                framework=form.instance, user=signed_in(request.user)
            )

    @admin.action(description="คัดลอกเป็นกรอบการประเมินของปีใหม่", permissions=["add"])
    def copy_to_new_year(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, ERROR_PICK_ONE, messages.ERROR)
            return None
        source = queryset.get()
        form = CopyFrameworkForm(request.POST if "fiscal_year" in request.POST else None)
        if form.is_valid():
            try:
                target = framework_copy(
                    source=source,
                    fiscal_year=form.cleaned_data["fiscal_year"],
                    issuer=form.cleaned_data["issuer"],
                    name=form.cleaned_data["name"] or None,
                    user=signed_in(request.user),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("fiscal_year", message)
            else:
                self.message_user(
                    request,
                    MESSAGE_COPIED.format(source=source.fiscal_year, target=target.fiscal_year),
                    messages.SUCCESS,
                )
                return redirect("admin:indicators_framework_change", target.pk)
        return TemplateResponse(
            request,
            "admin/indicators/framework/copy.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "source": source,
                "opts": self.model._meta,
                "title": "คัดลอกกรอบการประเมิน",
            },
        )


class StandardIssueInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = StandardIssue
    extra = 0


class SubIndicatorInline(ThaiInputsMixin, ReadableByMembersMixin, admin.TabularInline):
    model = SubIndicator
    fields = ["code", "name", "order", "items_link"]
    readonly_fields = ["items_link"]
    extra = 0

    @admin.display(description="ข้อการประเมิน (O)")
    def items_link(self, obj: SubIndicator) -> str:
        if obj.pk is None:
            return "-"
        url = reverse("admin:indicators_oititem_changelist") + f"?sub_indicator__id__exact={obj.pk}"
        codes = [i.code for i in obj.oit_items.all()]
        label = f"{codes[0]}–{codes[-1]} ({len(codes)} ข้อ)" if codes else "ยังไม่มีข้อ"
        return format_html('<a href="{}">{}</a>', url, label)


@admin.register(Indicator)
class IndicatorAdmin(ThaiInputsMixin, ReadableByMembersMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["framework", "number", "name", "tool"]
    list_filter = ["framework__fiscal_year", "tool__code"]
    list_select_related = ["framework", "tool"]
    search_fields = ["name", "name_en"]
    inlines = [StandardIssueInline, SubIndicatorInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        framework_mark_assessments_changed(
            framework=form.instance.framework, user=signed_in(request.user)
        )


class SubIndicatorChoiceField(forms.ModelChoiceField):
    """Sub-indicators of every year look alike: show the year in front."""

    def label_from_instance(self, obj: Any) -> str:
        framework = obj.indicator.framework
        return f"{framework.issuer} {framework.fiscal_year} · {obj}"


class OITItemForm(forms.ModelForm):
    def validate_unique(self) -> None:
        super().validate_unique()
        # On a change the framework is read-only, so the form leaves it out of the checks of
        # the constraints on it (one analysis item, one follow-up item): check them here, so
        # the administrator gets the Thai message instead of an error page.
        if "framework" not in self.fields and self.instance.framework_id is not None:
            try:
                self.instance.validate_constraints(exclude=set(self.errors))
            except ValidationError as exc:
                self._update_errors(exc)  # type: ignore[attr-defined]


@admin.register(OITItem)
class OITItemAdmin(ThaiInputsMixin, ReadableByMembersMixin, admin.ModelAdmin):
    """O-items of every year; a change to a year's list leaves the other years as they are."""

    form = OITItemForm

    list_display = [
        "code",
        "name",
        "sub_indicator",
        "issuer",
        "fiscal_year",
        "role",
        "evidence_rule",
        "retired",
        "source_short",
    ]
    list_filter = [
        "framework__issuer",
        "framework__fiscal_year",
        "retired",
        "role",
        "evidence_rule",
        "sub_indicator__code",
    ]
    list_select_related = ["framework__issuer", "sub_indicator"]
    search_fields = ["code", "name", "requirements"]
    ordering = ["-framework__fiscal_year", "order", "id"]
    fields = [
        "framework",
        "sub_indicator",
        "code",
        "name",
        "requirements",
        "order",
        "retired",
        "role",
        "evidence_rule",
        "criteria",
        "source",
        "carried_from",
    ]
    readonly_fields = ["carried_from"]

    @admin.display(description="ปีงบประมาณ", ordering="framework__fiscal_year")
    def fiscal_year(self, obj: OITItem) -> int:
        return obj.framework.fiscal_year

    @admin.display(description="ผู้ออกเกณฑ์", ordering="framework__issuer__code")
    def issuer(self, obj: OITItem) -> str:
        return str(obj.framework.issuer)

    @admin.display(description="แหล่งที่มา")
    def source_short(self, obj: OITItem) -> str:
        return obj.source[:60] + ("…" if len(obj.source) > 60 else "")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # An item stays in its year: move it by adding it to the other year instead.
        return list(self.readonly_fields) + (["framework"] if obj is not None else [])

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "framework":
            return FrameworkChoiceField(label=db_field.verbose_name)
        if db_field.name == "sub_indicator":
            return SubIndicatorChoiceField(
                queryset=SubIndicator.objects.select_related(
                    "indicator__framework__issuer"
                ).order_by(
                    "-indicator__framework__fiscal_year",
                    "indicator__framework__issuer__code",
                    "indicator__number",
                    "order",
                ),
                label=db_field.verbose_name,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: OITItem, form: Any, change: bool) -> None:
        oit_item_save(item=obj, user=request.user)

    def delete_model(self, request: HttpRequest, obj: OITItem) -> None:
        oit_item_delete(item=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for item in queryset:
            oit_item_delete(item=item, user=request.user)


class ItemOfAYearChoiceField(forms.ModelChoiceField):
    """Items of every year and issuer look alike: show both in front."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.issuer} {obj.framework.fiscal_year} · {obj.code} {obj.name}"


@admin.register(ItemCrosswalk)
class ItemCrosswalkAdmin(
    ThaiInputsMixin,
    ReadableByMembersMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    """Which item of a later year continues an item (read before the automatic rules)."""

    list_display = ["from_item", "from_year", "to_item", "to_year", "note"]
    list_filter = ["from_item__framework__fiscal_year", "to_item__framework__fiscal_year"]
    list_select_related = ["from_item__framework", "to_item__framework"]
    search_fields = ["from_item__code", "from_item__name", "to_item__code", "to_item__name"]
    fields = ["from_item", "to_item", "note"]

    @admin.display(description="ปีของข้อต้นทาง", ordering="from_item__framework__fiscal_year")
    def from_year(self, obj: ItemCrosswalk) -> str:
        return f"{obj.from_item.framework.fiscal_year}"

    @admin.display(description="ปีของข้อปลายทาง", ordering="to_item__framework__fiscal_year")
    def to_year(self, obj: ItemCrosswalk) -> str:
        return f"{obj.to_item.framework.fiscal_year}"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in ("from_item", "to_item"):
            return ItemOfAYearChoiceField(
                queryset=OITItem.objects.select_related("framework__issuer").order_by(
                    "-framework__fiscal_year", "framework__issuer__code", "order", "id"
                ),
                label=db_field.verbose_name,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ItemCrosswalk, form: Any, change: bool) -> None:
        item_crosswalk_save(crosswalk=obj, user=request.user)

    def delete_model(self, request: HttpRequest, obj: ItemCrosswalk) -> None:
        item_crosswalk_delete(crosswalk=obj, user=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for crosswalk in queryset:
            item_crosswalk_delete(crosswalk=crosswalk, user=request.user)
