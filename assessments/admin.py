"""Thai admin for agencies and assessments, scoped to the user's own agencies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse

from indicators.models import CALENDAR_FIELDS
from ita_portal.lib.admin import ThaiInputsMixin
from ita_portal.lib.admin_history import AuditHistoryMixin
from ita_portal.lib.admin_locking import EditLockAdminMixin

from . import access, agency_import, hierarchy, services
from .admin_facts import PublicFactsAdminMixin
from .admin_scoping import AgencyScopedMixin, SiteAdminReadOnlyMixin
from .forms import (
    AgencyForm,
    AgencyHierarchyUploadForm,
    AssessmentForm,
    EarlierResultForm,
    IndicatorScoreForm,
    OfficialToolPointsForm,
    ToolAnalysisForm,
)
from .imports.problems import ScoreImportError
from .imports.reading import Limits, check_size
from .models import (
    Agency,
    AgencyIssuer,
    AgencyMove,
    Assessment,
    Cohort,
    EarlierResult,
    IndicatorScore,
    Membership,
    OfficialToolPoints,
    ToolAnalysis,
    Unit,
)
from .selectors import (
    assessment_result_or_none,
    assessment_with_scores,
    tool_interpretation_drafts,
)


@admin.register(Cohort)
class CohortAdmin(ThaiInputsMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class UnitInline(ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline):
    model = Unit
    extra = 0
    parent_agency_path = "pk"


class EarlierResultInline(ThaiInputsMixin, AgencyScopedMixin, admin.TabularInline):
    model = EarlierResult
    form = EarlierResultForm
    extra = 0
    parent_agency_path = "pk"


class MembershipInline(ThaiInputsMixin, admin.TabularInline):
    """Who works for the agency: managed by site administrators only."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_site_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class SiteAdminOnlyMixin:
    """Only site administrators see or change these rows (nobody else, not even to look)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_site_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class AgencyIssuerInline(ThaiInputsMixin, SiteAdminOnlyMixin, admin.TabularInline):
    """Whose frameworks the agency is assessed under, from which year (its history)."""

    model = AgencyIssuer
    extra = 0
    fields = ["issuer", "from_fiscal_year", "note"]


@admin.register(AgencyIssuer)
class AgencyIssuerAdmin(ThaiInputsMixin, SiteAdminOnlyMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["agency", "issuer", "from_fiscal_year", "note"]
    list_filter = ["issuer", "from_fiscal_year"]
    list_select_related = ["agency", "issuer"]
    search_fields = ["agency__name", "agency__code", "issuer__code", "issuer__name"]
    autocomplete_fields = ["agency"]


@admin.register(Agency)
class AgencyAdmin(
    ThaiInputsMixin,
    PublicFactsAdminMixin,
    EditLockAdminMixin,
    AgencyScopedMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    agency_path = "pk"
    form = AgencyForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "short_name", "code", "cohort", "parent"]
    list_filter = ["cohort"]
    list_select_related = ["cohort", "parent"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    inlines = [UnitInline, EarlierResultInline, MembershipInline, AgencyIssuerInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.agencies_for(request.user).select_related("cohort")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # New agencies come from site administrators (or a cohort import), not from agency staff.
        return access.is_site_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_site_admin(request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # What waits for an approver is shown on the agency's page (public_facts).
        facts = ["pending_public_facts"] if obj is not None else []
        if access.is_site_admin(request.user):
            return facts
        # The hierarchy is kept by site administrators: an agency's staff cannot move it.
        return [*facts, "code", "cohort", "parent"]

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        if not (change and "parent" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        # A new parent is a move: the sub-tree follows and the history keeps it.
        new_parent = obj.parent
        obj.parent_id = Agency.objects.values_list("parent_id", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        hierarchy.agency_move(
            agency=obj, new_parent=new_parent, user=request.user, note=NOTE_MOVED_IN_ADMIN
        )

    def get_urls(self) -> list:
        upload = self.admin_site.admin_view(self.import_hierarchy_view)
        own = [path("import-hierarchy/", upload, name="assessments_agency_import_hierarchy")]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {
            "may_import_hierarchy": access.is_site_admin(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    def import_hierarchy_view(self, request: HttpRequest) -> HttpResponse:
        """The CSV of the hierarchy (site administrators): checked whole, all or nothing."""
        if not access.is_site_admin(request.user):
            raise PermissionDenied(access.ERROR_NOT_ALLOWED)
        form = AgencyHierarchyUploadForm(request.POST or None, request.FILES or None)
        failed: ScoreImportError | None = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload.size, Limits.from_settings())
                report = agency_import.agencies_import_stream(upload, user=request.user)
            except ScoreImportError as exc:
                failed = exc
            else:
                messages.success(request, MESSAGE_HIERARCHY_IMPORTED.format(summary=report.summary))
                return HttpResponseRedirect(reverse("admin:assessments_agency_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": TITLE_IMPORT_HIERARCHY,
            "form": form,
            "failed": failed,
        }
        template = "admin/assessments/agency/import_hierarchy.html"
        return TemplateResponse(request, template, context, status=400 if failed else 200)


NOTE_MOVED_IN_ADMIN = "ย้ายในหน้าผู้ดูแลระบบ"
TITLE_IMPORT_HIERARCHY = "นำเข้าลำดับชั้นหน่วยงานจากแฟ้ม CSV"
MESSAGE_HIERARCHY_IMPORTED = "นำเข้าลำดับชั้นแล้ว: {summary}"


@admin.register(AgencyMove)
class AgencyMoveAdmin(SiteAdminReadOnlyMixin, admin.ModelAdmin):
    """The history of moves between parents: written by assessments.hierarchy, read here."""

    list_display = ["agency", "from_parent", "to_parent", "moved_at", "moved_by", "note"]
    list_select_related = ["agency", "from_parent", "to_parent", "moved_by"]
    search_fields = ["agency__name", "agency__code"]
    date_hierarchy = "moved_at"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LockedWhenPublishedMixin:
    """A published assessment and its rows are read-only until an approver reopens it."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if isinstance(obj, Assessment) and services.assessment_is_locked(obj):
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if isinstance(obj, Assessment) and services.assessment_is_locked(obj):
            return False
        return super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if isinstance(obj, Assessment) and services.assessment_is_locked(obj):
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class IndicatorScoreInline(
    ThaiInputsMixin, LockedWhenPublishedMixin, AgencyScopedMixin, admin.TabularInline
):
    """The ten indicators as one table: rows come from the framework, staff fill the scores."""

    model = IndicatorScore
    form = IndicatorScoreForm
    agency_path = "assessment__agency"
    fields = ["indicator_label", "score", "narrative", "assessment_issues", "development_issues"]
    readonly_fields = ["indicator_label"]
    extra = 0
    can_delete = False
    ordering = ["indicator__number"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("indicator__tool")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # rows are made from the framework when the assessment is created

    @admin.display(description="ตัวชี้วัด")
    def indicator_label(self, obj: IndicatorScore) -> str:
        return f"{obj.indicator.number}. {obj.indicator.name} ({obj.indicator.tool.code})"


class OfficialToolPointsInline(
    ThaiInputsMixin, LockedWhenPublishedMixin, AgencyScopedMixin, admin.TabularInline
):
    model = OfficialToolPoints
    form = OfficialToolPointsForm
    agency_path = "assessment__agency"
    extra = 0
    verbose_name_plural = "คะแนนรายเครื่องมือตามที่ประกาศ (ถ้ามี)"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "tool":
            from indicators.models import Tool

            framework_id = getattr(request, "_ita_framework_id", None)
            kwargs["queryset"] = (
                Tool.objects.filter(framework_id=framework_id)
                if framework_id
                else Tool.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _drafts_for(assessment: Assessment | None) -> dict[str, str]:
    """Drafts of the tools' interpretations, or none while the scores are incomplete."""
    if assessment is None:
        return {}
    fresh = assessment_with_scores(assessment.pk)
    result, _reason = assessment_result_or_none(fresh)
    if result is None:
        return {}
    labels = {b.code: b.label for b in fresh.framework.bands.all()}
    return tool_interpretation_drafts(fresh, result, labels)


class ToolAnalysisInline(AgencyScopedMixin, admin.StackedInline):
    """One text per tool; an empty one is offered the draft written from the figures."""

    model = ToolAnalysis
    form = ToolAnalysisForm
    agency_path = "assessment__agency"
    extra = 0
    can_delete = False
    fields = ["tool_label", "interpretation"]
    readonly_fields = ["tool_label"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("tool").order_by("tool__order")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # one row per tool is made with the assessment

    @admin.display(description="เครื่องมือ")
    def tool_label(self, obj: ToolAnalysis) -> str:
        return obj.tool.name

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        drafts = _drafts_for(obj)

        class DraftingFormSet(formset):  # type: ignore[misc, valid-type]
            def _construct_form(self, i: int, **form_kwargs: Any) -> Any:
                form = super()._construct_form(i, **form_kwargs)
                instance = form.instance
                # An untouched draft stays a draft (not saved), so it follows later score edits.
                if instance.pk and not instance.interpretation.strip():
                    form.initial["interpretation"] = drafts.get(instance.tool.code, "")
                return form

        return DraftingFormSet


@admin.register(Assessment)
class AssessmentAdmin(
    ThaiInputsMixin,
    EditLockAdminMixin,
    LockedWhenPublishedMixin,
    AgencyScopedMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    form = AssessmentForm
    list_display = ["agency", "fiscal_year_display", "status", "official_total", "official_rank"]
    list_filter = ["framework__fiscal_year", "status"]
    search_fields = ["agency__name", "agency__short_name", "agency__code"]
    list_select_related = ["agency", "framework"]
    change_form_template = "admin/assessments/assessment/change_form.html"  # type: ignore[misc]
    fieldsets = [
        (None, {"fields": ["agency", "framework", "status"]}),
        (
            "ผลที่ประกาศ",
            {"fields": ["official_total", "official_rank", "cohort_size", "cohort_average"]},
        ),
        (
            "รายงาน",
            {
                "fields": [
                    "foreword",
                    "introduction",
                    "use_thai_digits",
                    "strength_threshold",
                    "discrepancy_display",
                ]
            },
        ),
        (
            "กำหนดการของหน่วยงาน (เว้นว่างเพื่อใช้ปฏิทินของปี)",
            {"fields": list(CALENDAR_FIELDS), "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="ปีงบประมาณ", ordering="framework__fiscal_year")
    def fiscal_year_display(self, obj: Assessment) -> int:
        return obj.framework.fiscal_year

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The agency and the year fix which indicators the scores belong to; publishing has its own action.
        fixed = ["status"]
        return fixed + (["agency", "framework"] if obj is not None else [])

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        if obj is None:
            return []
        return [IndicatorScoreInline, ToolAnalysisInline, OfficialToolPointsInline]

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._ita_framework_id = obj.framework_id  # type: ignore[attr-defined]
        return obj

    def lock_claim(self, request: HttpRequest, obj: Assessment, expected: int | None) -> None:
        services.assessment_claim_edit(assessment=obj, expected_version=expected)

    def save_model(self, request: HttpRequest, obj: Assessment, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name not in {"agency", "framework", "status"}
        }
        created = services.assessment_create(agency=obj.agency, framework=obj.framework, **fields)
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Scores and official figures changed: the stored figures follow once this commits
        # (the edit lock already moved the version).
        services.assessment_figures_follow(assessment=form.instance)

    def response_add(
        self, request: HttpRequest, obj: Assessment, post_url_continue: Any = None
    ) -> Any:
        # Scores are entered on the change page, where the indicator rows now exist: go there.
        if "_addanother" not in request.POST and IS_POPUP_VAR not in request.POST:
            post = request.POST.copy()
            post["_continue"] = "1"
            request.POST = post  # type: ignore[assignment]
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        if obj is not None:
            context["computed_result"] = self._computed_result(obj)
            if services.assessment_is_locked(obj):
                context["locked_notice"] = services.ERROR_LOCKED
        return super().render_change_form(request, context, *args, **kwargs)

    def _computed_result(self, obj: Assessment) -> str:
        fresh = assessment_with_scores(obj.pk)
        result, reason = assessment_result_or_none(fresh)
        names = {s.indicator.number: s.indicator.name for s in fresh.scores.all()}
        return render_to_string(
            "admin/assessments/assessment/_computed_result.html",
            {
                "result": result,
                "reason": reason,
                "rows": [(i, names[i.number]) for i in result.indicators] if result else [],
                "threshold": fresh.strength_threshold or fresh.framework.strength_threshold,
            },
        )


from .imports import admin as _imports_admin  # noqa: E402, F401  (registers the score-sheet import)
