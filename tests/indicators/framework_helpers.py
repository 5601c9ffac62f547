"""Shared reads of a framework for the tests of the shipped years."""

from __future__ import annotations

from indicators.models import Framework


def framework_rules(framework: Framework) -> tuple:
    """Tools and weights, indicators, grade bands and result levels, as comparable values."""
    return (
        list(framework.tools.values_list("code", "weight")),
        list(framework.indicators.values_list("number", "name", "tool__code")),
        list(framework.bands.values_list("code", "lower", "upper", "passed")),
        list(framework.levels.values_list("code", "min_total", "min_each_tool")),
    )
