"""Proofreading: probable misspellings in staff's texts, measured on the seed's own typos."""

from __future__ import annotations

import json
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from reports.proofreading import spelling
from reports.proofreading.sources import assessment_findings, staff_texts
from reports.proofreading.spelling import Checker, TextSource, base_lexicon, proofread
from reports.proofreading.vocabulary import name_words
from tests.hanging import refusing_port

# The seed's sentences as printed, typos included (the demo carries them corrected).
SEED_TYPOS = {
    "ผวนวก": "ทั้ง ๒ ท่าน ผวนวกับบุคลากรทางการศึกษาและเจ้าหน้าที่ทุกคน",
    "มีกร": "และไม่พบว่ามีกรเรียกรับสินบนทั้งเป็นเงิน ทรัพย์สิน",
    "การจด": "รวมทั้งการจดให้มีช่องทางให้ผู้รับบริการ ผู้มาติดต่อ",
    "สะดวกรวมเร็ว": "เพื่อให้เกิดความสะดวกรวมเร็วมากยิ่งขึ้น ซึ่งหน่วยงานควรมีการดำเนินการ",
    "สาธารณะชน": "เพื่อเปิดเผยข้อมูลต่างๆ ของหน่วยงานให้สาธารณะชนได้รับทราบอย่างเป็นปัจจุบัน",
}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(base_lexicon(), {"สพป", "สพป."})


def test_the_seeds_non_word_and_split_word_typos_are_caught_with_a_suggestion(checker):
    found = {typo: checker.check(text) for typo, text in SEED_TYPOS.items()}
    assert [m.word for m in found["ผวนวก"]] == ["ผวนวกับ"]
    assert [(m.word, m.suggestion) for m in found["สะดวกรวมเร็ว"]] == [("รวมเร็ว", "รวดเร็ว")]
    assert [(m.word, m.suggestion) for m in found["สาธารณะชน"]] == [("สาธารณะชน", "สาธารณชน")]
    # Real-word errors (กร, จด are words) are beyond a word list: 3 of the 5 typos are caught.
    assert found["มีกร"] == [] and found["การจด"] == []


def test_correct_text_gives_no_finding(checker):
    for text in (
        "ผนวกกับบุคลากรทางการศึกษา",
        "เพื่อให้เกิดความสะดวกรวดเร็วมากยิ่งขึ้น",
        "ให้สาธารณชนได้รับทราบ",
        "การใช้จ่ายงบประมาณเป็นไปด้วยความโปร่งใสและตรวจสอบได้",
    ):
        assert checker.check(text) == [], text


def test_findings_say_where_with_the_word_marked_in_its_context(checker):
    findings = proofread(
        [TextSource("ผลการวิเคราะห์", "ตัวชี้วัดที่ 8", SEED_TYPOS["สะดวกรวมเร็ว"])], checker
    )
    assert findings[0].as_dict() == {
        "field": "ผลการวิเคราะห์",
        "object": "ตัวชี้วัดที่ 8",
        "word": "รวมเร็ว",
        "context": "พื่อให้เกิดความสะดวก⟦รวมเร็ว⟧มากยิ่งขึ้น ซึ่งหน่ว",  # 20 characters each side
        "suggestion": "รวดเร็ว",
    }


def test_the_portals_own_words_are_known(checker):
    assert checker.check("นายชนาธิป สำเร็จ") != []
    own = Checker(base_lexicon(), name_words(["นายชนาธิป สำเร็จ", "น.ส.ชนิษฐา ลีประดิษฐ์"]))
    assert own.check("นายชนาธิป สำเร็จ และ น.ส.ชนิษฐา ลีประดิษฐ์") == []


def test_the_word_lists_load_without_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    spelling.base_lexicon.cache_clear()
    spelling._trie.cache_clear()
    try:
        lexicon = base_lexicon()
        assert len(lexicon.words) > 50_000 and lexicon.freq("การ") > 0
        assert Checker(lexicon).check(SEED_TYPOS["สาธารณะชน"])[0].suggestion == "สาธารณชน"
    finally:
        spelling.base_lexicon.cache_clear()
        spelling._trie.cache_clear()


pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_every_text_staff_wrote_is_read(seed_assessment):
    sources = staff_texts(seed_assessment)
    objects = {s.object for s in sources}
    fields = {s.field for s in sources}
    assert {"คำนำ", "ผลการวิเคราะห์", "ประเด็นที่พัฒนา", "แผนงาน/กิจกรรม", "หน้าที่"} <= fields
    assert "เครื่องมือ EIT" in objects and "คำสั่งที่ 133/2563" in objects
    assert any(o.startswith("แผน ตัวชี้วัดที่ 10 รายการที่ 3 กิจกรรมที่ 1") for o in objects)


@pytestmark_db
def test_the_corrected_demo_has_no_false_alarm_and_a_typo_is_found_where_it_is(seed_assessment):
    assert assessment_findings(seed_assessment) == []
    score = seed_assessment.scores.get(indicator__number=9)
    score.narrative = score.narrative.replace("สาธารณชน", "สาธารณะชน")
    score.save()
    findings = assessment_findings(seed_assessment)
    assert [(f.object, f.field, f.word, f.suggestion) for f in findings] == [
        ("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล", "ผลการวิเคราะห์", "สาธารณะชน", "สาธารณชน")
    ]


@pytestmark_db
def test_the_command_prints_the_findings_as_json(seed_assessment):
    seed_assessment.foreword += "\n\nหน่วยงานผวนวกับบุคลากร"
    seed_assessment.save()
    out = StringIO()
    call_command("proofread", "pathumthani-2", "2562", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [
        {
            "field": "คำนำ",
            "object": "ผลการประเมิน สพป.ปทุมธานี เขต ๒ ปีงบประมาณ 2562",
            "word": "ผวนวกับ",
            "context": rows[0]["context"],
            "suggestion": "",
        }
    ]
    assert "⟦ผวนวกับ⟧บุคลากร" in rows[0]["context"]
    with pytest.raises(CommandError):
        call_command("proofread", "pathumthani-2", "2499", stdout=StringIO())


@pytestmark_db
def test_the_manage_page_lists_warnings_and_misspellings_for_the_agency_only(
    seed_assessment, staff_client, outsider_client, anonymous_client
):
    score = seed_assessment.scores.get(indicator__number=8)
    score.narrative += " ความสะดวกรวมเร็ว"
    score.save()
    url = reverse("reports:report_manage", args=[seed_assessment.pk])
    body = staff_client.get(url).content.decode()
    assert "คำที่อาจสะกดผิด" in body and "รวมเร็ว" in body and "รวดเร็ว" in body
    assert "AA หรือ ๘๕ คะแนน ขึ้นไป" in body and "27.59" in body
    assert outsider_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302


@pytestmark_db
def test_the_findings_are_computed_when_the_cache_is_down(seed_assessment, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{refusing_port()}/13",
        }
    }
    assert assessment_findings(seed_assessment) == []
