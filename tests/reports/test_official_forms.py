"""The report's official forms (issue 22): the order's Garuda and continuation cue, the meeting
news page's masthead and one title for its chair. One render of the demo report checks the PDF."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from html import unescape
from io import StringIO
from pathlib import Path

import pymupdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image, ImageDraw

from committees.models import OfficialEmblem
from committees.selectors import chair_as_recorded
from ita_portal.lib import pdf_engine
from ita_portal.lib.pdf_engine import first_words
from ita_portal.lib.photos import ERROR_NOT_IMAGE
from reports.report.builder import build_report, render_report_html
from reports.report.checks import WARNING_ORDER_WITHOUT_EMBLEM

from .pdftext import compact

pytestmark = pytest.mark.django_db

CM = 72 / 2.54  # PDF points per centimetre


def _emblem_png() -> bytes:
    """A generated stand-in for the Garuda (taller than wide, as the emblem is)."""
    image = Image.new("RGBA", (300, 360), (255, 255, 255, 0))
    ImageDraw.Draw(image).ellipse((10, 10, 290, 350), fill=(196, 30, 58, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _upload_emblem() -> OfficialEmblem:
    emblem = OfficialEmblem(image=SimpleUploadedFile("garuda.png", _emblem_png()))
    emblem.full_clean()
    emblem.save()
    return emblem


def test_the_emblem_must_be_an_image(media_root):
    emblem = OfficialEmblem(image=SimpleUploadedFile("garuda.png", b"not an image at all"))
    with pytest.raises(ValidationError) as error:
        emblem.full_clean()
    assert error.value.message_dict["image"] == [ERROR_NOT_IMAGE]


def test_a_retyped_order_without_the_emblem_is_flagged_and_with_it_shows_it(
    seed_assessment, media_root
):
    report = build_report(seed_assessment)
    number = report.order.number_text
    assert WARNING_ORDER_WITHOUT_EMBLEM.format(number=number) in report.warnings
    assert 'class="order-emblem"' not in render_report_html(report, mode="web", draft=True)

    _upload_emblem()
    report = build_report(seed_assessment)
    assert not any("ตราครุฑ" in warning for warning in report.warnings)
    assert 'class="order-emblem"' in render_report_html(report, mode="web", draft=True)


def test_the_chair_is_named_with_the_title_of_the_chair_field_only():
    body = "วันที่ ๑๐ ดร.ชนาธิป สำเร็จ ผอ.สพป. เป็นประธาน ชนาธิป สำเร็จ กล่าว"
    assert chair_as_recorded(body, "นายชนาธิป สำเร็จ") == (
        "วันที่ ๑๐ นายชนาธิป สำเร็จ ผอ.สพป. เป็นประธาน นายชนาธิป สำเร็จ กล่าว"
    )
    assert chair_as_recorded("น.ส.กมลภา ว. ประธาน", "ดร.กมลภา ว.") == "ดร.กมลภา ว. ประธาน"
    # A chair typed without a title leaves the text as staff wrote it.
    assert chair_as_recorded(body, "ชนาธิป สำเร็จ") == body


def test_the_cue_is_the_first_word_or_an_item_number_with_its_name():
    assert first_words("มีหน้าที่ วิเคราะห์ผลการประเมิน") == "มีหน้าที่"
    assert first_words("๑๓. นางพวงเพชร แสงส่อง ผอ.กลุ่มอำนวยการ") == "๑๓. นางพวงเพชร"
    # A long run of Thai is cut where a word ends (libthai), not mid-word.
    assert first_words("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา") == "สำนักงานเขต"


def test_the_cue_pass_lays_out_the_order_alone_from_its_own_html(seed_assessment, monkeypatch):
    """Issue 22: the cue's layout parses the document's head and the order, not the whole report
    (parsing the report cost more than laying the order out)."""
    given: list[str] = []
    real_html = pdf_engine.HTML

    def recording_html(*args, string, **kwargs):
        given.append(string)
        return real_html(*args, string=string, **kwargs)

    monkeypatch.setattr(pdf_engine, "HTML", recording_html)
    report = build_report(seed_assessment)
    # The marks are comments: an order's typed text cannot end the cut early (its "<" is escaped).
    subject = report.order.subject + " " + pdf_engine.CUE_END
    report = replace(report, order=replace(report.order, subject=subject))
    document = render_report_html(report, mode="pdf", draft=True)
    assert given == []  # building the document lays nothing out (the publish confirmation)
    cued = pdf_engine.continuation_cues(document)
    assert "@bottom-right" in cued  # the cue is there
    assert pdf_engine.continuation_cues(cued) == cued  # read once: a second call adds nothing
    (alone,) = given
    assert '<link rel="stylesheet"' in alone and "@page order" in alone  # the head's styles
    assert 'data-continuation-cue="order"' in alone and 'class="order-signature"' in alone
    for elsewhere in ('class="watermark"', "<main>", 'id="appendix-h"', 'class="meeting"'):
        assert elsewhere not in alone


@pytest.fixture
def rendered(seed_assessment, media_root, tmp_path):
    """The demo report with an uploaded emblem, rendered once by the management command."""
    _upload_emblem()
    pdf = tmp_path / "r.pdf"
    call_command("render_report", "pathumthani-2", "2562", output=str(pdf), stdout=StringIO())
    return pymupdf.open(pdf), pdf


LINE = re.compile(r'<line xMin="[0-9.]+" yMin="([0-9.]+)" xMax="([0-9.]+)"[^>]*>(.*?)</line>', re.S)
WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def _lines(pdf: Path, index: int) -> list[tuple[float, float, str]]:
    """(top, right, text) of each line of a page (pdftotext: PyMuPDF misreads Thai ำ here)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = [
        (float(top), float(right), unescape(" ".join(WORD.findall(words))))
        for top, right, words in LINE.findall(out)
    ]
    return sorted(found)


