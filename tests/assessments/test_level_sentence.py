"""What blocks the next level, said in one Thai sentence for the report, the workspace and the
public ITA page: the Audit Office's ๒๕๖๘ case (indicator 8 = 81.78) under both readings of the
level rule, the top level and a framework without a level rule (no database)."""

from decimal import Decimal as D

import pytest

from assessments.results.levels import (
    INDICATOR,
    TOOL,
    TOTAL,
    LevelBlocker,
    level_outlook,
    level_outlook_json,
    level_sentence,
)
from indicators.scoring import FrameworkRules, score_assessment
from tests.indicators.test_level_rule import PER_INDICATOR, PER_TOOL, audit_office
from tests.indicators.test_scoring import BANDS, TOOLS

# The ๒๕๖๘ framework's names (fixtures/frameworks.json).
INDICATOR_NAMES = {
    1: "การปฏิบัติหน้าที่",
    2: "การใช้งบประมาณ",
    3: "การใช้อำนาจ",
    4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต",
    6: "คุณภาพการดำเนินงาน",
    7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงระบบการทำงาน",
    9: "การเปิดเผยข้อมูล",
    10: "การป้องกันการทุจริต",
}
TOOL_NAMES = {
    "IIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment: IIT)",
    "EIT": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (External Integrity and Transparency Assessment: EIT)",
    "OIT": "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment: OIT)",
}

# What the report, the workspace and the public page say of the Audit Office under each reading.
PER_INDICATOR_SENTENCE = (
    "ผลการประเมินอยู่ในระดับ ผ่าน ยังไม่ถึงระดับ ผ่านดี เพราะตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน"
    " ได้ ๘๑.๗๘ คะแนน ต่ำกว่า ๘๕ อยู่ ๓.๒๒ คะแนน"
)
PER_TOOL_SENTENCE = (
    "ผลการประเมินอยู่ในระดับ ผ่านดี ยังไม่ถึงระดับ ผ่านดีเยี่ยม เพราะคะแนนรวม ได้ ๙๒.๘๘ คะแนน"
    " ต่ำกว่า ๙๕ อยู่ ๒.๑๒ คะแนน และแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"
    " ได้ ๘๗.๙๓ คะแนน ต่ำกว่า ๙๕ อยู่ ๗.๐๗ คะแนน"
)
PER_INDICATOR_JSON = {
    "level": "ผ่าน",
    "next_level": "ผ่านดี",
    "blockers": [
        {
            "kind": "indicator",
            "number": 8,
            "name": "การปรับปรุงระบบการทำงาน",
            "score": "81.78",
            "threshold": "85.00",
            "gap": "3.22",
        }
    ],
}


def outlook(levels, scores):
    result = score_assessment(scores, FrameworkRules(TOOLS, BANDS, levels))
    return level_outlook(result, levels, indicator_names=INDICATOR_NAMES, tool_names=TOOL_NAMES)


def sentence(levels, scores, thai_digits=True):
    return level_sentence(outlook(levels, scores), thai_digits=thai_digits)


def test_per_indicator_indicator_8_keeps_the_audit_office_from_good_by_3_22():
    assert sentence(PER_INDICATOR, audit_office("81.78")) == PER_INDICATOR_SENTENCE


def test_per_tool_the_eit_and_the_total_keep_the_audit_office_from_excellent():
    assert sentence(PER_TOOL, audit_office("81.78")) == PER_TOOL_SENTENCE


def test_arabic_digits_when_the_report_uses_them():
    assert sentence(PER_INDICATOR, audit_office("81.78"), thai_digits=False).endswith(
        "ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน ได้ 81.78 คะแนน ต่ำกว่า 85 อยู่ 3.22 คะแนน"
    )


@pytest.mark.parametrize(
    ("indicator_8", "expected"),
    [
        (
            "84.99",
            "ยังไม่ถึงระดับ ผ่านดี เพราะตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน ได้ ๘๔.๙๙ คะแนน ต่ำกว่า ๘๕ อยู่ ๐.๐๑ คะแนน",
        ),
        ("85.00", "ยังไม่ถึงระดับ ผ่านดีเยี่ยม เพราะคะแนนรวม"),
        ("85.01", "ยังไม่ถึงระดับ ผ่านดีเยี่ยม เพราะคะแนนรวม"),
    ],
)
def test_the_blocker_goes_at_the_minimum_itself(indicator_8, expected):
    assert expected in sentence(PER_INDICATOR, audit_office(indicator_8))


def test_several_indicators_below_are_each_named_with_their_gap():
    scores = audit_office("81.78") | {2: D("84.10")}
    said = sentence(PER_INDICATOR, scores)
    assert "เพราะตัวชี้วัดที่ ๒ การใช้งบประมาณ ได้ ๘๔.๑๐ คะแนน ต่ำกว่า ๘๕ อยู่ ๐.๙๐ คะแนน" in said
    assert "และตัวชี้วัดที่ ๘ การปรับปรุงระบบการทำงาน ได้ ๘๑.๗๘ คะแนน" in said


def test_at_the_top_level_the_sentence_says_it_is_the_highest():
    top = dict.fromkeys(range(1, 11), D(96))
    assert sentence(PER_TOOL, top) == "ผลการประเมินอยู่ในระดับ ผ่านดีเยี่ยม ซึ่งเป็นระดับสูงสุดแล้ว"
    assert level_outlook_json(outlook(PER_TOOL, top)) == {
        "level": "ผ่านดีเยี่ยม",
        "next_level": None,
        "blockers": [],
    }


def test_without_a_level_rule_nothing_is_said():
    assert outlook((), audit_office("81.78")) is None
    assert level_sentence(None, thai_digits=True) == ""
    assert level_outlook_json(None) is None


def test_below_every_level_the_lowest_is_what_is_missed():
    low = dict.fromkeys(range(1, 11), D(50))
    assert sentence(PER_TOOL[:4], low) == (
        "ผลการประเมินยังไม่ถึงระดับ ต้องปรับปรุง เพราะคะแนนรวม ได้ ๕๐.๐๐ คะแนน ต่ำกว่า ๗๐ อยู่ ๒๐.๐๐ คะแนน"
    )


def test_the_blockers_are_named_with_score_threshold_and_gap():
    per_tool = outlook(PER_TOOL, audit_office("81.78"))
    assert per_tool.blockers == (
        LevelBlocker(TOTAL, "", "คะแนนรวม", D("92.88"), D(95)),
        LevelBlocker(TOOL, "EIT", "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก", D("87.93"), D(95)),
    )
    per_indicator = outlook(PER_INDICATOR, audit_office("81.78"))
    assert per_indicator.blockers == (
        LevelBlocker(INDICATOR, "8", "การปรับปรุงระบบการทำงาน", D("81.78"), D(85)),
    )
    assert per_indicator.blockers[0].gap == D("3.22")


def test_the_json_names_each_blocker_by_kind():
    assert level_outlook_json(outlook(PER_TOOL, audit_office("81.78"))) == {
        "level": "ผ่านดี",
        "next_level": "ผ่านดีเยี่ยม",
        "blockers": [
            {
                "kind": "total",
                "name": "คะแนนรวม",
                "score": "92.88",
                "threshold": "95.00",
                "gap": "2.12",
            },
            {
                "kind": "tool",
                "code": "EIT",
                "name": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
                "score": "87.93",
                "threshold": "95.00",
                "gap": "7.07",
            },
        ],
    }
    assert level_outlook_json(outlook(PER_INDICATOR, audit_office("81.78"))) == PER_INDICATOR_JSON
