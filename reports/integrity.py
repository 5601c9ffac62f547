"""A published PDF is served as it was published, or not at all.

Its SHA-256 is recorded at publication (ReportPublication.sha256, also its ETag). Before the
bytes go out they are read once and hashed; a file altered or gone on disk is refused (the
caller answers the Thai 503 page) and logged as an ERROR event with the agency and version.
A conditional GET answered 304 never gets here: the client's copy is the one published. Nor
does an anonymous download answered from the public page cache (ita_portal/lib/public_cache.py):
the bytes were stored only after this check passed, and are served as verified until the next
publication or withdrawal, even if the file is altered meanwhile (the nightly check reports it).
`manage.py verify_published` runs the same check over every stored PDF (a nightly timer).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.storage import default_storage

from ita_portal.lib.digests import sha256_of_stream
from ita_portal.lib.events import log_event

logger = logging.getLogger(__name__)

EVENT_ALTERED = "report.pdf_altered"
MISSING = "missing"


class PdfAltered(Exception):
    """The stored file no longer matches the SHA-256 recorded when it was published."""


@dataclass(frozen=True)
class StoredPdf:
    """One published version's file and what it must hash to."""

    name: str  # storage name
    sha256: str
    agency_code: str
    fiscal_year: int
    version: int


def stored_sha256(name: str) -> str:
    """The SHA-256 of a stored file read in chunks, or MISSING when it cannot be read."""
    try:
        with default_storage.open(name, "rb") as file:
            return sha256_of_stream(file)
    except OSError:
        return MISSING


def report_altered(pdf: StoredPdf, found: str) -> None:
    """Log the mismatch as an ERROR event: who must look at which file."""
    log_event(
        logger,
        EVENT_ALTERED,
        agency=pdf.agency_code,
        obj=f"ReportPublication:{pdf.fiscal_year}/v{pdf.version}",
        outcome="refused",
        level=logging.ERROR,
        year=pdf.fiscal_year,
        version=pdf.version,
        path=pdf.name,
        expected=pdf.sha256,
        found=found,
    )


def read_verified(pdf: StoredPdf) -> bytes:
    """The file's bytes, read once; PdfAltered (logged) if they are not the published ones."""
    try:
        with default_storage.open(pdf.name, "rb") as file:
            data = file.read()
    except OSError:
        report_altered(pdf, MISSING)
        raise PdfAltered(pdf.name) from None
    found = hashlib.sha256(data).hexdigest()
    if found != pdf.sha256:
        report_altered(pdf, found)
        raise PdfAltered(pdf.name)
    return data
