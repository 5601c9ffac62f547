"""A PDF's text as the readers people use extract it, character for character.

poppler (pdftotext: Evince, Okular), PDFium (pypdfium2: Chrome, Edge), pdf.js (pdfjs-dist run by
node: Firefox and most web viewers) and MuPDF (PyMuPDF: SumatraPDF, mobile viewers). pdf.js is
installed by `npm ci` in this folder (package-lock.json), as `make test` does.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pypdfium2

PDFJS_SCRIPT = Path(__file__).resolve().parent / "extract.mjs"


def poppler_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    out.check_returncode()
    return out.stdout


def pdfium_text(pdf: Path) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def pdfjs_text(pdf: Path) -> str:
    out = subprocess.run(["node", str(PDFJS_SCRIPT), str(pdf)], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"pdf.js failed (npm ci in {PDFJS_SCRIPT.parent}?): {out.stderr}")
    return "\n".join(json.loads(out.stdout))


def mupdf_text(pdf: Path) -> str:
    with pymupdf.open(pdf) as document:
        return "\n".join(page.get_text() for page in document)


READERS: dict[str, Callable[[Path], str]] = {
    "poppler": poppler_text,
    "pdfium": pdfium_text,
    "pdfjs": pdfjs_text,
    "mupdf": mupdf_text,
}
