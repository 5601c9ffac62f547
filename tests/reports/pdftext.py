"""Reading a PDF's text the way the report tests compare it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

WHITESPACE = re.compile(r"\s+")
# A tone mark before ำ is lost with it in the PDF's ToUnicode map (ต่ำ reads back as ตา).
PAGE_FOOTER = re.compile(r"\n[0-9๐-๙]+\n\f")
SARA_AM = re.compile("[\u0e48-\u0e4b]?\u0e33")


def normalise(text: str) -> str:
    """Text as compared with pdftotext output: ำ→า, no U+0E4D, no whitespace (upstream #2841)."""
    text = SARA_AM.sub("\u0e32", text).replace("\u0e4d", "")
    return WHITESPACE.sub("", text)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    )
    # Drop each page's footer (its number) so text running over a page break stays contiguous.
    return PAGE_FOOTER.sub("\n", out.stdout)
