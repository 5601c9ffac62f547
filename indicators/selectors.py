"""Reads of frameworks: the scoring rules of a year as plain values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from ita_portal.lib import thai

from .models import DEFAULT_ISSUER_CODE, Framework, Indicator, Issuer, ItemRole, OITItem
from .scoring import FrameworkRules, LevelRule, ToolRule, band_rules

ERROR_NO_ITEM_WITH_ROLE = (
    "กรอบการประเมิน {framework} ยังไม่ได้กำหนดข้อ OIT ที่มีบทบาท “{role}”"
    " ผู้ดูแลระบบกำหนดได้ที่หน้าผู้ดูแลระบบ › ข้อการประเมิน OIT ของกรอบนั้น (ช่อง “บทบาทของข้อ”)"
)


def default_issuer() -> Issuer:
    """The national assessor (ป.ป.ช.), seeded by migration indicators 0009."""
    return Issuer.objects.get(code=DEFAULT_ISSUER_CODE)


def framework_for(issuer: Issuer | str, fiscal_year: int) -> Framework | None:
    """The issuer's framework of the year (issuer given as an Issuer or its code); None if none.

    The one place that finds "the framework of year Y": every caller names the issuer.
    """
    lookup = {"issuer__code": issuer} if isinstance(issuer, str) else {"issuer": issuer}
    return (
        Framework.objects.select_related("issuer").filter(fiscal_year=fiscal_year, **lookup).first()
    )


def item_with_role(framework: Framework, role: ItemRole | str) -> OITItem | None:
    """The framework's item in force that has the role (analysis, follow_up …), if any."""
    return framework.oit_items.filter(role=role, retired=False).order_by("order", "id").first()


def no_item_with_role_message(framework: Framework, role: ItemRole | str) -> str:
    """The Thai message for a framework that has no item with the role: where to set it."""
    label = ItemRole(role).label
    name = f"{framework.issuer} ปีงบประมาณ พ.ศ. {thai.to_thai_digits(framework.fiscal_year)}"
    return ERROR_NO_ITEM_WITH_ROLE.format(framework=name, role=label)


def level_rules(framework: Framework) -> tuple[LevelRule, ...]:
    """The framework's level rule, best level first (1 query, none when prefetched)."""
    return tuple(
        LevelRule(
            code=lv.code,
            name=lv.name,
            min_total=lv.min_total,
            min_each_tool=lv.min_each_tool,
            min_each_indicator=lv.min_each_indicator,
        )
        for lv in framework.levels.all()
    )


def framework_rules(framework: Framework) -> FrameworkRules:
    """The framework's rules for indicators.scoring (4 queries: tools with indicators, bands, levels)."""
    tools = framework.tools.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("number"))
    )
    return FrameworkRules(
        tools=tuple(
            ToolRule(
                code=tool.code,
                name=tool.name,
                weight=tool.weight,
                indicator_numbers=tuple(i.number for i in tool.indicators.all()),
            )
            for tool in tools
        ),
        bands=band_rules(framework.bands.all()),
        levels=level_rules(framework),
        strength_threshold=framework.strength_threshold,
        pass_mark=framework.pass_mark,
    )


def _number(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def framework_as_data(framework: Framework) -> dict[str, Any]:
    """The framework as plain data (show_framework prints it as JSON): rules and every O-item."""
    issuer = framework.issuer
    return {
        "issuer": {"code": issuer.code, "name": issuer.name, "short_name": issuer.short_name},
        "fiscal_year": framework.fiscal_year,
        "name": framework.name,
        "strength_threshold": _number(framework.strength_threshold),
        "pass_mark": _number(framework.pass_mark),
        "items_verified": framework.items_verified,
        "tools": [
            {"code": t.code, "name": t.name, "weight": _number(t.weight), "order": t.order}
            for t in framework.tools.all()
        ],
        "indicators": [
            {
                "number": i.number,
                "name": i.name,
                "tool": i.tool.code,
                "sub_indicators": [
                    {"code": s.code, "name": s.name} for s in i.sub_indicators.all()
                ],
            }
            for i in framework.indicators.select_related("tool").prefetch_related("sub_indicators")
        ],
        "bands": [
            {
                "code": b.code,
                "label": b.label,
                "lower": _number(b.lower),
                "upper": _number(b.upper),
                "passed": b.passed,
            }
            for b in framework.bands.all()
        ],
        # The result levels as stored today: a level is reached when the total and every tool
        # reach its minimums, considered in order.
        "levels": [
            {
                "code": lv.code,
                "name": lv.name,
                "min_total": _number(lv.min_total),
                "min_each_tool": _number(lv.min_each_tool),
                "min_each_indicator": _number(lv.min_each_indicator),
                "order": lv.order,
            }
            for lv in framework.levels.all()
        ],
        "items": [
            _item_data(item)
            for item in framework.oit_items.select_related("sub_indicator").prefetch_related(
                "crosswalk_out__to_item__framework__issuer"
            )
        ],
    }


def _item_data(item: OITItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "title": item.name,
        "subindicator": item.sub_indicator.code,
        "role": item.role,
        "evidence_rule": item.evidence_rule,
        "retired": item.retired,
        # The administrator's crosswalk from this item, if any (indicators.crosswalk).
        "maps_to": next(
            (
                f"{c.to_item.framework.issuer.code} {c.to_item.framework.fiscal_year} {c.to_item.code}"
                for c in item.crosswalk_out.all()
            ),
            None,
        ),
    }
