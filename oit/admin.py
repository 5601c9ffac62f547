"""Thai admin of OIT evidence, scoped like scores: the agency's staff edit, its other members look,
everyone else gets 404. Per assessment: an overview with the predicted score, and a bulk paste."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

import ita_portal.lib.converters  # noqa: F401  (registers <dbint:…>, ids the database can hold)
from assessments import access
from assessments.admin_scoping import (
    AgencyScopedMixin,
    NotFoundForOthersMixin,
    SiteAdminReadOnlyMixin,
)
from assessments.models import Assessment, Unit
from indicators.models import OITItem
from indicators.scoring import round2
from ita_portal.lib.admin import ThaiInputsMixin
from ita_portal.lib.admin_locking import EditLockAdminMixin
from ita_portal.lib.upload_forms import HeldUploadsAdminMixin

from . import selectors, services, tasks
from .dating import evidence_date_warnings
from .models import Evidence, EvidenceFile, EvidenceLink, LinkCheck, PublicPageSetting

MESSAGE_ROWS_CREATED = "สร้างรายการหลักฐานเพิ่ม {count} ข้อ"
MESSAGE_CHECK_STARTED = "สั่งตรวจลิงก์แล้ว ผลจะแสดงในตารางเมื่อเสร็จ"
MESSAGE_CHECKED = "ตรวจ {checked} ลิงก์: ใช้ได้ {ok} ใช้ไม่ได้ {broken} ตอบช้า {slow}"
MESSAGE_SKIPPED = "ยังไม่ได้ตรวจอีก {skipped} ลิงก์เพราะเกินเวลาที่กำหนด ระบบจะตรวจให้ในรอบกลางคืน"
MESSAGE_PASTED = "บันทึกลิงก์ของ {items} ข้อ ({urls} ลิงก์) แล้ว"
MESSAGE_REMOVED = "ลบลิงก์เดิมของข้อเหล่านั้นที่ไม่ได้วางมา {removed} ลิงก์"
ERROR_PASTE_REFUSED = "ยังไม่ได้บันทึกรายการใดเลย กรุณาแก้บรรทัดต่อไปนี้แล้ววางใหม่"
LINK_NOT_CHECKED = "ยังไม่ได้ตรวจ"
LINK_OK = "ใช้ได้"
LINK_SLOW = "ตอบช้า"
DATE_RULE_NONE = "ข้อนี้ไม่ได้กำหนดช่วงเวลาของหลักฐาน"
DATE_FITS = "วันที่ของเอกสารอยู่ในช่วงที่ข้อนี้กำหนด ({rule})"


class EvidenceScopedMixin(AgencyScopedMixin):
    agency_path = "assessment__agency"
    parent_agency_path = "assessment__agency"
    edit_roles = services.EVIDENCE_EDIT_ROLES


def _link_state(link: selectors.LinkRow) -> str:
    if not link.checked:
        return LINK_NOT_CHECKED
    if not link.ok:
        return link.message
    return LINK_SLOW if link.slow else LINK_OK


class LinkFormSet(forms.BaseInlineFormSet):
    """An evidence's links, at most settings.OIT_MAX_LINKS_PER_ITEM of them (refused in Thai)."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not getattr(form, "cleaned_data", {}).get("DELETE", False)
        ]
        limit = settings.OIT_MAX_LINKS_PER_ITEM
        if len(kept) > limit:
            raise forms.ValidationError(services.ERROR_TOO_MANY_LINKS_FORM.format(limit=limit))


class EvidenceLinkInline(ThaiInputsMixin, EvidenceScopedMixin, admin.TabularInline):
    model = EvidenceLink
    formset = LinkFormSet
    agency_path = "evidence__assessment__agency"
    fields = ["url", "order", "check_state"]
    readonly_fields = ["check_state"]
    extra = 1

    def get_max_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return int(settings.OIT_MAX_LINKS_PER_ITEM)

    @admin.display(description="ผลการตรวจล่าสุด")
    def check_state(self, obj: EvidenceLink) -> str:
        if not obj.pk:
            return "-"
        return _link_state(selectors.link_rows([obj.url])[obj.url])


class EvidenceFileInline(
    HeldUploadsAdminMixin, ThaiInputsMixin, EvidenceScopedMixin, admin.TabularInline
):
    model = EvidenceFile
    agency_path = "evidence__assessment__agency"
    fields = ["file", "title", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    extra = 0


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.fiscal_year} · {obj.code} {obj.name}"


