"""The PDF/A-3a checker (tests/pdfa_rules.py): a small rendered PDF keeps every rule, and a copy
broken in one place breaks that rule (so each rule is shown able to fail)."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable

import pymupdf
import pytest
from PIL import Image

from ita_portal.lib.pdf import render_pdf
from tests.imaging import tiny_pdf
from tests.pdfa_rules import violations


def _png_with_alpha() -> str:
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (200, 30, 30, 128)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _html(font: str) -> str:
    return (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ทดสอบ</title>'
        f'<meta name="author" content="หน่วยงาน"><style>body {{ font-family: {font} }}</style>'
        '</head><body><p>ภาษาไทย <a href="https://example.org/">ลิงก์</a></p>'
        f'<img src="{_png_with_alpha()}" alt="ภาพประชุม"></body></html>'
    )


SARABUN = '@font-face { font-family: "Sarabun"; src: url("fonts/sarabun/Sarabun-Regular.ttf"); }'


@pytest.fixture(scope="module")
def conforming() -> bytes:
    """Thai text in an embedded font, a link, a photo with a soft mask (transparency)."""
    return render_pdf(_html("Sarabun"), stylesheets=(SARABUN,))


def test_a_rendered_page_with_a_link_and_a_transparent_photo_keeps_every_rule(conforming):
    assert violations(conforming) == []


Edit = Callable[[pymupdf.Document], None]


def _first(doc: pymupdf.Document, test: Callable[[str], bool]) -> int:
    return next(x for x in range(1, doc.xref_length()) if test(doc.xref_object(x)))


def _image(doc: pymupdf.Document) -> int:
    return _first(doc, lambda o: "/Subtype /Image" in o and "/SMask" in o)


def _set(find: Callable[[pymupdf.Document], int], key: str, value: str) -> Edit:
    return lambda doc: doc.xref_set_key(find(doc), key, value)


def _catalog(doc: pymupdf.Document) -> int:
    return doc.pdf_catalog()


def _info(doc: pymupdf.Document) -> int:
    return int(doc.xref_get_key(-1, "Info")[1].split()[0])


def _typed(kind: str) -> Callable[[pymupdf.Document], int]:
    return lambda doc: _first(doc, lambda o: kind in o)


def _metadata(old: bytes, new: bytes) -> Edit:
    def edit(doc: pymupdf.Document) -> None:
        xref = int(doc.xref_get_key(doc.pdf_catalog(), "Metadata")[1].split()[0])
        doc.update_stream(xref, doc.xref_stream(xref).replace(old, new))

    return edit


def _new_object(source: str) -> Edit:
    def edit(doc: pymupdf.Document) -> None:
        doc.update_object(doc.get_new_xref(), source)

    return edit


def _show_notdef(doc: pymupdf.Document) -> None:
    """The first glyph the page shows becomes glyph 0 (what a font lacking a character gives)."""
    contents = doc[0].get_contents()[0]
    stream = doc.xref_stream(contents)
    doc.update_stream(contents, re.sub(rb"\[<[0-9a-f]{4}>", b"[<0000>", stream, count=1))


def _embed(doc: pymupdf.Document) -> None:
    doc.embfile_add("data.csv", b"a,b\n1,2\n")


OBJECT_EDITS: dict[str, tuple[Edit, str]] = {
    "external stream": (_set(_image, "F", "(photo.jpg)"), "refers to external data"),
    "LZW": (_set(_image, "Filter", "/LZWDecode"), "LZW"),
    "metadata part": (_metadata(b'pdfaid:part="3"', b'pdfaid:part="2"'), "pdfaid:part"),
    "metadata level": (
        _metadata(b'pdfaid:conformance="A"', b'pdfaid:conformance="B"'),
        "pdfaid:conformance",
    ),
    "xpacket bytes": (_metadata(b"<?xpacket begin=", b"<?xpacket bytes=1 begin="), "bytes"),
    "no metadata": (_set(_catalog, "Metadata", "null"), "no /Metadata"),
    "info title": (_set(_info, "Title", "(Other)"), "/Title differs"),
    "info date": (_set(_info, "CreationDate", "(D:20000101000000Z)"), "/CreationDate differs"),
    "output intent": (_set(_catalog, "OutputIntents", "[]"), "GTS_PDFA1"),
    "profile N": (_set(_typed("/N 3"), "N", "4"), "/N does not match"),
    "font not embedded": (_set(_typed("/FontFile2"), "FontFile2", "null"), "not embedded"),
    "no ToUnicode": (_set(_typed("/ToUnicode"), "ToUnicode", "null"), "no /ToUnicode"),
    "notdef glyph": (_show_notdef, ".notdef"),
    "interpolate": (_set(_image, "Interpolate", "true"), "interpolation"),
    "alternates": (_set(_image, "Alternates", "[]"), "/Alternates"),
    "OPI": (_set(_image, "OPI", "<<>>"), "/OPI"),
    "intent": (_set(_image, "Intent", "/Vivid"), "/Intent"),
    "bits": (_set(_image, "BitsPerComponent", "3"), "/BitsPerComponent 3"),
    "JPEG 2000": (_set(_image, "Filter", "/JPXDecode"), "JPEG 2000"),
    "PostScript XObject": (_new_object("<</Type/XObject/Subtype/PS>>"), "PostScript XObject"),
    "PostScript form": (_new_object("<</Type/XObject/Subtype/Form/Subtype2/PS>>"), "PostScript"),
    "reference form": (_new_object("<</Type/XObject/Subtype/Form/Ref<<>>>>"), "reference"),
    "launch": (_set(_typed("/Subtype /Link"), "A", "<</S/Launch/F(x.exe)>>"), "Launch"),
    "javascript": (_set(_typed("/Subtype /Link"), "A", "<</S/URI/JS(x)>>"), "JavaScript"),
    "page AA": (_set(_typed("/Type /Page\n"), "AA", "<<>>"), "/AA"),
    "no print flag": (_set(_typed("/Subtype /Link"), "F", "0"), "not printed"),
    "hidden": (_set(_typed("/Subtype /Link"), "F", "6"), "not printed"),
    "no flags": (_set(_typed("/Subtype /Link"), "F", "null"), "no /F"),
    "no appearance": (_set(_typed("/Subtype /Link"), "Subtype", "/Square"), "(/AP /N)"),
    "sound": (_set(_typed("/Subtype /Link"), "Subtype", "/Sound"), "forbidden type"),
    "blend space": (
        _set(_typed("/Type /Page\n"), "Group", "<</S/Transparency/CS/DeviceCMYK>>"),
        "blends in DeviceCMYK",
    ),
    "not marked": (_set(_catalog, "MarkInfo", "<</Marked false>>"), "/Marked true"),
    "no structure": (_set(_catalog, "StructTreeRoot", "null"), "/StructTreeRoot"),
    "no language": (_set(_catalog, "Lang", "null"), "/Lang"),
    "figure alt": (_set(_typed("/S /Figure"), "Alt", "null"), "alternate description"),
    "needs rendering": (_set(_catalog, "NeedsRendering", "true"), "NeedsRendering"),
    "XFA": (_set(_catalog, "AcroForm", "<</Fields[]/XFA[]>>"), "XFA"),
    "embedded file": (_embed, "/AFRelationship"),
}


@pytest.mark.parametrize("case", OBJECT_EDITS)
def test_each_rule_fails_on_a_copy_broken_in_its_one_place(conforming, case):
    edit, expected = OBJECT_EDITS[case]
    doc = pymupdf.open(stream=conforming, filetype="pdf")
    edit(doc)
    found = violations(doc.tobytes(no_new_id=True))
    assert any(expected in v for v in found), found


BYTE_EDITS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "header version": (lambda d: d.replace(b"%PDF-1.7", b"%PDF-2.0", 1), "header"),
    "binary comment": (lambda d: d[:9] + b"%abcd" + d[14:], "binary"),
    "after EOF": (lambda d: d + b"trailing bytes", "follow the last %%EOF"),
}


@pytest.mark.parametrize("case", BYTE_EDITS)
def test_each_file_structure_rule_fails_on_its_broken_bytes(conforming, case):
    edit, expected = BYTE_EDITS[case]
    found = violations(edit(conforming))
    assert any(expected in v for v in found), found


def test_an_encrypted_copy_or_a_file_without_an_id_breaks_the_trailer_rule(conforming):
    doc = pymupdf.open(stream=conforming, filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="x", user_pw="")
    assert "the file is encrypted" in violations(locked)
    assert "the trailer has no /ID of two strings" in violations(tiny_pdf())
