"""Predicted OIT against the published NACC 2564 figures (domain notes); no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.oit_scoring import (
    ERROR_MISSING_TOOL,
    ItemOutcome,
    implied_total,
    indicator_percent,
    oit_tool,
    predict_oit,
    predicted_total,
    sub_indicator_percent,
)
from indicators.scoring import BandRule, FrameworkRules, ToolRule, round2

RULES = FrameworkRules(
    tools=(
        ToolRule("IIT", Decimal(30), (1, 2, 3, 4, 5)),
        ToolRule("EIT", Decimal(30), (6, 7, 8)),
        ToolRule("OIT", Decimal(40), (9, 10)),
    ),
    bands=(BandRule("A", Decimal(0), Decimal(100), True),),
)


def outcomes(number: int, per_sub: dict[str, tuple[int, int]]) -> list[ItemOutcome]:
    """Items of an indicator: per sub-indicator, (passed, total)."""
    result = []
    for code, (passed, total) in per_sub.items():
        result += [ItemOutcome(number, code, True)] * passed
        result += [ItemOutcome(number, code, False)] * (total - passed)
    return result


@pytest.mark.parametrize(
    ("per_sub", "published"),
    [
        # 97.78 = (4×100 + 8/9·100)/5
        ({"9.1": (8, 9), "9.2": (8, 8), "9.3": (7, 7), "9.4": (4, 4), "9.5": (5, 5)}, "97.78"),
        # 97.14 = (4×100 + 6/7·100)/5
        ({"9.1": (9, 9), "9.2": (8, 8), "9.3": (6, 7), "9.4": (4, 4), "9.5": (5, 5)}, "97.14"),
        # 94.64 = (3×100 + 6/7·100 + 7/8·100)/5
        ({"9.1": (9, 9), "9.2": (7, 8), "9.3": (6, 7), "9.4": (4, 4), "9.5": (5, 5)}, "94.64"),
        # 93.50 = (3×100 + 7/8·100 + 4/5·100)/5
        ({"9.1": (9, 9), "9.2": (7, 8), "9.3": (7, 7), "9.4": (4, 4), "9.5": (4, 5)}, "93.50"),
    ],
)
def test_indicator_9_reproduces_the_published_nacc_2564_values(per_sub, published):
    prediction = predict_oit(outcomes(9, per_sub))
    assert round2(prediction.indicator_scores[9]) == Decimal(published)


@pytest.mark.parametrize(
    ("per_sub", "published"),
    [
        ({"10.1": (7, 8), "10.2": (2, 2)}, "93.75"),  # (7/8·100 + 100)/2
        ({"10.1": (6, 8), "10.2": (2, 2)}, "87.50"),  # (3/4·100 + 100)/2
    ],
)
def test_indicator_10_reproduces_the_published_nacc_2564_values(per_sub, published):
    prediction = predict_oit(outcomes(10, per_sub))
    assert round2(prediction.indicator_scores[10]) == Decimal(published)


def test_oit_is_the_mean_of_its_indicators_computed_unrounded():
    items = outcomes(
        9, {"9.1": (8, 9), "9.2": (8, 8), "9.3": (7, 7), "9.4": (4, 4), "9.5": (5, 5)}
    ) + outcomes(10, {"10.1": (7, 8), "10.2": (2, 2)})
    prediction = predict_oit(items)
    nine = (Decimal(400) + Decimal(800) / Decimal(9)) / Decimal(5)
    assert prediction.indicator_scores[9] == nine
    assert prediction.percent == (nine + Decimal("93.75")) / Decimal(2)
    assert round2(prediction.percent) == Decimal("95.76")
    assert (prediction.passed, prediction.total) == (41, 43)
    assert [s.code for s in prediction.indicators[0].sub_indicators] == [
        "9.1",
        "9.2",
        "9.3",
        "9.4",
        "9.5",
    ]


def test_the_implied_ita_total_uses_the_frameworks_weights():
    items = outcomes(9, {"9.1": (9, 9), "9.2": (7, 8)}) + outcomes(10, {"10.1": (6, 8)})
    prediction = predict_oit(items)
    # 9 = (100 + 87.5)/2 = 93.75; 10 = 75; OIT = 84.375
    assert prediction.percent == Decimal("84.375")
    total = predicted_total(RULES, prediction, {"IIT": Decimal("91.98"), "EIT": Decimal("89.9767")})
    assert total == Decimal("0.3") * Decimal("91.98") + Decimal("0.3") * Decimal(
        "89.9767"
    ) + Decimal("0.4") * Decimal("84.375")
    assert round2(total) == Decimal("88.34")


def test_the_seed_total_is_reproduced_from_tool_percentages():
    total = implied_total(
        RULES, {"IIT": Decimal("91.98"), "EIT": Decimal("89.9767"), "OIT": Decimal("86.205")}
    )
    assert round2(total) == Decimal("89.07")


def test_a_missing_tool_percentage_is_refused_in_thai():
    prediction = predict_oit(outcomes(9, {"9.1": (1, 1)}))
    with pytest.raises(ValueError) as caught:
        predicted_total(RULES, prediction, {"IIT": Decimal(90)})
    assert str(caught.value) == ERROR_MISSING_TOOL.format(codes="EIT")


def test_the_oit_tool_is_found_by_its_indicators_not_by_its_code():
    renamed = FrameworkRules(
        tools=(ToolRule("X", Decimal(60), (1, 2)), ToolRule("Y", Decimal(40), (9, 10))),
        bands=RULES.bands,
    )
    assert oit_tool(renamed, [9, 10]).code == "Y"


def test_a_sub_indicator_without_items_cannot_be_scored():
    with pytest.raises(ValueError):
        sub_indicator_percent(0, 0, "9.9")
    assert sub_indicator_percent(6, 7) == Decimal(600) / Decimal(7)
    assert indicator_percent([Decimal(100), Decimal(50)]) == Decimal(75)