@admin.register(Evidence)
class EvidenceAdmin(
    ThaiInputsMixin,
    EditLockAdminMixin,
    NotFoundForOthersMixin,
    EvidenceScopedMixin,
    admin.ModelAdmin,
):
    list_display = [
        "item_code",
        "item_name",
        "assessment",
        "state",
        "unit",
        "due_date",
        "preliminary_result",
        "final_result",
        "public",
    ]
    list_filter = ["assessment__framework__fiscal_year", "state", "preliminary_result", "public"]
    list_select_related = ["assessment__agency", "assessment__framework", "item", "unit"]
    search_fields = ["item__code", "item__name", "assessment__agency__name", "responsible_person"]
    inlines = [EvidenceLinkInline, EvidenceFileInline]
    change_list_template = "admin/oit/evidence/change_list.html"
    fieldsets = [
        (None, {"fields": ["assessment", "item", "text", "document_date", "date_check"]}),
        (
            "การดำเนินงาน",
            {"fields": ["unit", "responsible_person", "due_date", "state", "notes", "public"]},
        ),
        (
            "ผลการตรวจของผู้ประเมินและการชี้แจง",
            {
                "fields": [
                    "preliminary_result",
                    "preliminary_comment",
                    "clarification",
                    "final_result",
                ]
            },
        ),
    ]

    @admin.display(description="ข้อ", ordering="item__order")
    def item_code(self, obj: Evidence) -> str:
        return obj.item.code

    @admin.display(description="ชื่อข้อ")
    def item_name(self, obj: Evidence) -> str:
        return obj.item.name

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["assessment", "item", "date_check"] if obj is not None else ["date_check"]

    @admin.display(description="ตรวจช่วงเวลาของหลักฐาน")
    def date_check(self, obj: Evidence) -> str:
        if not obj.pk:
            return "-"
        if not obj.item.evidence_rule:
            return DATE_RULE_NONE
        warnings = evidence_date_warnings(obj)
        return " ".join(warnings) or DATE_FITS.format(rule=obj.item.get_evidence_rule_display())

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "item":
            return ItemChoiceField(
                queryset=OITItem.objects.filter(retired=False)
                .select_related("framework")
                .order_by("-framework__fiscal_year", "order"),
                label=db_field.verbose_name,
            )
        if db_field.name == "unit":
            kwargs["queryset"] = Unit.objects.filter(
                agency__in=access.agencies_for(request.user, self.edit_roles)
            ).select_related("agency")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Evidence, form: Any, change: bool) -> None:
        if change:
            self.lock_claim_for(request, obj, form)
        services.evidence_save(user=request.user, evidence=obj)
        # Saved all the same: a date out of the item's period is the assessors' call, not ours.
        for warning in evidence_date_warnings(obj):
            self.message_user(request, f"{obj.item.code}: {warning}", messages.WARNING)

    def delete_model(self, request: HttpRequest, obj: Evidence) -> None:
        services.evidence_delete(user=request.user, evidence=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for evidence in queryset:
            services.evidence_delete(user=request.user, evidence=evidence)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, EvidenceLink):
                services.evidence_link_delete(user=request.user, link=obj)
            else:
                services.evidence_file_delete(user=request.user, item=obj)
        for obj in instances:
            if isinstance(obj, EvidenceLink):
                services.evidence_link_save(user=request.user, link=obj)
            else:
                services.evidence_file_save(user=request.user, item=obj)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        assessments = access.scope_to_user(
            Assessment.objects.select_related("agency", "framework"), request.user, "agency"
        ).order_by("agency__name", "-framework__fiscal_year")[:50]
        extra = {"oit_assessments": assessments, **(extra_context or {})}
        return super().changelist_view(request, extra)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path(
                "assessment/<dbint:assessment_id>/",
                view(require_http_methods(["GET", "POST"])(self.overview_view)),
                name="oit_evidence_overview",
            ),
            path(
                "assessment/<dbint:assessment_id>/paste/",
                view(require_http_methods(["GET", "POST"])(self.paste_view)),
                name="oit_evidence_paste",
            ),
            *super().get_urls(),
        ]

    def _assessment_for(self, request: HttpRequest, assessment_id: int) -> Assessment:
        """The assessment if the user may see it (404 otherwise); a POST needs the staff role (403)."""
        assessment = cast(
            Assessment,
            access.get_object_for_user(
                Assessment.objects.select_related("agency", "framework"),
                request.user,
                "agency",
                pk=assessment_id,
            ),
        )
        if request.method == "POST" and not services.may_edit(request.user, assessment):
            raise PermissionDenied(services.ERROR_NOT_ALLOWED)
        return assessment

    def overview_view(self, request: HttpRequest, assessment_id: int) -> HttpResponse:
        assessment = self._assessment_for(request, assessment_id)
        if request.method == "POST":
            self._overview_action(request, assessment)
            return redirect("admin:oit_evidence_overview", assessment.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"หลักฐาน OIT: {assessment.agency} ปีงบประมาณ พ.ศ. {assessment.fiscal_year}",
            "assessment": assessment,
            "rows": [
                (row, [(link, _link_state(link)) for link in row.links])
                for row in selectors.evidence_table(assessment)
            ],
            "predicted": _predicted_figures(selectors.predicted_score(assessment)),
            "may_edit": services.may_edit(request.user, assessment),
        }
        return TemplateResponse(request, "admin/oit/evidence/overview.html", context)

    def _overview_action(self, request: HttpRequest, assessment: Assessment) -> None:
        if request.POST.get("do") == "check":
            try:
                services.link_check_request(user=request.user, assessment=assessment)
            except ValidationError as refused:
                self.message_user(request, " ".join(refused.messages), messages.ERROR)
                return
            summary = tasks.check_assessment_links.delay(assessment.pk)
            if summary.ready():  # inline without a broker: the result is already here
                self.message_user(request, _checked_message(summary.get()))
            else:
                self.message_user(request, MESSAGE_CHECK_STARTED)
        else:
            count = services.evidence_ensure_rows(user=request.user, assessment=assessment)
            self.message_user(request, MESSAGE_ROWS_CREATED.format(count=count))

    def paste_view(self, request: HttpRequest, assessment_id: int) -> HttpResponse:
        """The paste form; a POST saves it and answers with what became of each line."""
        assessment = self._assessment_for(request, assessment_id)
        errors: list[str] = []
        outcome = None
        text = (
            request.POST.get("urls", "") if request.method == "POST" else _current_urls(assessment)
        )
        if request.method == "POST":
            try:
                outcome = services.evidence_bulk_set_urls(
                    user=request.user, assessment=assessment, text=text
                )
            except services.PasteRejected as rejected:
                errors = rejected.messages
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"วางรายการลิงก์หลักฐาน OIT: {assessment.agency} ปี {assessment.fiscal_year}",
            "assessment": assessment,
            "text": text,
            "errors": errors,
            "error_title": ERROR_PASTE_REFUSED,
            "saved_title": _pasted_message(outcome),
            "report": outcome.report if outcome else (),
            "may_edit": services.may_edit(request.user, assessment),
            "max_lines": settings.OIT_PASTE_MAX_LINES,
            "max_links": settings.OIT_MAX_LINKS_PER_ITEM,
        }
        return TemplateResponse(request, "admin/oit/evidence/paste.html", context)


