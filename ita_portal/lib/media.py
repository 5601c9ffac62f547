"""Media through Django's storage API only: the file system or an S3 bucket, the same code.

No code reads a media file by its path (a bucket has none). The report's PDF names a media file
by an ita-media: URL that the PDF fetcher reads through the storage; a program that needs a
path (poppler) gets a temporary copy, removed when it is done.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage

MEDIA_SCHEME = "ita-media"
COPY_CHUNK = 1024 * 1024


def media_url(name: str) -> str:
    """The URL by which a report's PDF names a stored file (read by the PDF fetcher)."""
    return f"{MEDIA_SCHEME}:{quote(name)}"


def safe_name(name: str) -> str | None:
    """The storage name if it stays inside the storage (relative, no "..", no NUL), else None."""
    if not name or "\x00" in name or "\\" in name:
        return None
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or "." in relative.parts:
        return None
    return relative.as_posix()


def name_of(url: str) -> str | None:
    """The storage name an ita-media: URL names, None for any other URL or an unsafe name."""
    scheme, _, rest = url.partition(":")
    if scheme.lower() != MEDIA_SCHEME or not rest:
        return None
    return safe_name(unquote(rest))


def read_bytes(name: str, storage: Storage | None = None) -> bytes:
    """The bytes of a stored file."""
    with (storage or default_storage).open(name, "rb") as handle:
        return handle.read()


@contextmanager
def local_copy(name: str, storage: Storage | None = None) -> Iterator[Path]:
    """A temporary local file holding a stored file's bytes, for programs that read paths;
    removed on leaving."""
    suffix = PurePosixPath(name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with (storage or default_storage).open(name, "rb") as source:
            shutil.copyfileobj(source, copy, COPY_CHUNK)
        copy.flush()
        yield Path(copy.name)


def walk(storage: Storage | None = None, folder: str = "") -> Iterator[str]:
    """Every stored file's name under a folder, depth first, in name order."""
    store = storage or default_storage
    try:
        folders, files = store.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for file in sorted(files):
        yield prefix + file
    for sub in sorted(folders):
        yield from walk(store, prefix + sub)


def stat(name: str, storage: Storage | None = None) -> tuple[int, dt.datetime] | None:
    """A stored file's size and modification time (aware), None when there is no such file."""
    store = storage or default_storage
    try:
        return store.size(name), store.get_modified_time(name)
    except (FileNotFoundError, IsADirectoryError):
        return None
    except Exception as error:
        if _not_found(error):
            return None
        raise


def _not_found(error: Exception) -> bool:
    """Whether a storage error says the object does not exist (botocore's 404, NoSuchKey)."""
    response = getattr(error, "response", None)
    if not isinstance(response, dict):
        return False
    code = str(response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")


@dataclass(frozen=True)
class PrivateFolder:
    """A folder of files that are never served (pending imports, held uploads): in the media
    storage under private/, shared by every web machine, or in a local folder when a setting
    names one (one machine only)."""

    storage: Storage
    prefix: str

    @classmethod
    def of(cls, local_dir: str | Path | None, folder: str) -> PrivateFolder:
        if local_dir:
            return cls(FileSystemStorage(location=str(local_dir)), "")
        return cls(default_storage, f"private/{folder}/")

    def name(self, key: str) -> str:
        return self.prefix + key

    def save(self, key: str, chunks: Iterable[bytes]) -> None:
        """Write a new file under key (a random name: never replaces another)."""
        data = b"".join(chunks)
        saved = self.storage.save(self.name(key), ContentFile(data))
        if saved != self.name(key):  # the storage chose another name: not ours to keep
            self.storage.delete(saved)
            raise FileExistsError(key)

    def exists(self, key: str) -> bool:
        return stat(self.name(key), self.storage) is not None

    def read(self, key: str) -> bytes:
        return read_bytes(self.name(key), self.storage)

    def delete(self, key: str) -> None:
        self.storage.delete(self.name(key))

    def keys(self) -> Iterator[str]:
        try:
            _, files = self.storage.listdir(self.prefix)
        except FileNotFoundError:
            return
        yield from files

    def remove_older(self, pattern: re.Pattern[str], before: float) -> int:
        """Delete the files whose keys match pattern, modified before a time; how many went."""
        removed = 0
        for key in list(self.keys()):
            found = stat(self.name(key), self.storage) if pattern.fullmatch(key) else None
            if found is not None and found[1].timestamp() < before:
                self.delete(key)
                removed += 1
        return removed
