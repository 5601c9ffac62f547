"""Writes to frameworks."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ita_portal.lib.events import log_event
from ita_portal.lib.users import Actor, Person

from .models import (
    CALENDAR_FIELDS,
    Framework,
    GradeBand,
    Indicator,
    Issuer,
    ItemCrosswalk,
    OITItem,
    ResultLevel,
    StandardIssue,
    SubIndicator,
    Tool,
)
from .selectors import framework_for
from .signals import framework_changed

logger = logging.getLogger(__name__)

ERROR_YEAR_EXISTS = "{issuer} มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year} อยู่แล้ว"
ERROR_VERIFY_NOT_ALLOWED = "เฉพาะผู้ดูแลระบบเท่านั้นที่ยืนยันรายการข้อ O ของปีได้"


def may_edit_frameworks(user: Actor) -> bool:
    """Frameworks are changed by those with the model permission (site administrators)."""
    return bool(user.is_authenticated and user.has_perm("indicators.change_framework"))


def shift_years(value: dt.date | None, years: int) -> dt.date | None:
    """The same day years later (29 February becomes the 28th in a common year)."""
    if value is None:
        return None
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def framework_copy(
    *,
    source: Framework,
    fiscal_year: int,
    issuer: Issuer | None = None,
    name: str | None = None,
    user: Person | None = None,
) -> Framework:
    """Copy a framework (tools, indicators, issues, sub-indicators with their O-items, bands,
    levels) to a new year, of the same issuer unless another is given; the copy's O-items are to
    be checked against its own manual."""
    issuer = issuer or source.issuer
    if framework_for(issuer, fiscal_year) is not None:
        raise ValidationError(
            {"fiscal_year": ERROR_YEAR_EXISTS.format(issuer=issuer, year=fiscal_year)}
        )
    new_name = name or source.name.replace(str(source.fiscal_year), str(fiscal_year))
    target = Framework(
        issuer=issuer,
        fiscal_year=fiscal_year,
        name=new_name,
        description=source.description,
        strength_threshold=source.strength_threshold,
        pass_mark=source.pass_mark,
        copied_from=source,
        items_note=source.items_note,
        remind_days_before=source.remind_days_before,
        # The calendar moves with the year (to be checked against the new year's own calendar).
        **{
            name: shift_years(getattr(source, name), fiscal_year - source.fiscal_year)
            for name in CALENDAR_FIELDS
        },
    )
    target.full_clean()
    target.save()
    _copy_tools_and_indicators(source, target)
    _copy_bands_and_levels(source, target)
    log_event(
        logger,
        "framework.copy",
        user=user,
        obj=target,
        source=source.fiscal_year,
        oit_items=target.oit_items.count(),
    )
    return target


def _copy_tools_and_indicators(source: Framework, target: Framework) -> None:
    """Tools, indicators with their standard issues, sub-indicators and O-items in force."""
    tools = {}
    for tool in source.tools.all():
        tools[tool.pk] = Tool.objects.create(
            framework=target, code=tool.code, name=tool.name, weight=tool.weight, order=tool.order
        )
    for indicator in source.indicators.prefetch_related("standard_issues", "sub_indicators"):
        copy = Indicator.objects.create(
            framework=target,
            tool=tools[indicator.tool_id],
            number=indicator.number,
            name=indicator.name,
            name_en=indicator.name_en,
            description=indicator.description,
        )
        StandardIssue.objects.bulk_create(
            StandardIssue(indicator=copy, text=i.text, order=i.order)
            for i in indicator.standard_issues.all()
        )
        _copy_sub_indicators(indicator, copy)


def _copy_sub_indicators(source: Indicator, target: Indicator) -> None:
    """Sub-indicators and their O-items in force; a retired item stays behind in its year."""
    for sub in source.sub_indicators.all():
        sub_copy = SubIndicator.objects.create(
            indicator=target, code=sub.code, name=sub.name, order=sub.order
        )
        OITItem.objects.bulk_create(
            OITItem(
                framework=target.framework,
                sub_indicator=sub_copy,
                code=item.code,
                name=item.name,
                requirements=item.requirements,
                order=item.order,
                source=item.source,
                role=item.role,
                criteria=item.criteria,
                evidence_rule=item.evidence_rule,
                carried_from=item,
            )
            for item in sub.oit_items.filter(retired=False).order_by("order", "id")
        )


def _copy_bands_and_levels(source: Framework, target: Framework) -> None:
    GradeBand.objects.bulk_create(
        GradeBand(
            framework=target,
            code=b.code,
            label=b.label,
            label_en=b.label_en,
            lower=b.lower,
            upper=b.upper,
            passed=b.passed,
            color=b.color,
        )
        for b in source.bands.all()
    )
    ResultLevel.objects.bulk_create(
        ResultLevel(
            framework=target,
            code=level.code,
            name=level.name,
            min_total=level.min_total,
            min_each_tool=level.min_each_tool,
            min_each_indicator=level.min_each_indicator,
            order=level.order,
        )
        for level in source.levels.all()
    )


def framework_items_verify(*, framework: Framework, user: Person) -> Framework:
    """A site administrator confirms the year's O-items match the year's manual."""
    if not may_edit_frameworks(user):
        raise PermissionDenied(ERROR_VERIFY_NOT_ALLOWED)
    framework.items_verified_by = user
    framework.items_verified_at = timezone.now()
    framework.save(update_fields=["items_verified_by", "items_verified_at"])
    log_event(
        logger, "framework.items_verify", user=user, obj=framework, year=framework.fiscal_year
    )
    return framework


def _items_changed(framework: Framework, user: Actor, what: str, item: OITItem) -> None:
    """An edit of a verified list makes it "to be checked" again."""
    if framework.items_verified_at is not None:
        Framework.objects.filter(pk=framework.pk).update(
            items_verified_by=None, items_verified_at=None
        )
        framework.items_verified_by = None
        framework.items_verified_at = None
    log_event(
        logger,
        "framework.item_change",
        user=user,
        obj=item,
        outcome=what,
        year=framework.fiscal_year,
        code=item.code,
    )


@transaction.atomic
def oit_item_save(*, item: OITItem, user: Actor) -> OITItem:
    """Add or change one O-item of a year (rename, renumber, move, retire); other years untouched."""
    if item.framework_id is None and item.sub_indicator_id:
        item.framework_id = item.sub_indicator.indicator.framework_id
    if item.order == 0:
        item.order = (
            OITItem.objects.filter(framework_id=item.framework_id).aggregate(n=Max("order"))["n"]
            or 0
        ) + 1
    adding = item.pk is None
    item.full_clean()
    item.save()
    _items_changed(item.framework, user, "added" if adding else "changed", item)
    return item


@transaction.atomic
def oit_item_delete(*, item: OITItem, user: Actor) -> None:
    """Remove an item from its year (evidence already given for it keeps it: retire it instead)."""
    framework = item.framework
    _items_changed(framework, user, "deleted", item)
    item.delete()


def framework_mark_assessments_changed(*, framework: Framework, user: Person | None = None) -> int:
    """After an edit of a year's rules, mark that year's assessments changed so stored figures refresh."""
    count = framework.assessments.update(updated_at=timezone.now())
    framework_changed.send(sender=Framework, framework=framework)
    log_event(logger, "framework.edit", user=user, obj=framework, assessments_marked=count)
    return count


@transaction.atomic
def item_crosswalk_save(*, crosswalk: ItemCrosswalk, user: Actor) -> ItemCrosswalk:
    """Add or change an administrator's mapping of an item to an item of a later year."""
    adding = crosswalk.pk is None
    crosswalk.full_clean()
    crosswalk.save()
    _crosswalk_logged(crosswalk, user, "added" if adding else "changed")
    return crosswalk


@transaction.atomic
def item_crosswalk_delete(*, crosswalk: ItemCrosswalk, user: Actor) -> None:
    _crosswalk_logged(crosswalk, user, "deleted")
    crosswalk.delete()


def _crosswalk_logged(crosswalk: ItemCrosswalk, user: Actor, what: str) -> None:
    source, target = crosswalk.from_item, crosswalk.to_item
    log_event(
        logger,
        "framework.crosswalk_change",
        user=user,
        obj=crosswalk,
        outcome=what,
        source=f"{source.framework.fiscal_year} {source.code}",
        target=f"{target.framework.fiscal_year} {target.code}",
    )
