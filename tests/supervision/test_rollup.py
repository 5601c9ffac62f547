"""The roll-up's arithmetic and the filters' checks, on plain values (no database)."""

from __future__ import annotations

from decimal import Decimal

from supervision.filters import (
    DEFAULT_SORT,
    NOTICE_LEVEL,
    NOTICE_STATE,
    Choices,
    Filters,
    checked,
    parse_filters,
)
from supervision.rollup import spread

D = Decimal


def test_the_spread_of_totals():
    s = spread([D("80.00"), D("90.00"), D("100.00")])
    assert (s.count, s.mean, s.minimum, s.maximum) == (3, D("90.00"), D("80.00"), D("100.00"))
    assert s.stdev == D("8.16")  # the population's: sqrt(200/3)


def test_one_total_has_no_spread_and_none_has_nothing():
    assert spread([D("85.50")]).stdev == D("0.00")
    assert spread([]).mean is None


CHOICES = Choices(subtrees={"esa-1"}, kinds={"โรงเรียน"}, levels={"AA", "A"}, states={"published"})


def test_known_values_pass_unknown_ones_are_dropped_with_a_notice():
    kept = checked(Filters(subtree="esa-1", kind="โรงเรียน", level="A", sort="-total"), CHOICES)
    assert kept.notices == ()
    assert (kept.subtree, kept.kind, kept.level, kept.sort) == ("esa-1", "โรงเรียน", "A", "-total")
    dropped = checked(Filters(level="Z", state="lost", sort="--name"), CHOICES)
    assert (dropped.level, dropped.state, dropped.sort) == ("", "", DEFAULT_SORT)
    assert NOTICE_LEVEL.format(value="Z") in dropped.notices
    assert NOTICE_STATE.format(value="lost") in dropped.notices
    assert len(dropped.notices) == 3


def test_a_long_value_is_cut_in_its_notice():
    notice = checked(Filters(state="x" * 500), CHOICES).notices[0]
    assert len(notice) < 120


def test_the_query_string_is_read_without_surprises():
    assert parse_filters({}) == Filters()
    assert parse_filters({"sort": " total ", "kind": "  "}) == Filters(sort="total")


# --- Year-over-year movement, on results of a two-indicator framework.
from indicators.scoring import BandRule, FrameworkRules, LevelRule, ToolRule, score_assessment  # noqa: E402
from supervision.pipeline import Scored  # noqa: E402
from supervision.rollup import DOWN, SAME, UP, movement  # noqa: E402

BANDS = (
    BandRule("A", D(85), D(100), True),
    BandRule("B", D(75), D("84.99"), False),
    BandRule("F", D(0), D("74.99"), False),
)
LEVELS = (LevelRule("good", "ผ่านดี", D(85)), LevelRule("pass", "ผ่าน", D(75)))
TOOLS = (ToolRule("T", D(100), (1, 2)),)


def _scored(total: str, levels=LEVELS) -> Scored:
    rules = FrameworkRules(tools=TOOLS, bands=BANDS, levels=levels)
    result = score_assessment({1: D(total), 2: D(total)}, rules)
    return Scored(assessment=None, rules=rules, result=result, problem="")  # type: ignore[arg-type]


def test_a_unit_moves_up_down_or_stays_by_level_at_the_boundary():
    assert movement(_scored("85.00"), _scored("84.99")) == UP
    assert movement(_scored("84.99"), _scored("85.00")) == DOWN
    assert movement(_scored("75.00"), _scored("84.99")) == SAME
    # Below every level is below the last one.
    assert movement(_scored("74.99"), _scored("75.00")) == DOWN


def test_without_levels_in_either_year_the_grade_band_decides():
    assert movement(_scored("85.00", ()), _scored("84.99", ())) == UP
    assert movement(_scored("76.00", ()), _scored("84.00", ())) == SAME


def test_no_result_last_year_is_no_movement():
    assert movement(_scored("90.00"), None) == ""


def test_an_earlier_total_alone_is_graded_in_this_years_bands():
    assert movement(_scored("85.00", ()), D("84.99")) == UP
    assert movement(_scored("84.99", ()), D("85.00")) == DOWN
    assert movement(_scored("80.00"), D("76.00")) == SAME
