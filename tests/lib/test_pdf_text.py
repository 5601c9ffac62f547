"""The PDF's text reads back as the source text where HarfBuzz draws ำ with two glyphs (#2841)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pymupdf
import pypdfium2
import pytest
from weasyprint import HTML
from weasyprint.draw import text as draw_text
from weasyprint.pdf import fonts as pdf_fonts

from ita_portal.lib.pdf_text import exact_text, split_cluster
from tests.pdf_objects import pdf_objects_text
from tests.readers import READERS

SARABUN = Path(__file__).resolve().parents[2] / "static" / "fonts" / "sarabun"
# ำ alone, after a tone mark (HarfBuzz moves the nikhahit before it), and า, in both orders:
# WeasyPrint maps a glyph to the first text it meets, so which word comes first matters.
WORDS = "ดำเนินงาน สำนักงาน ต่ำกว่า น้ำหนัก ค่ำ ซ้ำ ทำ ดา ป่า ป้องกัน ปีงบประมาณ ผู้รับผิดชอบ"
SARA_AA_FIRST = "ดา " + WORDS
SARA_AM_FIRST = "ดำ " + WORDS
# A nikhahit typed on its own (Pali) keeps its own character.
NIKHAHIT = "สํ"


def _document(*paragraphs: str, weight: int = 400) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html lang="th"><style>@font-face {{ font-family: S; src: url("Sarabun-Regular.ttf"); }}'
        f'@font-face {{ font-family: S; font-weight: 700; src: url("Sarabun-Bold.ttf"); }}'
        f"body {{ font-family: S; font-weight: {weight}; }}</style>{body}</html>"
    )


def _render(html: str, path: Path, exact: bool = True, **options: str) -> Path:
    document = HTML(string=html, base_url=SARABUN.as_uri() + "/")
    if exact:
        with exact_text():
            document.write_pdf(path, **options)
    else:
        document.write_pdf(path, **options)
    return path


def _lines(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    return [line for line in out.stdout.replace("\f", "\n").splitlines() if line.strip()]


def test_split_gives_each_glyph_its_own_character_and_the_last_the_rest():
    aa, nikhahit, tone = frozenset("า"), frozenset("\u0e4d"), frozenset("\u0e48")
    # ำ drawn as nikhahit + sara aa: nothing for the nikhahit, ำ for the sara aa.
    assert split_cluster("ำ", [nikhahit, aa]) == ["", "ำ"]
    # ่ำ drawn as nikhahit, tone, sara aa: the tone keeps its character.
    assert split_cluster("\u0e48ำ", [nikhahit, tone, aa]) == ["", "\u0e48", "ำ"]
    # Glyphs that are their characters, in order, stay so.
    assert split_cluster("กี่", [frozenset("ก"), frozenset("ี"), tone]) == ["ก", "ี", "\u0e48"]
    # A glyph outside the cmap (a ligature) takes the whole text.
    assert split_cluster("fi", [frozenset()]) == ["fi"]
    # ่ำ drawn as a raised nikhahit-and-tone glyph (outside the cmap) + sara aa: one each.
    assert split_cluster("\u0e48ำ", [frozenset(), aa]) == ["\u0e48", "ำ"]


@pytest.mark.parametrize(
    "first_line", [SARA_AA_FIRST, SARA_AM_FIRST], ids=["sara-aa-first", "sara-am-first"]
)
@pytest.mark.parametrize("weight", [400, 700], ids=["regular", "bold"])
def test_thai_words_with_sara_am_read_back_exactly(tmp_path, first_line, weight):
    pdf = _render(_document(first_line, NIKHAHIT, weight=weight), tmp_path / "t.pdf")
    assert _lines(pdf) == [first_line, NIKHAHIT]


def test_without_the_fix_weasyprint_loses_sara_am(tmp_path):
    # The defect the fix is for (upstream #2841): if WeasyPrint fixes it, drop pdf_text.
    pdf = _render(_document(SARA_AA_FIRST), tmp_path / "t.pdf", exact=False)
    assert "ดำเนินงาน" not in _lines(pdf)[0]


def test_the_pages_look_exactly_the_same_with_and_without_the_fix(tmp_path):
    html = _document(SARA_AA_FIRST, SARA_AM_FIRST, NIKHAHIT)
    pictures = []
    for exact in (True, False):
        pdf = _render(html, tmp_path / f"{exact}.pdf", exact=exact)
        prefix = tmp_path / f"{exact}"
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(prefix)], check=True)
        pictures.append(sorted(p.read_bytes() for p in tmp_path.glob(f"{exact}-*.png")))
        # PDFium and MuPDF draw the aliases through the CIDToGIDMap too.
        document = pypdfium2.PdfDocument(pdf)
        pictures.append([page.render(scale=1.5).to_pil().tobytes() for page in document])
        document.close()
        with pymupdf.open(pdf) as document:
            pictures.append([page.get_pixmap(dpi=100).samples for page in document])
    assert pictures[:3] == pictures[3:]


def test_the_fix_is_undone_after_the_block():
    original_draw, original_font = (
        draw_text.draw_first_line,
        pdf_fonts._build_vector_font_dictionary,
    )
    with exact_text():
        assert draw_text.draw_first_line is not original_draw
    assert draw_text.draw_first_line is original_draw
    assert pdf_fonts._build_vector_font_dictionary is original_font


def test_text_in_an_svg_chart_reads_back_too(tmp_path):
    html = _document("").replace(
        "<p></p>",
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40" font-family="S">'
        '<text x="5" y="25">ต่ำกว่า น้ำหนัก</text></svg>',
    )
    assert _lines(_render(html, tmp_path / "t.pdf")) == ["ต่ำกว่า น้ำหนัก"]


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_reads_the_words_back_exactly(tmp_path, reader):
    # Each reader's own text, not normalised: PDFium and pdf.js read a glyph with an empty
    # ToUnicode destination as its code (U+E000…), MuPDF reads text per CID, not per code.
    pdf = _render(_document(SARA_AA_FIRST, SARA_AM_FIRST, NIKHAHIT), tmp_path / "t.pdf")
    lines = [line.strip() for line in READERS[reader](pdf).splitlines() if line.strip()]
    assert lines == [SARA_AA_FIRST, SARA_AM_FIRST, NIKHAHIT]


def test_clusters_in_actual_text_spans_keep_the_tagged_structure(tmp_path):
    pdf = _render(_document(SARA_AM_FIRST), tmp_path / "t.pdf", pdf_variant="pdf/ua-1")
    content = pdf_objects_text(pdf.read_bytes())
    # ดำเนินงาน สำนักงาน ทำ ดำ: a plain ำ (nikhahit + sara aa) is a cluster in a span.
    assert len(re.findall(rb"/Span\s*<</ActualText <feff0e33>>>\s*BDC", content)) == 4
    assert content.count(b"BDC") + content.count(b"BMC") == content.count(b"EMC")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Tagged:          yes" in info.stdout