def _toneless(text: str) -> str:
    return re.sub("[\u0e48-\u0e4b]", "", text)


def _page_text(pdf: Path, index: int) -> str:
    return compact(" ".join(text for _top, _right, text in _lines(pdf, index)))


def test_the_official_forms_in_the_pdf(rendered, seed_agency):
    document, path = rendered
    texts = [_page_text(path, index) for index in range(len(document))]
    first = next(i for i, t in enumerate(texts) if t.startswith(compact("คำสั่งสำนักงาน")))
    news = next(i for i, t in enumerate(texts) if compact("OBECLine") in t)
    order_pages = list(range(first, news))
    assert len(order_pages) >= 2  # the demo order runs over a page: the cue is needed

    # The Garuda: 3 cm high, centred between the margins (3 cm left, 2 cm right), on top.
    page = document[first]
    (image,) = page.get_images()
    (box,) = page.get_image_rects(image[0])
    assert box.height == pytest.approx(3 * CM, abs=0.5)
    centre = (3 * CM + page.rect.width - 2 * CM) / 2
    assert (box.x0 + box.x1) / 2 == pytest.approx(centre, abs=1)
    assert box.y1 < _lines(path, first)[0][0] + 1  # above the order's heading

    # The cue: every order page but the last ends, at the right, in "/" and the next page's
    # first words; the last has none.
    for index in order_pages:
        lines = _lines(path, index)
        cues = [text for _top, _right, text in lines if text.startswith("/")]
        if index == order_pages[-1]:
            assert cues == []
            continue
        (cue,) = cues
        assert cue.endswith("...")
        following = [text for _t, _r, text in _lines(path, index + 1)]
        body = compact(" ".join(t for t in following if not re.fullmatch(r"-\s*\S+\s*-", t)))
        assert body.startswith(compact(cue[1:-3])), (cue, body[:40])
        top, right, _text = next(line for line in lines if line[2] == cue)
        assert right == pytest.approx(document[index].rect.width - 2 * CM, abs=2)
        assert top > document[index].rect.height - 2 * CM  # in the bottom margin

    # The news page: the agency's name and address head it, above the news title.
    news_text = texts[news]
    # Tone marks left out: pdftotext may read a bold line's ่ one letter late (ทีก่าร).
    assert _toneless(news_text).startswith(_toneless(compact(seed_agency.name)))
    address = news_text.find(compact("ถนนวิภาวดี-รังสิต"))
    assert 0 < address < news_text.find(compact("สพป.ปทุมธานี เขต ๒ ประชุมกำหนดมาตรการ"))
    # One title for the chair, the chair field's: above the body and in it.
    assert compact("ประธาน: นายชนาธิป สำเร็จ") in news_text
    assert compact("นายชนาธิป สำเร็จ ผอ.สพป.") in news_text
    assert "ดร.ชนาธิป" not in news_text

    # No line anywhere ends in "ปี" with "งบประมาณ" opening the next.
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in layout.splitlines() if line.strip()]
    split = [
        (a, b)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.endswith("ปี") and b.startswith("งบประมาณ")
    ]
    assert split == []
