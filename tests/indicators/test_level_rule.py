"""The level rule is framework data ("ผ่านดี": every tool, or every indicator, at 85 or more) and
the next level's blockers are named with their shortfall — the Audit Office's ๒๕๖๘ case (no database)."""

from decimal import Decimal as D

import pytest

from indicators.scoring import FrameworkRules, LevelRule, Shortfall, next_level, score_assessment

from .test_scoring import BANDS, TOOLS

PER_TOOL = (
    LevelRule("excellent", "ผ่านดีเยี่ยม", D(95), min_each_tool=D(95)),
    LevelRule("good", "ผ่านดี", D(85), min_each_tool=D(85)),
    LevelRule("pass", "ผ่าน", D(85)),
    LevelRule("improve", "ต้องปรับปรุง", D(70)),
    LevelRule("urgent", "ต้องปรับปรุงโดยด่วน", D(0)),
)
PER_INDICATOR = (
    LevelRule("excellent", "ผ่านดีเยี่ยม", D(95), min_each_indicator=D(95)),
    LevelRule("good", "ผ่านดี", D(85), min_each_indicator=D(85)),
    *PER_TOOL[2:],
)


def audit_office(indicator_8: str) -> dict[int, D]:
    """High everywhere but indicator 8 (81.78 in the Audit Office's ๒๕๖๘ result)."""
    scores = dict.fromkeys(range(1, 11), D("95.00"))
    scores.update({6: D("92.00"), 7: D("90.00"), 8: D(indicator_8)})
    return scores


def result(levels, indicator_8="81.78"):
    return score_assessment(audit_office(indicator_8), FrameworkRules(TOOLS, BANDS, levels))


def test_read_per_tool_the_audit_office_is_good_and_the_total_and_eit_keep_it_from_excellent():
    graded = result(PER_TOOL)
    assert graded.tool("EIT").percent.quantize(D("0.01")) == D("87.93")
    assert graded.result_level.name == "ผ่านดี"
    up = next_level(graded, PER_TOOL)
    assert up.level.name == "ผ่านดีเยี่ยม"
    assert up.blockers == (
        Shortfall("total", "", D("92.88"), D(95)),
        Shortfall("tool", "EIT", D("87.93"), D(95)),
    )
    assert [b.points for b in up.blockers] == [D("2.12"), D("7.07")]


def test_read_per_indicator_indicator_8_keeps_the_audit_office_from_good_by_3_22():
    graded = result(PER_INDICATOR)
    assert graded.result_level.name == "ผ่าน"
    up = next_level(graded, PER_INDICATOR)
    assert up.level.name == "ผ่านดี"
    assert up.blockers == (Shortfall("indicator", "8", D("81.78"), D(85)),)
    assert up.blockers[0].points == D("3.22")


@pytest.mark.parametrize(
    ("indicator_8", "level"), [("84.99", "ผ่าน"), ("85.00", "ผ่านดี"), ("85.01", "ผ่านดี")]
)
def test_the_indicator_minimum_is_reached_at_the_value_itself(indicator_8, level):
    assert result(PER_INDICATOR, indicator_8).result_level.name == level


def test_at_the_top_level_nothing_is_next():
    top = score_assessment(
        dict.fromkeys(range(1, 11), D(96)), FrameworkRules(TOOLS, BANDS, PER_TOOL)
    )
    assert top.result_level.name == "ผ่านดีเยี่ยม"
    assert next_level(top, PER_TOOL) is None


def test_a_framework_without_levels_has_no_next_level():
    plain = score_assessment(audit_office("81.78"), FrameworkRules(TOOLS, BANDS))
    assert plain.result_level is None and next_level(plain, ()) is None


def test_below_every_level_the_lowest_is_next():
    low = score_assessment(
        dict.fromkeys(range(1, 11), D(50)), FrameworkRules(TOOLS, BANDS, PER_TOOL[:4])
    )
    assert low.result_level is None
    up = next_level(low, PER_TOOL[:4])
    assert up.level.name == "ต้องปรับปรุง"
    assert up.blockers == (Shortfall("total", "", D("50.00"), D(70)),)
