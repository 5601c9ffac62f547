"""The hierarchy of agencies (OBEC → ESA → school, province → local government, …), any depth.

Each agency keeps its materialised path (Agency.tree_path, "/1/5/17/": the ids from the root down
to itself), so an agency's descendants are one query on an indexed prefix. Only this module
changes a parent: a move rewrites the subtree's paths in one UPDATE and records an AgencyMove.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat, Length, Substr

from ita_portal.lib.users import Actor

from .models import Agency, AgencyMove
from .models.agency import agency_tree_path, tree_path_ids

ERROR_MOVE_UNDER_ITSELF = "ย้ายหน่วยงานไปอยู่ใต้ตัวเองไม่ได้"
ERROR_MOVE_CYCLE = "ย้าย {agency} ไปอยู่ใต้ {parent} ไม่ได้: {parent} เป็นหน่วยงานในสังกัดของ {agency} อยู่แล้ว"
ERROR_PATH_TOO_DEEP = "ลำดับชั้นของหน่วยงานลึกเกินกว่าที่ระบบเก็บได้"


def tree_paths_fill() -> int:
    """Give a path to every agency without one (rows made by bulk_create or an older release):
    the roots in one UPDATE, then one level of children per round. Returns how many were filled."""
    filled = Agency.objects.filter(tree_path="", parent__isnull=True).update(
        tree_path=Concat(Value("/"), Cast("pk", CharField()), Value("/"))
    )
    while True:
        pending = list(
            Agency.objects.filter(tree_path="")
            .exclude(parent__tree_path="")
            .select_related("parent")
        )
        if not pending:
            return filled
        for agency in pending:
            Agency.objects.filter(pk=agency.pk).update(tree_path=agency_tree_path(agency))
        filled += len(pending)


def _path(agency: Agency) -> str:
    """The agency's path, filled first if an older release left it empty (never "": that prefix
    would match every agency)."""
    if not agency.tree_path:
        tree_paths_fill()
        agency.refresh_from_db(fields=["tree_path"])
    return agency.tree_path


def descendants(agency: Agency) -> QuerySet[Agency]:
    """Every agency below this one, at any depth, not itself: one query."""
    return Agency.objects.filter(tree_path__startswith=_path(agency)).exclude(pk=agency.pk)


def ancestors(agency: Agency) -> list[Agency]:
    """The agencies above this one, its parent first, up to the root (one query)."""
    ids = tree_path_ids(_path(agency))[:-1]
    found = Agency.objects.in_bulk(ids)
    return [found[pk] for pk in reversed(ids) if pk in found]


def path_ids(agency: Agency) -> list[int]:
    """The ids from the root down to the agency, read from its stored path (no query; an empty
    path, left by an older release, counts as the agency alone)."""
    return tree_path_ids(agency.tree_path) or [agency.pk]


def lies_below(agency: Agency, ancestor_ids: Collection[int]) -> bool:
    """Whether the agency lies strictly below one of these agencies (at any depth; no query)."""
    return any(pk in ancestor_ids for pk in path_ids(agency)[:-1])


def is_descendant(agency_id: int | None, of_agency: Agency) -> bool:
    """Whether agency_id lies below of_agency (at any depth; an agency is not its own descendant)."""
    if agency_id is None or agency_id == of_agency.pk:
        return False
    return descendants(of_agency).filter(pk=agency_id).exists()


def move_check(agency: Agency, new_parent: Agency | None) -> None:
    """Refuse (Thai ValidationError) to put an agency under itself or under its own descendant."""
    if new_parent is None or agency.pk is None:
        return
    if new_parent.pk == agency.pk:
        raise ValidationError(ERROR_MOVE_UNDER_ITSELF)
    if _path(new_parent).startswith(_path(agency)):
        raise ValidationError(ERROR_MOVE_CYCLE.format(agency=agency.name, parent=new_parent.name))


@transaction.atomic
def agency_move(
    *, agency: Agency, new_parent: Agency | None, user: Actor | None, note: str = ""
) -> AgencyMove | None:
    """Put agency (with its whole subtree) under new_parent (None: make it a root).

    Refuses a move under itself or under one of its own descendants. Returns the history row,
    or None when the parent does not change.
    """
    current = Agency.objects.select_for_update().get(pk=agency.pk)
    old_path = _path(current)
    if new_parent is not None:
        new_parent = Agency.objects.select_for_update().get(pk=new_parent.pk)
        move_check(current, new_parent)
    new_parent_id = new_parent.pk if new_parent else None
    if current.parent_id == new_parent_id:
        return None
    new_path = f"{new_parent.tree_path if new_parent else '/'}{current.pk}/"
    _check_depth(old_path, new_path)
    Agency.objects.filter(pk=current.pk).update(parent_id=new_parent_id)
    Agency.objects.filter(tree_path__startswith=old_path).update(
        tree_path=Concat(Value(new_path), Substr("tree_path", len(old_path) + 1))
    )
    agency.parent = new_parent
    agency.tree_path = new_path
    return AgencyMove.objects.create(
        agency=current,
        from_parent_id=current.parent_id,
        to_parent=new_parent,
        moved_by=user if isinstance(user, User) and user.is_authenticated else None,
        note=note[: AgencyMove._meta.get_field("note").max_length or 255],
    )


def _check_depth(old_path: str, new_path: str) -> None:
    longest = (
        Agency.objects.filter(tree_path__startswith=old_path)
        .annotate(length=Length("tree_path"))
        .order_by("-length")
        .values_list("length", flat=True)
        .first()
    ) or len(old_path)
    limit = Agency._meta.get_field("tree_path").max_length or 255
    if longest - len(old_path) + len(new_path) > limit:
        raise ValidationError(ERROR_PATH_TOO_DEEP)
