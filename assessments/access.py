"""Who may do what for which agency: the one place where roles become permissions.

Views, admin classes and services ask these functions; none decides on its own.

Two kinds of membership: staff, approvers and viewers work on their own agency (VIEW_ROLES: the
admin, the API, the staff pages); a supervisor reads the agencies *below* the one of the
membership (its descendants, any depth) in the supervisor's console, and nothing else: not the
agency itself, its siblings or its parents, and never a write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from ita_portal.lib.users import Actor

from .hierarchy import descendants, lies_below, path_ids
from .models import Agency, Membership, Role

EDIT_ROLES = frozenset({Role.STAFF, Role.APPROVER})
APPROVE_ROLES = frozenset({Role.APPROVER})
# Any role that works on the agency of the membership itself (not the supervisor's).
VIEW_ROLES = frozenset({Role.STAFF, Role.APPROVER, Role.VIEWER})
ALL_ROLES = VIEW_ROLES  # the former name: "any role" never included the supervisor
SUPERVISE_ROLES = frozenset({Role.SUPERVISOR})

ERROR_NOT_ALLOWED = "คุณไม่มีสิทธิ์ดำเนินการนี้ในหน่วยงานนี้"


def is_site_admin(user: Actor) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def roles_by_agency(user: Actor) -> dict[int, str]:
    """Agency id → the user's role there (cached on the user object for the request)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, "_ita_roles_by_agency", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("agency_id", "role"))
        setattr(user, "_ita_roles_by_agency", cached)  # noqa: B010 (not a model field)
    return cached


def agency_ids(user: Actor, roles: Iterable[str] = VIEW_ROLES) -> set[int]:
    """Ids of the agencies where the user holds one of roles."""
    wanted = set(roles)
    return {agency_id for agency_id, role in roles_by_agency(user).items() if role in wanted}


def has_role(user: Actor, agency_id: int | None, roles: Iterable[str]) -> bool:
    if is_site_admin(user):
        return True
    if agency_id is None:
        return False
    return roles_by_agency(user).get(agency_id) in set(roles)


def can_view(user: Actor, agency_id: int | None) -> bool:
    return has_role(user, agency_id, VIEW_ROLES)


def can_edit(user: Actor, agency_id: int | None) -> bool:
    return has_role(user, agency_id, EDIT_ROLES)


def can_approve(user: Actor, agency_id: int | None) -> bool:
    return has_role(user, agency_id, APPROVE_ROLES)


def approver_emails(agency_id: int, *, exclude: Actor | None = None) -> list[str]:
    """The addresses of the agency's active approvers, once each and sorted, without exclude's
    (nobody is mailed about their own step): whom a proposal waiting for a decision is told."""
    rows = Membership.objects.filter(
        agency_id=agency_id, role__in=APPROVE_ROLES, user__is_active=True
    ).values_list("user_id", "user__email")
    skip = getattr(exclude, "pk", None)
    return sorted({email for user_id, email in rows if email and user_id != skip})


def agencies_for(user: Actor, roles: Iterable[str] = VIEW_ROLES) -> QuerySet[Agency]:
    if is_site_admin(user):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=agency_ids(user, roles))


def scope_to_user(
    queryset: QuerySet, user: Actor, agency_path: str, roles: Iterable[str] = VIEW_ROLES
) -> QuerySet:
    """Only the rows whose agency (reached by agency_path, e.g. 'assessment__agency') the user may see."""
    if is_site_admin(user):
        return queryset
    return queryset.filter(**{f"{agency_path}__in": agency_ids(user, roles)})


def scope_in_query(
    queryset: QuerySet, user: Actor, agency_path: str, roles: Iterable[str] = VIEW_ROLES
) -> QuerySet:
    """As scope_to_user, with the roles joined in the query itself (no query of its own): for
    the counts the header shows on every page. One membership per user and agency (a unique
    constraint), so the join repeats no row."""
    if is_site_admin(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(
        **{
            f"{agency_path}__memberships__user": user,
            f"{agency_path}__memberships__role__in": sorted(roles),
        }
    )


def agency_id_of(obj: Model, agency_path: str) -> int | None:
    """Follow agency_path ('agency', 'assessment__agency', …, or 'pk' for an agency itself) to its id."""
    parts = agency_path.split("__")
    target: Any = obj
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    if parts[-1] in {"pk", "id"}:
        # The path already reached the agency: its own key, not a foreign key named "pk_id".
        return target.pk
    return getattr(target, f"{parts[-1]}_id", None)


def get_object_for_user(
    queryset: QuerySet,
    user: Actor,
    agency_path: str,
    roles: Iterable[str] = VIEW_ROLES,
    **lookup: Any,
) -> Model:
    """The object if the user may see it; 404 for another agency's object (no existence leak),
    403 where the user sees the agency but lacks the role."""
    obj = scope_to_user(queryset, user, agency_path).filter(**lookup).first()
    if obj is None:
        raise Http404
    if not has_role(user, agency_id_of(obj, agency_path), roles):
        raise PermissionDenied(ERROR_NOT_ALLOWED)
    return obj


def supervised_roots(user: Actor) -> QuerySet[Agency]:
    """The agencies whose descendants the user supervises (site administrators: every root)."""
    if is_site_admin(user):
        return Agency.objects.filter(parent__isnull=True)
    return Agency.objects.filter(pk__in=agency_ids(user, SUPERVISE_ROLES))


def can_supervise(user: Actor, agency: Agency) -> bool:
    """Whether the user supervises this agency's descendants: a supervisor of it or of one of
    its ancestors (a supervisor of a parent also follows the parent's sub-trees)."""
    if is_site_admin(user):
        return True
    supervised = agency_ids(user, SUPERVISE_ROLES)
    return bool(supervised) and not supervised.isdisjoint(path_ids(agency))


def supervised_units(user: Actor, root: Agency) -> QuerySet[Agency]:
    """The agencies below root (any depth) for a user who supervises root; 404 otherwise."""
    if not can_supervise(user, root):
        raise Http404
    return descendants(root)


def get_supervised_unit(user: Actor, code: str) -> Agency:
    """The agency of this code if it lies below one the user supervises (404 otherwise, also for
    the supervised agency itself: the supervisor reads its units, not its own work)."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    if is_site_admin(user):
        return agency
    if not lies_below(agency, agency_ids(user, SUPERVISE_ROLES)):
        raise Http404
    return agency
