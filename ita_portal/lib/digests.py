"""SHA-256 of a file read in chunks, never whole in memory (backups, published PDFs), and the
shape of a SHA-256 written in hex."""

from __future__ import annotations

import hashlib
import re
from typing import Protocol

CHUNK = 1024 * 1024
SHA256_HEX = re.compile("[0-9a-f]{64}")  # lower-case, as hexdigest() writes it


class Readable(Protocol):
    """An open binary file: a path's, or a Django storage's File."""

    def read(self, size: int = -1, /) -> bytes: ...


def sha256_of_stream(file: Readable) -> str:
    """The hex SHA-256 of what is left to read in an open binary file."""
    digest = hashlib.sha256()
    while chunk := file.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()
