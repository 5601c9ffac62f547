"""The demo report's text as every common reader extracts it: the words people search for are
found as often as the report's source holds them, and no private-use character comes out
(PDFium and pdf.js read a glyph without text as its code, U+E000…; see lib/pdf_text)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from weasyprint.formatting_structure.boxes import TextBox

from ita_portal.lib import pdf_engine
from tests.readers import READERS

# Words with ำ (alone, after a tone mark) and a word with า, as people search for them.
WORDS = ("ดำเนินงาน", "สำนักงาน", "ต่ำกว่า", "น้ำหนัก", "การ")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
SVG_TEXT = re.compile(r"<text[^>]*>(.*?)</text>", re.S)
WHITESPACE = re.compile(r"\s+")


def _words_in(text: str) -> dict[str, int]:
    """How often each word occurs; a line break (a reader's, or the source's) splits none."""
    joined = WHITESPACE.sub("", text)
    return {word: joined.count(word) for word in WORDS}


@pytest.fixture
def laid_out(monkeypatch) -> list[str]:
    """The text WeasyPrint lays out on the pages (each line's source text, repeated table
    headers and page numbers included), recorded as the PDF is finished."""
    texts: list[str] = []
    finish = pdf_engine.finish

    def recording_finish(document: Any, pdf: Any) -> None:
        for page in document.pages:
            texts.extend(b.text for b in page._page_box.descendants() if isinstance(b, TextBox))
        finish(document, pdf)

    monkeypatch.setattr(pdf_engine, "finish", recording_finish)
    return texts


@pytest.mark.django_db
def test_every_reader_finds_the_words_as_often_as_the_source_holds_them(laid_out, rendered):
    # One render (laid_out records it, so it comes first), each reader once.
    pdf, html = rendered
    # The source: the text of every line laid out, and of the charts' SVG text elements.
    charts = [unescape(text) for text in SVG_TEXT.findall(html.read_text())]
    source = _words_in("\n".join(laid_out + charts))
    assert all(source.values())  # the words are there to be found, or this proves nothing
    found = {}
    for name, read in READERS.items():
        text = read(pdf)
        found[name] = {"words": _words_in(text), "private use": len(PRIVATE_USE.findall(text))}
    assert found == {name: {"words": source, "private use": 0} for name in READERS}
