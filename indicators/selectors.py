"""Reads of frameworks: the scoring rules of a year as plain values."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Framework, Indicator
from .scoring import BandRule, FrameworkRules, LevelRule, ToolRule


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
        bands=tuple(
            BandRule(code=b.code, lower=b.lower, upper=b.upper, passed=b.passed, label=b.label)
            for b in framework.bands.all()
        ),
        levels=tuple(
            LevelRule(
                code=lv.code, name=lv.name, min_total=lv.min_total, min_each_tool=lv.min_each_tool
            )
            for lv in framework.levels.all()
        ),
        strength_threshold=framework.strength_threshold,
        pass_mark=framework.pass_mark,
    )
