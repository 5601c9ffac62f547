"""Thai admin of action plans: rows and their activities on the plan's one page, workflow buttons."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from assessments import access
from assessments.admin_scoping import AgencyScopedMixin, NotFoundForOthersMixin
from assessments.models import Assessment, Unit
from indicators.models import Indicator
from ita_portal.lib.admin import THAI_FORMFIELDS, ThaiInputsMixin, be_display, person_display
from ita_portal.lib.admin_history import AuditHistoryMixin
from ita_portal.lib.admin_locking import EditLockAdminMixin, editor_text
from ita_portal.lib.forms import MultilineTextField
from ita_portal.lib.upload_forms import HeldUploadsAdminMixin
from ita_portal.lib.users import signed_in

from . import selectors, services
from .diff import plan_changes_since_approval, plan_changes_since_return
from .forms import BudgetField
from .models import ActionPlan, PlanActivity, PlanChange, PlanItem, ProgressReport
from .plan_formsets import (
    PlanActivityFormSet,
    PlanItemForm,
    PlanItemFormSet,
    deleted_ids,
    formset_changes,
)
from .snapshots import PlanRow

ERROR_LOCKED = "แผนนี้อยู่ในสถานะ “{status}” จึงแก้ไขไม่ได้"
# The form's own submit button: what was typed is saved first, then the plan is submitted.
SUBMIT_FIELD = "_submit_plan"
MESSAGE_SAVED_AND_SUBMITTED = "บันทึกการแก้ไขและเสนออนุมัติแผนแล้ว"


def _plan_of(obj: Model | None) -> ActionPlan | None:
    if isinstance(obj, ActionPlan):
        return obj
    if isinstance(obj, PlanItem):
        return obj.plan
    if isinstance(obj, PlanActivity):
        return obj.item.plan
    return None


class DraftOnlyMixin(AgencyScopedMixin):
    """Content of a plan changes only while it is a draft: otherwise the page is read-only."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "budget":
            return BudgetField(label=db_field.verbose_name)
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("form_class", MultilineTextField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        plan = _plan_of(obj)
        if plan is not None and not plan.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        plan = _plan_of(obj)
        if plan is not None and not plan.is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        plan = _plan_of(obj)
        if plan is not None and not plan.is_editable:
            return False
        return super().has_add_permission(request, obj)


class PlanItemInline(ThaiInputsMixin, DraftOnlyMixin, admin.StackedInline):
    """The plan's rows, each with its activities and their schedules, on the plan's page."""

    model = PlanItem
    form = PlanItemForm
    formset = PlanItemFormSet
    template = "actionplans/admin/plan_items.html"
    agency_path = "plan__assessment__agency"
    parent_agency_path = "assessment__agency"
    extra = 0
    fields = [("indicator", "order"), "assessment_issues"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PlanItem]:
        return (
            super().get_queryset(request).select_related("indicator", "plan__assessment__framework")
        )

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        request._actionplan_parent = obj  # type: ignore[attr-defined]
        formset = super().get_formset(request, obj, **kwargs)
        activities = PlanActivityInline(PlanItem, self.admin_site).get_formset(request, obj)
        attrs = {
            "activity_formset": activities,
            "issues_by_indicator": _issues_by_indicator(obj),
            # Who may not change the rows reads them as the report prints them.
            "printed_rows": {} if self.has_change_permission(request, obj) else _printed_rows(obj),
        }
        return type(formset.__name__, (formset,), attrs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        plan = getattr(request, "_actionplan_parent", None)
        if db_field.name == "indicator":
            kwargs["queryset"] = (
                Indicator.objects.filter(framework_id=plan.assessment.framework_id)
                if plan is not None
                else Indicator.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _issues_by_indicator(plan: ActionPlan | None) -> dict[int, list[str]]:
    """The assessment's issues of each indicator, entered once there, for the rows to copy."""
    if plan is None:
        return {}
    scores = plan.assessment.scores.only("indicator_id", "assessment_issues")
    return {s.indicator_id: s.assessment_issue_list for s in scores if s.assessment_issue_list}


def _printed_rows(plan: ActionPlan | None) -> dict[int, PlanRow]:
    """The plan's rows as its report prints them (schedules, units, budgets), by row."""
    if plan is None:
        return {}
    report = selectors.plan_for_report(plan.assessment, thai=True)
    rows = report.rows if report is not None else ()
    return {row.item_id: row for row in rows if row.item_id is not None}


class PlanEditLockMixin(EditLockAdminMixin):
    """The plan's lock_version guards the plan page and its rows' pages alike."""

    def lock_target(self, obj: Any) -> ActionPlan:
        plan = _plan_of(obj)
        assert plan is not None
        return plan

    def lock_claim(self, request: HttpRequest, obj: Any, expected: int | None) -> None:
        services.actionplan_claim_edit(
            plan=self.lock_target(obj), user=signed_in(request.user), expected_version=expected
        )

    def lock_last_editor(self, target: ActionPlan) -> str:
        return editor_text(target.last_edited_by, target.last_edited_at)


REOPEN_REQUEST_MARKER = "มีคำขอเปิดแก้ไข"


class OpenReopenRequestFilter(admin.SimpleListFilter):
    """The plans whose staff wait for an approver's answer to a request to reopen them."""

    title = "คำขอเปิดแก้ไขแผน"
    parameter_name = "reopen_request"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", REOPEN_REQUEST_MARKER)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "open":
            return queryset.filter(has_open_reopen_request=True)
        return queryset


@admin.register(ActionPlan)
class ActionPlanAdmin(
    ThaiInputsMixin,
    PlanEditLockMixin,
    NotFoundForOthersMixin,
    DraftOnlyMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    agency_path = "assessment__agency"
    change_form_template = "actionplans/admin/actionplan_change_form.html"  # type: ignore[misc]
    change_list_template = "actionplans/admin/actionplan_change_list.html"
    list_display = [
        "__str__",
        "agency_name",
        "plan_year_display",
        "status",
        "reopen_request_display",
        "version",
    ]
    list_filter = ["status", OpenReopenRequestFilter]
    list_select_related = ["assessment__agency", "assessment__framework"]
    inlines = [PlanItemInline]
    readonly_fields = [
        "status",
        "version",
        "created_by_name",
        "last_edited_by_name",
        "last_edited_at_be",
        "submitted_by_name",
        "submitted_at_be",
        "approved_by_name",
        "approved_at_be",
    ]
    # People by their names, not usernames linking to the accounts' admin (a 403 to staff).
    created_by_name = person_display(ActionPlan, "created_by")
    last_edited_by_name = person_display(ActionPlan, "last_edited_by")
    submitted_by_name = person_display(ActionPlan, "submitted_by")
    approved_by_name = person_display(ActionPlan, "approved_by")
    # Date-times in พ.ศ. (Django's own display gives ค.ศ. years).
    last_edited_at_be = be_display(ActionPlan, "last_edited_at")
    submitted_at_be = be_display(ActionPlan, "submitted_at")
    approved_at_be = be_display(ActionPlan, "approved_at")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A plan with a workflow history (an approved version above all) is kept, not deleted.
        if isinstance(obj, ActionPlan) and obj.transitions.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        head = (
            ["title", "introduction"]
            if obj is not None
            else ["assessment", "title", "introduction"]
        )
        return head + (self.readonly_fields if obj is not None else [])

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return list(self.readonly_fields) if obj is not None else []

    @admin.display(description=_("หน่วยงาน"))
    def agency_name(self, obj: ActionPlan) -> str:
        return str(obj.assessment.agency)

    @admin.display(description=_("ปีงบประมาณของแผน"))
    def plan_year_display(self, obj: ActionPlan) -> int:
        return obj.plan_year

    def get_queryset(self, request: HttpRequest) -> QuerySet[ActionPlan]:
        return selectors.with_open_reopen_request(super().get_queryset(request))

    @admin.display(description="คำขอเปิดแก้ไข", ordering="-has_open_reopen_request")
    def reopen_request_display(self, obj: ActionPlan) -> str:
        if not getattr(obj, "has_open_reopen_request", False):
            return ""
        return format_html('<span class="ws-badge ws-badge-todo">{}</span>', REOPEN_REQUEST_MARKER)

    def save_model(self, request: HttpRequest, obj: ActionPlan, form: Any, change: bool) -> None:
        if change:
            self.lock_claim_for(request, obj, form)
            services.actionplan_update(
                plan=obj,
                user=signed_in(request.user),
                title=obj.title,
                introduction=obj.introduction,
            )
            return
        created = services.actionplan_create(
            assessment=obj.assessment,
            user=signed_in(request.user),
            title=obj.title,
            introduction=obj.introduction,
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        deleted = deleted_ids(formset)
        super().save_formset(request, form, formset, change)
        changes = formset_changes(formset, PlanChange.Kind.ITEM, deleted)
        changes += getattr(formset, "activity_changes", [])
        services.actionplan_mark_edited(
            plan=form.instance, user=signed_in(request.user), changes=changes
        )

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = dict(extra_context or {})
        plan = self.get_object(request, object_id)
        if plan is not None:
            extra_context.update(
                workflow_actions=services.allowed_actions(request.user, plan),
                transitions=selectors.plan_transitions(plan),
                return_comment=selectors.last_return_comment(plan),
                plan_locked=not plan.is_editable,
                version_editors=selectors.plan_version_editors(plan),
                four_eyes_blocked=(
                    plan.status == ActionPlan.Status.SUBMITTED
                    and access.can_approve(request.user, plan.assessment.agency_id)
                    and not services.may_approve(request.user, plan)
                ),
                reopen_requests=selectors.open_reopen_requests(plan),
                reopen_history=selectors.reopen_request_history(plan),
                **_approval_diff(plan),
            )
            if not plan.is_editable and request.method == "GET":
                messages.warning(request, ERROR_LOCKED.format(status=plan.get_status_display()))
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request: HttpRequest, obj: ActionPlan) -> HttpResponse:
        if SUBMIT_FIELD in request.POST:
            return self._submit_after_save(request, obj)
        return super().response_change(request, obj)

    def _submit_after_save(self, request: HttpRequest, plan: ActionPlan) -> HttpResponse:
        """The edits were valid and are saved: now submit, or say why not (they stay saved)."""
        try:
            services.actionplan_submit(
                plan=plan,
                user=signed_in(request.user),
                comment=request.POST.get("submit_comment", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", None) or [str(exc)]:
                messages.error(request, message)
        else:
            messages.success(request, MESSAGE_SAVED_AND_SUBMITTED)
        return HttpResponseRedirect(reverse("admin:actionplans_actionplan_change", args=[plan.pk]))

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        extra_context = dict(extra_context or {})
        extra_context["draftable_assessments"] = access.scope_to_user(
            Assessment.objects.filter(action_plans__isnull=True).select_related(
                "agency", "framework"
            ),
            request.user,
            "agency",
            access.EDIT_ROLES,
        )
        extra_context["draft_url"] = reverse("actionplans:draft")
        return super().changelist_view(request, extra_context)


def _approval_diff(plan: ActionPlan) -> dict[str, Any]:
    """For a plan under approval: what it changes since its latest return (None if it was not
    returned) and from the last approved version (None if it was never approved)."""
    if plan.status != ActionPlan.Status.SUBMITTED:
        return {}
    return {
        "show_plan_diff": True,
        "return_diff": plan_changes_since_return(plan),
        "plan_diff": plan_changes_since_approval(plan),
    }


def _agency_units(request: HttpRequest) -> QuerySet[Unit]:
    """The units of the plan's agency, for an activity's responsible units."""
    plan = getattr(request, "_actionplan_parent", None)
    if plan is None:
        return Unit.objects.none()
    return Unit.objects.filter(agency_id=plan.assessment.agency_id).order_by("name")


class PlanActivityInline(ThaiInputsMixin, DraftOnlyMixin, admin.StackedInline):
    """Each activity with its own schedule, target, responsible units and budget.

    Not an inline of any admin page: the rows' formset (plan_formsets.py) nests a formset built
    from it in every row of the plan's page, so the fields get the admin's Thai inputs.
    """

    model = PlanActivity
    formset = PlanActivityFormSet
    agency_path = "item__plan__assessment__agency"
    # The parent given to its permission checks is the plan, not the row.
    parent_agency_path = "assessment__agency"
    extra = 0
    fields = [
        "order",
        "text",
        "start_month",
        "start_year",
        "end_month",
        "end_year",
        "schedule_text",
        "target",
        "lead_unit",
        "all_units",
        "units",
        "budget",
    ]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Plain choosers: the admin's "+"/pencil popups and the two-box selector would not fit
        # twenty activities on one page.
        if db_field.name == "lead_unit":
            return db_field.formfield(queryset=_agency_units(request))
        if db_field.name == "units":
            return db_field.formfield(
                queryset=_agency_units(request), widget=forms.CheckboxSelectMultiple
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(PlanItem)
class PlanItemAdmin(
    ThaiInputsMixin, NotFoundForOthersMixin, AgencyScopedMixin, AuditHistoryMixin, admin.ModelAdmin
):
    """A row has no page of its own: it is edited on its plan's page. Its audit history stays,
    and an old link to the row (an e-mail, a bookmark) leads to the plan's page."""

    agency_path = "plan__assessment__agency"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Asked when a whole draft plan is deleted with its rows; a row alone is deleted on the
        # plan's page (delete_view below leads there).
        plan = _plan_of(obj)
        if plan is not None and not plan.is_editable:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: Any = None
    ) -> HttpResponse:
        return self.change_view(request, object_id)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:actionplans_actionplan_changelist"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        plan_page = reverse("admin:actionplans_actionplan_change", args=[item.plan_id])
        return HttpResponseRedirect(plan_page)


@admin.register(ProgressReport)
class ProgressReportAdmin(
    HeldUploadsAdminMixin,
    ThaiInputsMixin,
    NotFoundForOthersMixin,
    AgencyScopedMixin,
    AuditHistoryMixin,
    admin.ModelAdmin,
):
    agency_path = "item__plan__assessment__agency"
    formfield_overrides = {**THAI_FORMFIELDS, models.URLField: {"assume_scheme": "https"}}
    list_display = ["item", "reported_on_be", "status", "percent", "reported_by_name"]
    reported_on_be = be_display(ProgressReport, "reported_on")
    reported_by_name = person_display(ProgressReport, "reported_by")
    list_filter = ["status"]
    list_select_related = ["item__indicator", "reported_by"]
    fields = [
        "item",
        "reported_on",
        "status",
        "percent",
        "budget_spent",
        "note",
        "evidence_file",
        "evidence_url",
    ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name != "item":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Only rows of approved plans, each named by agency, plan year and row (no two alike).
        kwargs["queryset"] = selectors.progress_items(
            access.scope_to_user(
                PlanItem.objects.all(), request.user, "plan__assessment__agency", access.EDIT_ROLES
            )
        )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        field.label_from_instance = selectors.progress_item_label
        field.error_messages["invalid_choice"] = services.ERROR_PROGRESS_PLAN_NOT_APPROVED
        return field

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change, **kwargs)

        class EvidenceCheckedForm(form):  # type: ignore[misc, valid-type]
            def clean_evidence_file(self) -> Any:
                upload = self.cleaned_data.get("evidence_file")
                if upload and hasattr(upload, "content_type"):
                    # A new upload: checked, and an image kept without its location data.
                    return services.evidence_for_storage(upload)
                return upload

        return EvidenceCheckedForm

    def save_model(
        self, request: HttpRequest, obj: ProgressReport, form: Any, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.progress_report_add(
            item=obj.item,
            user=signed_in(request.user),
            reported_on=obj.reported_on,
            status=obj.status,
            percent=obj.percent,
            note=obj.note,
            evidence_file=form.cleaned_data.get("evidence_file") or None,
            evidence_file_original_name=obj.evidence_file_original_name,
            evidence_url=obj.evidence_url,
            budget_spent=obj.budget_spent,
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("item__plan__assessment")
