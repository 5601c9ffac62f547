"""Admin classes that show and change only the rows of the user's own agencies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from . import access
from .models import Assessment


class AgencyScopedMixin:
    """Scope an admin (or inline) to the user's agencies.

    agency_path names the lookup from the model to its Agency; viewers may look, staff and
    approvers may change. Another agency's object is simply not in the queryset, so the admin
    answers as for a missing object.
    """

    agency_path = "agency"
    # Inlines receive the parent object in their permission checks: the path from the parent.
    parent_agency_path = "agency"
    edit_roles = access.EDIT_ROLES

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.scope_to_user(super().get_queryset(request), request.user, self.agency_path)  # type: ignore[misc]

    def _may(self, request: HttpRequest, obj: Model | None, roles: Any) -> bool:
        user = request.user
        if access.is_site_admin(user):
            return True
        if obj is None:
            return bool(access.agency_ids(user, roles))
        is_inline = isinstance(self, admin.options.InlineModelAdmin)
        path = self.parent_agency_path if is_inline else self.agency_path
        return access.has_role(user, access.agency_id_of(obj, path), roles)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request, None, access.VIEW_ROLES)

    def may_see_history(self, request: HttpRequest, obj: Model) -> bool:
        """The audit history is for the agency's approvers and site administrators."""
        return self._may(request, obj, access.APPROVE_ROLES)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj, access.VIEW_ROLES)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        is_inline = isinstance(self, admin.options.InlineModelAdmin)
        return self._may(request, obj if is_inline else None, self.edit_roles)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj, self.edit_roles)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, obj, self.edit_roles)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # An agency, or an agency's assessment, chosen in a form must be one the user may edit.
        if db_field.name == "agency":
            kwargs["queryset"] = access.agencies_for(request.user, self.edit_roles)
        elif db_field.name == "assessment" and db_field.related_model is Assessment:
            kwargs["queryset"] = access.scope_to_user(
                Assessment.objects.select_related("agency", "framework"),
                request.user,
                "agency",
                self.edit_roles,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class NotFoundForOthersMixin:
    """Answer 404 for an object outside the user's agencies instead of the admin's redirect."""

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str):
        raise Http404


class SiteAdminReadOnlyMixin:
    """Records the system writes (link checks, reminders sent): site administrators read them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return access.is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return access.is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
