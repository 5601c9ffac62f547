"""An object's audit history in the admin: read-only, in Thai, for those allowed to see it."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import audit_display
from .audit import history_for

ACTIONS = {0: "สร้าง", 1: "แก้ไข", 2: "ลบ", 3: "เปิดดู"}
PER_PAGE = 50


class AuditHistoryMixin:
    """Adds a "ประวัติการแก้ไข" page to a ModelAdmin: who changed what, when, from what to what."""

    def may_see_history(self, request: HttpRequest, obj: Any) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def _audit_url_name(self) -> str:
        opts = self.model._meta  # type: ignore[attr-defined]
        return f"{opts.app_label}_{opts.model_name}_audit"

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.audit_view)  # type: ignore[attr-defined]
        own = [path("<path:object_id>/audit/", view, name=self._audit_url_name())]
        return own + super().get_urls()  # type: ignore[misc]

    def audit_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        if not self.may_see_history(request, obj):
            raise PermissionDenied
        page = self.get_paginator(  # type: ignore[attr-defined]
            request, history_for(obj), PER_PAGE
        ).get_page(request.GET.get("p", 1))
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": f"ประวัติการแก้ไข: {obj}",
            "opts": self.model._meta,  # type: ignore[attr-defined]
            "object": obj,
            "page": page,
            "rows": [_row(entry) for entry in page.object_list],
        }
        return TemplateResponse(request, "admin/audit_history.html", context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is not None and self.may_see_history(request, obj):
            url = reverse(f"admin:{self._audit_url_name()}", args=[obj.pk])
            extra_context = {**(extra_context or {}), "audit_url": url}
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]


def _row(entry: Any) -> dict[str, Any]:
    return {
        "timestamp": entry.timestamp,
        "actor": entry.actor.get_username() if entry.actor else "ระบบ",
        "action": ACTIONS.get(entry.action, str(entry.action)),
        "object": f"{entry.content_type.model_class()._meta.verbose_name}: {entry.object_repr}"
        if entry.content_type.model_class()
        else entry.object_repr,
        "changes": audit_display.changes(entry.content_type.model_class(), entry.changes_dict),
    }
