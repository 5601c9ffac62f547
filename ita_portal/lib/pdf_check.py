"""Whether a file is a PDF that opens: its header, then poppler's pdfinfo with a time limit.

A name ending in .pdf proves nothing, and neither do the first bytes alone ("%PDF-" then
anything passes a header check). A file is taken as a PDF when it starts as one (uploads.
looks_like_pdf: "%PDF-" within its first 1024 bytes) and pdfinfo reads a page count from it
within PDFINFO_TIMEOUT_S, of at least one page and at most the caller's limit. Uploads are checked so; files stored before
the check are checked again before they are published (reports/stored_files.py).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from .limited_run import LimitExceeded, Limits, run_limited
from .media import local_copy
from .uploads import looks_like_pdf

# pdfinfo reads the cross-reference table, not the pages: a real file answers in well under a
# second; one it cannot make sense of within this is not accepted.
PDFINFO_TIMEOUT_S = 20
# Nor beyond this memory (a cross-reference table is small; a crafted one could ask for much).
PDFINFO_MAX_MEMORY = 512 * 1024 * 1024

ERROR_NOT_PDF = (
    "ไฟล์นี้ไม่ใช่ไฟล์ PDF ที่ถูกต้อง (เปิดอ่านไม่ได้ หรือเป็นไฟล์ชนิดอื่นที่ตั้งชื่อเป็น .pdf)"
    " กรุณาบันทึกหรือส่งออกเป็น PDF ใหม่แล้วอัปโหลดอีกครั้ง"
)


@contextmanager
def path_of(upload: Any) -> Iterator[Path]:
    """A file path holding the upload's bytes (poppler reads files, not streams): a temporary
    copy of a stored file (read through its storage: a bucket has no paths), an upload's
    temporary file, or else a copy."""
    if getattr(upload, "_committed", False) and getattr(upload, "name", None):
        with local_copy(upload.name, upload.storage) as copy:
            yield copy
        return
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    position = upload.tell() if hasattr(upload, "tell") else None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        upload.seek(0)
        for chunk in iter(lambda: upload.read(1024 * 1024), b""):
            handle.write(chunk)
        handle.flush()
        upload.seek(0 if position is None else position)
        yield Path(handle.name)


def pdf_page_count(path: Path, *, timeout: float = PDFINFO_TIMEOUT_S) -> int | None:
    """Pages of a PDF poppler can read; None when it cannot (or not within timeout seconds)."""
    limits = Limits(memory_bytes=PDFINFO_MAX_MEMORY, cpu_seconds=int(timeout), wall_seconds=timeout)
    try:
        out = run_limited(["pdfinfo", str(path)], limits).stdout.decode()
    except (LimitExceeded, subprocess.SubprocessError, OSError, UnicodeDecodeError):
        return None
    for line in out.splitlines():
        if line.startswith("Pages:"):
            try:
                return int(line.split()[-1])
            except ValueError:
                return None
    return None


def is_readable_pdf(stream: Any, *, max_pages: int) -> bool:
    """A PDF header, and a page count pdfinfo reads of 1 to max_pages."""
    if not looks_like_pdf(stream):
        return False
    with path_of(stream) as path:
        pages = pdf_page_count(path)
    return pages is not None and 1 <= pages <= max_pages


def validate_pdf(upload: Any, *, max_pages: int) -> None:
    """Refuse, in Thai, an upload that is not a PDF that opens (see is_readable_pdf)."""
    if not is_readable_pdf(upload, max_pages=max_pages):
        raise ValidationError(ERROR_NOT_PDF, code="not_pdf")
