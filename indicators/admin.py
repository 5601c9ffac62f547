"""Admin of the yearly frameworks: site administrators edit; agency members may only look."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from assessments import access
from ita_portal.lib.admin import ThaiInputsMixin
from ita_portal.lib.forms import ThaiYearField

from .models import Framework, GradeBand, Indicator, ResultLevel, StandardIssue, SubIndicator, Tool
from .services import framework_copy, framework_mark_assessments_changed

ERROR_PICK_ONE = "กรุณาเลือกกรอบการประเมินต้นแบบเพียงหนึ่งปี"
MESSAGE_COPIED = "คัดลอกกรอบการประเมินปี {source} เป็นปี {target} แล้ว กรุณาตรวจแก้รายละเอียดของปีใหม่"


class ReadableByMembersMixin:
    """Agency staff read the frameworks they are scored against; only model permissions change them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or bool(access.roles_by_agency(request.user))  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or bool(
            access.roles_by_agency(request.user)
        )  # type: ignore[misc]


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
    fiscal_year = ThaiYearField(label="ปีงบประมาณใหม่ (พ.ศ.)", min_value=2500, max_value=2700)
    name = forms.CharField(label="ชื่อกรอบการประเมินใหม่", required=False, max_length=255)


@admin.register(Framework)
class FrameworkAdmin(ThaiInputsMixin, ReadableByMembersMixin, admin.ModelAdmin):
    list_display = ["fiscal_year", "name", "strength_threshold", "pass_mark"]
    search_fields = ["name", "fiscal_year"]
    inlines = [ToolInline, IndicatorLinkInline, GradeBandInline, ResultLevelInline]
    actions = ["copy_to_new_year"]
    readonly_fields = ["copied_from"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if change:  # weights, bands or thresholds may have changed: rankings must follow
            framework_mark_assessments_changed(framework=form.instance)

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
                    name=form.cleaned_data["name"] or None,
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


class SubIndicatorInline(ThaiInputsMixin, ReadableByMembersMixin, admin.StackedInline):
    model = SubIndicator
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ThaiInputsMixin, ReadableByMembersMixin, admin.ModelAdmin):
    list_display = ["framework", "number", "name", "tool"]
    list_filter = ["framework__fiscal_year", "tool__code"]
    list_select_related = ["framework", "tool"]
    search_fields = ["name", "name_en"]
    inlines = [StandardIssueInline, SubIndicatorInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        framework_mark_assessments_changed(framework=form.instance.framework)
