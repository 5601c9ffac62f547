"""The scoring engine, checked against the seed report and every band boundary (no database)."""

from decimal import Decimal as D

import pytest

from indicators.scoring import (
    BandRule,
    FrameworkRules,
    IncompleteScores,
    LevelRule,
    ToolRule,
    competition_ranks,
    grade_for,
    round2,
    score_assessment,
)

BANDS = (
    BandRule("AA", D("95.00"), D("100.00"), True),
    BandRule("A", D("85.00"), D("94.99"), True),
    BandRule("B", D("75.00"), D("84.99"), False),
    BandRule("C", D("65.00"), D("74.99"), False),
    BandRule("D", D("55.00"), D("64.99"), False),
    BandRule("E", D("50.00"), D("54.99"), False),
    BandRule("F", D("0.00"), D("49.99"), False),
)
TOOLS = (
    ToolRule("IIT", D(30), (1, 2, 3, 4, 5)),
    ToolRule("EIT", D(30), (6, 7, 8)),
    ToolRule("OIT", D(40), (9, 10)),
)
LEVELS = (
    LevelRule("excellent", "ผ่านดีเยี่ยม", D(95), D(95)),
    LevelRule("good", "ผ่านดี", D(85), D(85)),
    LevelRule("pass", "ผ่าน", D(85)),
    LevelRule("improve", "ต้องปรับปรุง", D(70)),
    LevelRule("urgent", "ต้องปรับปรุงโดยด่วน", D(0)),
)
RULES_2562 = FrameworkRules(tools=TOOLS, bands=BANDS)
RULES_2567 = FrameworkRules(tools=TOOLS, bands=BANDS, levels=LEVELS)

SEED_SCORES = {
    1: D("97.09"),
    2: D("86.64"),
    3: D("94.77"),
    4: D("90.94"),
    5: D("90.46"),
    6: D("94.32"),
    7: D("88.22"),
    8: D("87.39"),
    9: D("93.39"),
    10: D("79.02"),
}


@pytest.fixture
def seed_result():
    return score_assessment(
        SEED_SCORES,
        RULES_2562,
        official_total=D("89.07"),
        official_tool_points={"IIT": D("27.55"), "EIT": D("26.99"), "OIT": D("34.48")},
    )


def test_seed_total_is_89_07_grade_a_and_passed(seed_result):
    assert round2(seed_result.total) == D("89.07")
    assert seed_result.grade.code == "A"
    assert seed_result.passed is True


@pytest.mark.parametrize(
    ("code", "percent", "points"),
    [("IIT", "91.98", "27.59"), ("EIT", "89.98", "26.99"), ("OIT", "86.21", "34.48")],
)
def test_seed_tool_percent_and_points(seed_result, code, percent, points):
    tool = seed_result.tool(code)
    assert round2(tool.percent) == D(percent)
    assert round2(tool.points) == D(points)
    assert tool.grade.code == "A"


def test_printed_iit_points_27_55_give_one_warning_and_consistent_tools_none(seed_result):
    assert len(seed_result.warnings) == 1
    assert "IIT" in seed_result.warnings[0]
    assert "27.55" in seed_result.warnings[0] and "27.59" in seed_result.warnings[0]


def test_indicator_10_is_b_and_not_passed(seed_result):
    ten = seed_result.indicator(10)
    assert ten.grade.code == "B"
    assert ten.passed is False


def test_indicator_1_is_aa(seed_result):
    assert seed_result.indicator(1).grade.code == "AA"


def test_strengths_and_weaknesses_by_threshold_90(seed_result):
    assert seed_result.strengths == (1, 3, 4, 5, 6, 9)
    assert seed_result.weaknesses == (2, 7, 8, 10)


def test_threshold_85_moves_indicators_2_7_8_to_strengths():
    rules = FrameworkRules(tools=TOOLS, bands=BANDS, strength_threshold=D(85))
    result = score_assessment(SEED_SCORES, rules)
    assert result.weaknesses == (10,)


def test_no_result_level_before_levels_exist(seed_result):
    assert seed_result.result_level is None


def test_official_total_within_one_hundredth_is_consistent():
    result = score_assessment(SEED_SCORES, RULES_2562, official_total=D("89.06"))
    assert result.warnings == ()


def test_official_total_off_by_more_than_one_hundredth_warns():
    result = score_assessment(SEED_SCORES, RULES_2562, official_total=D("89.20"))
    assert len(result.warnings) == 1
    assert "89.20" in result.warnings[0]


def test_missing_indicator_raises_with_its_number():
    scores = dict(SEED_SCORES)
    del scores[7]
    with pytest.raises(IncompleteScores) as caught:
        score_assessment(scores, RULES_2562)
    assert caught.value.missing == (7,)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "AA"),
        ("95.00", "AA"),
        ("94.99", "A"),
        ("85.00", "A"),
        ("84.99", "B"),
        ("75.00", "B"),
        ("74.99", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("55.00", "D"),
        ("54.99", "E"),
        ("50.00", "E"),
        ("49.99", "F"),
        ("0", "F"),
        ("84.995", "A"),  # shows as 85.00, graded as shown
        ("84.994", "B"),
    ],
)
def test_band_boundaries(score, grade):
    assert grade_for(D(score), BANDS).code == grade


def test_pass_flag_follows_band():
    assert grade_for(D("85.00"), BANDS).passed is True
    assert grade_for(D("84.99"), BANDS).passed is False


def _uniform(iit: str, eit: str, oit: str) -> dict[int, D]:
    scores = {n: D(iit) for n in (1, 2, 3, 4, 5)}
    scores.update({n: D(eit) for n in (6, 7, 8)})
    scores.update({n: D(oit) for n in (9, 10)})
    return scores


@pytest.mark.parametrize(
    ("iit", "eit", "oit", "level"),
    [
        ("96", "96", "96", "ผ่านดีเยี่ยม"),
        ("99", "94", "99", "ผ่านดี"),  # total ≥ 95 but EIT under 95
        ("90", "86", "88", "ผ่านดี"),
        ("99", "84", "99", "ผ่าน"),  # total ≥ 85 but EIT under 85 (the 94.64 case)
        ("80", "80", "80", "ต้องปรับปรุง"),
        ("70", "70", "70", "ต้องปรับปรุง"),
        ("69", "69", "69", "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_result_levels_from_2567(iit, eit, oit, level):
    result = score_assessment(_uniform(iit, eit, oit), RULES_2567)
    assert result.result_level is not None
    assert result.result_level.name == level


def test_high_total_with_one_weak_tool_is_only_pass():
    # As in 2568 (94.64 overall, EIT under 85) → "ผ่าน", not "ผ่านดี".
    scores = _uniform("99.00", "84.50", "98.50")
    result = score_assessment(scores, RULES_2567)
    assert round2(result.total) == D("94.45")
    assert result.result_level.name == "ผ่าน"


def test_competition_ranks_share_ties():
    assert competition_ranks([D("90"), D("80"), D("80"), D("70")]) == [1, 2, 2, 4]
    assert competition_ranks([D("70"), D("90.004"), D("90")]) == [3, 1, 1]
