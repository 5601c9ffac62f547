"""The agency page's public facts in the admin: staff edits wait for an approver (public_facts)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from ita_portal.lib.users import signed_in

from . import access, public_facts, public_facts_mail
from .models import Agency, EarlierResult, PublicFactChange

Fact = PublicFactChange.Fact

TITLE_PUBLIC_FACTS = "ข้อมูลสาธารณะที่รออนุมัติ: {agency}"
LABEL_PENDING = "ข้อมูลสาธารณะที่รออนุมัติ"
TEXT_NONE_PENDING = "ไม่มี (หน้าสาธารณะแสดงค่าที่อนุมัติแล้ว)"
LINK_REVIEW = "ดูและพิจารณา"
MESSAGE_APPROVED = "อนุมัติแล้ว: {change} หน้าสาธารณะแสดงค่าใหม่แล้ว"
MESSAGE_REJECTED = "ไม่อนุมัติ: {change} หน้าสาธารณะยังแสดงค่าเดิม"
FACT_WORDS = {Fact.NAME: "ชื่อหน่วยงาน", Fact.SHORT_NAME: "ชื่อย่อ", Fact.EARLIER_RESULT: "ผลคะแนนปีก่อน"}


def _facts_url(agency_id: int) -> str:
    return reverse("admin:assessments_agency_public_facts", args=[agency_id])


class PublicFactsAdminMixin:
    """For AgencyAdmin: a staff member's change of the names or earlier results is proposed,
    not saved; site administrators keep changing them directly."""

    def _proposes(self, request: HttpRequest) -> bool:
        return not access.is_site_admin(request.user)

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The page's name, short name and earlier results are proposed by save_model and
        # save_formset in one transaction: each approver gets one message for the whole save.
        with public_facts_mail.one_mail_per_save():
            return super().changeform_view(request, *args, **kwargs)  # type: ignore[misc]

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        if change and self._proposes(request):
            proposed = []
            for fact in public_facts.NAME_FACTS:
                if fact in form.changed_data:
                    public_facts.fact_propose(
                        agency=obj,
                        fact=fact,
                        user=signed_in(request.user),
                        text=obj_value(obj, fact),
                    )
                    # The approved value stays until an approver says yes.
                    setattr(obj, fact, form.initial.get(fact, ""))
                    proposed.append(FACT_WORDS[fact])
            if proposed:
                messages.info(
                    request, public_facts.MESSAGE_PENDING.format(facts=" ".join(proposed))
                )
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not EarlierResult or not self._proposes(request):
            super().save_formset(request, form, formset, change)  # type: ignore[misc]
            return
        # Nothing of the history is written: the admin's change message reads these lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if _propose_earlier_results(request, form.instance, formset):
            messages.info(
                request, public_facts.MESSAGE_PENDING.format(facts=FACT_WORDS[Fact.EARLIER_RESULT])
            )

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))  # type: ignore[misc]
        if "pending_public_facts" in fields:
            # First on the page: staff see at once what the public does not read yet.
            fields.remove("pending_public_facts")
            fields.insert(0, "pending_public_facts")
        return fields

    def pending_public_facts(self, obj: Agency) -> str:
        if obj.pk is None:
            return "-"
        pending = public_facts.pending_changes(obj)
        link = format_html('<a href="{}">{}</a>', _facts_url(obj.pk), LINK_REVIEW)
        if not pending:
            return format_html("{} · {}", TEXT_NONE_PENDING, link)
        rows = format_html_join(
            "",
            '<li><span class="fact-pending">รออนุมัติ</span> {}: {} → <strong>{}</strong></li>',
            ((c.fact_label, c.current_text or "-", c.proposed_display) for c in pending),
        )
        return format_html('<ul class="fact-changes">{}</ul>{}', rows, link)

    pending_public_facts.short_description = LABEL_PENDING  # type: ignore[attr-defined]

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.public_facts_view)  # type: ignore[attr-defined]
        own = [path("<path:object_id>/public-facts/", view, name="assessments_agency_public_facts")]
        return own + super().get_urls()  # type: ignore[misc]

    def public_facts_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The agency's pending proposals; an approver (not the proposer) approves or rejects."""
        if not object_id.isdigit():
            raise Http404
        agency = access.get_object_for_user(
            Agency.objects.all(), request.user, "pk", access.VIEW_ROLES, pk=int(object_id)
        )
        assert isinstance(agency, Agency)
        if request.method == "POST":
            _decide(request, agency)
            return HttpResponseRedirect(_facts_url(agency.pk))
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": Agency._meta,
            "agency": agency,
            "title": TITLE_PUBLIC_FACTS.format(agency=agency.name),
            "pending": public_facts.pending_changes(agency),
            "decided": public_facts.recent_decisions(agency),
            "may_decide": access.can_approve(request.user, agency.pk),
        }
        return TemplateResponse(request, "admin/assessments/agency/public_facts.html", context)


def obj_value(obj: Agency, fact: str) -> str:
    return str(getattr(obj, fact) or "")


def _decide(request: HttpRequest, agency: Agency) -> None:
    pk = _as_int(request.POST.get("change"))
    change = None if pk is None else PublicFactChange.objects.filter(agency=agency, pk=pk).first()
    if change is None:
        raise Http404
    user = signed_in(request.user)
    try:
        if request.POST.get("action") == "approve":
            public_facts.fact_approve(change=change, user=user)
            messages.success(request, MESSAGE_APPROVED.format(change=change.fact_label))
        else:
            public_facts.fact_reject(
                change=change, user=user, reason=request.POST.get("reason", "")
            )
            messages.success(request, MESSAGE_REJECTED.format(change=change.fact_label))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))


def _as_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _earlier_result_edits(formset: Any) -> list[tuple[int, Any]]:
    """(year, new total or None to take the year out) for every row added, changed or deleted."""
    edits: list[tuple[int, Any]] = []
    for form in formset.forms:
        old_year = form.initial.get("fiscal_year") if form.instance.pk else None
        deleted = formset.can_delete and formset._should_delete_form(form)
        if deleted or not form.has_changed():
            edits += [(old_year, None)] if deleted and old_year is not None else []
            continue
        year = form.cleaned_data["fiscal_year"]
        if old_year is not None and old_year != year:
            # A row moved to another year: the old year goes, the new one comes.
            edits.append((old_year, None))
        edits.append((year, form.cleaned_data["total"]))
    return edits


def _propose_earlier_results(request: HttpRequest, agency: Agency, formset: Any) -> int:
    """One proposal per year whose row was added, changed or deleted; the count of them."""
    user = signed_in(request.user)
    edits = _earlier_result_edits(formset)
    for year, total in edits:
        public_facts.fact_propose(
            agency=agency,
            fact=Fact.EARLIER_RESULT,
            user=user,
            fiscal_year=year,
            total=total,
            removed=total is None,
        )
    return len(edits)
