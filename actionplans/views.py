"""Workflow endpoints (POST only) and the read-only plan and follow-up pages.

Each view: the access helper (404 for another agency, 403 without the role), a service call,
a redirect back to the plan's admin page with the outcome as a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from assessments import access
from assessments.models import Assessment
from ita_portal.lib.users import Person, signed_in

from . import selectors, services, workflow
from .models import ActionPlan

MESSAGE_DONE = {
    "submit": "เสนอแผนเพื่อขออนุมัติแล้ว ระบบแจ้งผู้บริหารทางอีเมล",
    "withdraw": "ถอนแผนที่เสนอแล้ว แผนกลับเป็นร่าง แก้ไขแล้วเสนอใหม่ได้",
    "approve": "อนุมัติแผนแล้ว",
    "return": "ส่งแผนกลับไปแก้ไขพร้อมความเห็นแล้ว",
    "reopen": "เปิดแผนให้แก้ไขแล้ว ฉบับที่อนุมัติไว้ยังเก็บอยู่ในประวัติ",
    "request_reopen": "ส่งคำขอเปิดแก้ไขแผนแล้ว ระบบแจ้งผู้บริหารทางอีเมล",
    "decline_reopen": "ไม่เปิดแก้ไขแผนตามคำขอแล้ว แผนยังคงอนุมัติอยู่",
}
MESSAGE_DRAFTED = "ร่างแผนจากผลการประเมินแล้ว แก้ไขรายการได้ด้านล่าง"
MESSAGE_WEAKNESSES_ADDED = "เพิ่มรายการจากตัวชี้วัดที่ต้องพัฒนาแล้ว {count} รายการ แก้ไขรายการได้ด้านล่าง"

PLAN_PATH = "assessment__agency"


def _plan_for(request: HttpRequest, pk: int, roles: Any) -> ActionPlan:
    return access.get_object_for_user(  # type: ignore[return-value]
        ActionPlan.objects.select_related("assessment__agency", "assessment__framework"),
        request.user,
        PLAN_PATH,
        roles,
        pk=pk,
    )


def _admin_url(plan: ActionPlan) -> str:
    return reverse("admin:actionplans_actionplan_change", args=[plan.pk])


def _run(request: HttpRequest, pk: int, action: str, service: Any) -> HttpResponse:
    """Take a workflow step: the roles that may take it come from the workflow table."""
    plan = _plan_for(request, pk, workflow.BY_ACTION[action].roles)
    comment = request.POST.get("comment", "")
    try:
        service(plan=plan, user=request.user, comment=comment)
    except PermissionDenied as exc:
        # The role was there but a rule (four eyes) refused: say which, with a 403.
        context = {"message": str(exc) or access.ERROR_NOT_ALLOWED, "plan_url": _admin_url(plan)}
        return render(request, "actionplans/refused.html", context, status=403)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_DONE[action])
    return HttpResponseRedirect(_admin_url(plan))


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "submit", services.actionplan_submit)


@login_required
@require_POST
def plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "withdraw", services.actionplan_withdraw)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "approve", services.actionplan_approve)


@login_required
@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "return", services.actionplan_return)


@login_required
@require_POST
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "reopen", services.actionplan_reopen)


def _request_reopen(*, plan: ActionPlan, user: Person, comment: str) -> Any:
    return services.actionplan_request_reopen(plan=plan, user=user, reason=comment)


@login_required
@require_POST
def plan_request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff ask the approvers to reopen an approved plan (the reason is the form's comment)."""
    return _run(request, pk, "request_reopen", _request_reopen)


@login_required
@require_POST
def plan_decline_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, "decline_reopen", services.actionplan_decline_reopen)


@login_required
@require_POST
def plan_draft(request: HttpRequest) -> HttpResponse:
    """Draft a plan from an assessment in one action (one row per weak indicator)."""
    assessment = access.get_object_for_user(
        Assessment.objects.select_related("agency", "framework"),
        request.user,
        "agency",
        access.EDIT_ROLES,
        pk=_int_or_404(request.POST.get("assessment")),
    )
    try:
        plan = services.actionplan_draft_from_assessment(
            assessment=assessment,  # type: ignore[arg-type]
            user=signed_in(request.user),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("admin:actionplans_actionplan_changelist"))
    messages.success(request, MESSAGE_DRAFTED)
    return HttpResponseRedirect(_admin_url(plan))


@login_required
@require_POST
def plan_weaknesses(request: HttpRequest, pk: int) -> HttpResponse:
    """Add rows for the weak indicators the plan lacks (a plan made before its scores)."""
    plan = _plan_for(request, pk, access.EDIT_ROLES)
    try:
        count = services.actionplan_weakness_rows_propose(plan=plan, user=signed_in(request.user))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, MESSAGE_WEAKNESSES_ADDED.format(count=count))
    return HttpResponseRedirect(_admin_url(plan))


def _int_or_404(value: str | None) -> int:
    from django.http import Http404

    try:
        return int(value or "")
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as it will read in the report, with its history and follow-up."""
    plan = _plan_for(request, pk, access.VIEW_ROLES)
    assessment = plan.assessment
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "report": selectors.plan_for_report(assessment),
            "transitions": selectors.plan_transitions(plan),
            "reopen_history": selectors.reopen_request_history(plan),
            "return_comment": selectors.last_return_comment(plan),
            "summary": selectors.follow_up_summary(plan, today=timezone.localdate()),
            "actions": services.allowed_actions(request.user, plan),
            "admin_url": _admin_url(plan),
        },
    )
