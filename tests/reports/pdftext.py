"""Reading a PDF's text the way the report tests compare it: the characters as they are."""

from __future__ import annotations

import re
import subprocess
import zlib
from html import unescape
from pathlib import Path

WHITESPACE = re.compile(r"\s+")
TAG = re.compile(r"<[^>]+>")
STREAM = re.compile(rb"stream\r?\n")
ALT = re.compile(rb"/Alt <([0-9a-fA-F]+)>")
# Body pages are numbered 1… (Thai or Arabic digits), front matter ก, ข, …
PAGE_FOOTER = re.compile(r"\n(?:[0-9๐-๙]+|[ก-ฮ]{1,2})\n\f")


def compact(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines (and table cells) where the PDF does.
    Nothing else changes: ำ must read back as ำ (the PDF's own ToUnicode map, see pdf_text)."""
    return WHITESPACE.sub("", text)


def html_text(html: str) -> str:
    """The text of an HTML document (tags dropped, entities read), compacted."""
    return compact(unescape(TAG.sub("", html)))


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    """pdftotext's text of a PDF: reading order (-raw), or as laid out on the page (-layout)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout" if layout else "-raw", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    if layout:
        return out.stdout
    # Drop each page's footer (its number) so text running over a page break stays contiguous.
    return PAGE_FOOTER.sub("\n", out.stdout)


def alt_texts(pdf: bytes) -> list[str]:
    """The /Alt texts of a tagged PDF's structure elements (in its compressed object streams)."""
    texts = []
    for match in STREAM.finditer(pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            data = zlib.decompress(pdf[match.end() : end])
        except zlib.error:
            continue
        for alt in ALT.findall(data):
            texts.append(bytes.fromhex(alt.decode()).decode("utf-16"))
    return texts