def _checked_message(summary: dict[str, int]) -> str:
    message = MESSAGE_CHECKED.format(**summary)
    if summary.get("skipped"):
        message += " " + MESSAGE_SKIPPED.format(**summary)
    return message


def _pasted_message(outcome: services.PasteOutcome | None) -> str:
    if outcome is None:
        return ""
    message = MESSAGE_PASTED.format(items=outcome.items, urls=outcome.urls)
    if outcome.removed:
        message += " " + MESSAGE_REMOVED.format(removed=outcome.removed)
    return message


def _current_urls(assessment: Assessment) -> str:
    """The links already given, one "O1 https://…" line each: what the paste form starts from."""
    return "\n".join(
        f"{row.code} {link.url}"
        for row in selectors.evidence_table(assessment)
        for link in row.links
    )


def _predicted_figures(score: selectors.PredictedScore | None) -> dict[str, Any] | None:
    """Display values (two decimals) of a predicted score."""
    if score is None:
        return None
    return {
        "basis": score.basis_label,
        "unjudged": score.unjudged,
        "oit": round2(score.prediction.percent),
        "passed": score.prediction.passed,
        "total_items": score.prediction.total,
        "indicators": [
            (
                indicator.number,
                round2(indicator.percent),
                [(s.code, s.passed, s.total, round2(s.percent)) for s in indicator.sub_indicators],
            )
            for indicator in score.prediction.indicators
        ],
        "total": round2(score.total) if score.total is not None else None,
        "other_year": score.other_year,
        "others": [(code, round2(p)) for code, p in score.other_tool_percents.items()],
    }


@admin.register(LinkCheck)
class LinkCheckAdmin(ThaiInputsMixin, SiteAdminReadOnlyMixin, admin.ModelAdmin):
    """Raw results of the checker, for site administrators (agencies see them on their evidence)."""

    list_display = ["url", "ok", "status_code", "error", "response_ms", "tls_valid", "checked_at"]
    list_filter = ["ok", "error", "tls_valid"]
    search_fields = ["url"]


@admin.register(PublicPageSetting)
class PublicPageSettingAdmin(
    ThaiInputsMixin, NotFoundForOthersMixin, AgencyScopedMixin, admin.ModelAdmin
):
    """Which websites may embed the agency's public ITA page; its staff and approvers set it."""

    list_display = ["agency", "frame_origins", "updated_at"]
    list_select_related = ["agency"]
    fields = ["agency", "frame_origins"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["agency"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, self.edit_roles)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: PublicPageSetting, form: Any, change: bool
    ) -> None:
        services.page_setting_save(user=request.user, setting=obj)

    def delete_model(self, request: HttpRequest, obj: PublicPageSetting) -> None:
        services.page_setting_delete(user=request.user, setting=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for setting in queryset:
            services.page_setting_delete(user=request.user, setting=setting)
