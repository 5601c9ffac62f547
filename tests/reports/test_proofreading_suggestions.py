"""Proofreading suggestions a person would accept: the common misspellings of official writing
(data), and a Thai-weighted ranking for the rest, measured on planted misspellings (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.proofreading.spelling import Checker, base_lexicon
from reports.proofreading.suggestions import (
    ERROR_MISSPELLING_INSIDE,
    ERROR_MISSPELLING_LINE,
    common_misspellings,
    read_misspellings,
    thai_distance,
)

PLANTED = Path(__file__).resolve().parents[1] / "data" / "planted_misspellings_th.tsv"
# Measured on the 46 planted words (29 tuned on, 17 held out), see planted_accuracy:
# in a sentence, the finding's suggestion was the intended word for 38 (before: 16, mostly no
# suggestion at all); the word's own ranking put it first for 46 (PyThaiNLP's spell: 43).
# Pinned a little below, so that a change of PyThaiNLP's word list does not fail the build.
MIN_IN_SENTENCE = 36
MIN_RANKED_FIRST = 43
MIN_RANKED_IN_THREE = 44


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(base_lexicon(), {"สพป", "สพป."})


def planted_accuracy(checker: Checker) -> tuple[int, int, int]:
    """How many planted misspellings get the intended word: as the suggestion of the finding
    in a sentence, first in the word's ranking, among its first three."""
    in_sentence = first = in_three = 0
    for wrong, right in read_misspellings(PLANTED, searched=False).items():
        sentence = f"ในปีนี้หน่วยงาน {wrong} อย่างต่อเนื่อง"
        start, end = sentence.index(wrong), sentence.index(wrong) + len(wrong)
        findings = [m for m in checker.check(sentence) if m.start < end and start < m.end]
        in_sentence += any(m.suggestion == right for m in findings)
        ranked = checker.suggestions(wrong)
        first += ranked[:1] == [right]
        in_three += right in ranked
    return in_sentence, first, in_three


def test_planted_misspellings_get_the_intended_word(checker):
    in_sentence, first, in_three = planted_accuracy(checker)
    assert len(read_misspellings(PLANTED, searched=False)) == 46
    assert in_sentence >= MIN_IN_SENTENCE, in_sentence
    assert first >= MIN_RANKED_FIRST and in_three >= MIN_RANKED_IN_THREE, (first, in_three)


@pytest.mark.parametrize(
    ("text", "word", "suggestion"),
    [
        ("การพัฒนาบุคคลากรของหน่วยงาน", "บุคคลากร", "บุคลากร"),  # the example
        ("เปิดโอกาศให้ประชาชนมีส่วนร่วม", "โอกาศ", "โอกาส"),  # PyThaiNLP lists โอกาศ as a word
        ("ได้รับอนุญาติจากผู้บังคับบัญชา", "อนุญาติ", "อนุญาต"),
        ("ปฎิบัติตามกฏหมาย", "ปฎิบัติ", "ปฏิบัติ"),
        ("ตามหลักเกณท์ที่กำหนด", "เกณท์", "เกณฑ์"),
    ],
)
def test_a_common_misspelling_is_found_with_its_correct_form(checker, text, word, suggestion):
    found = [(m.word, m.suggestion) for m in checker.check(text)]
    assert (word, suggestion) in found, found


def test_the_correct_forms_of_the_common_misspellings_give_no_finding(checker):
    pairs = common_misspellings()
    assert len(pairs) >= 30
    for right in set(pairs.values()):
        assert right in base_lexicon().words, right
        assert checker.check(f"ในปีนี้ {right} ของหน่วยงาน") == [], right


def test_a_sound_alike_letter_or_a_dropped_mark_costs_less_than_another_letter():
    assert thai_distance("โอกาศ", "โอกาส") < thai_distance("โอกาศ", "โอกาบ")
    assert thai_distance("สังเกตุ", "สังเกต") < thai_distance("สังเกตา", "สังเกต")
    assert thai_distance("ผลลัพท์", "ผลลัพธ์") < thai_distance("ผลลัพก์", "ผลลัพธ์")
    # As a word's last letter, ท sounds as จ does (อำนาท → อำนาจ), not inside it.
    assert thai_distance("อำนาท", "อำนาจ") < thai_distance("ทาน", "จาน")


def test_a_bad_line_of_the_misspellings_file_is_refused_in_thai(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# หมายเหตุ\nโอกาศ โอกาส\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        read_misspellings(bad)
    assert str(caught.value) == ERROR_MISSPELLING_LINE.format(line=2, path="bad.tsv")
    bad.write_text("อุปกรณ\tอุปกรณ์\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        read_misspellings(bad)
    assert str(caught.value) == ERROR_MISSPELLING_INSIDE.format(
        line=1, path="bad.tsv", wrong="อุปกรณ"
    )
