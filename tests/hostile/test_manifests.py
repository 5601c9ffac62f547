"""A restore manifest of the wrong shape is the Thai BackupError (a CommandError), never a
traceback: valid JSON, but not an object, files not an object, keys missing, sizes not
numbers, the database not an object… Swept through `restore --check` and `restore`."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from ita_portal.backup import ERROR_MANIFEST, MANIFEST
from ita_portal.lib import media

DUMP = b"SQLite format 3\x00 not really"
DUMP_NAME = "database/database.sqlite3"


def _good() -> dict:
    return {
        "format": 1,
        "created_at": "2026-12-06T00:00:00Z",
        "database": {"vendor": "sqlite"},
        "files": {DUMP_NAME: {"sha256": hashlib.sha256(DUMP).hexdigest(), "size": len(DUMP)}},
    }


def _entry(**change) -> dict:
    return {DUMP_NAME: {**_good()["files"][DUMP_NAME], **change}}


# Each one a valid JSON document that today's code reads as a manifest.
MALFORMED = {
    "a list": [],
    "a string": "manifest",
    "format true": {**_good(), "format": True},
    "no files": {k: v for k, v in _good().items() if k != "files"},
    "files a list": {**_good(), "files": [DUMP_NAME]},
    "a file not an object": {**_good(), "files": {DUMP_NAME: 5}},
    "no sha256": {**_good(), "files": {DUMP_NAME: {"size": len(DUMP)}}},
    "sha256 a number": {**_good(), "files": _entry(sha256=12)},
    "size a string": {**_good(), "files": _entry(size="12")},
    "size negative": {**_good(), "files": _entry(size=-1)},
    "no database": {k: v for k, v in _good().items() if k != "database"},
    "database a string": {**_good(), "database": "sqlite"},
    "database without vendor": {**_good(), "database": {}},
    "an unknown vendor": {**_good(), "database": {"vendor": "oracle"}},
    "server_major a string": {**_good(), "database": {"vendor": "sqlite", "server_major": "x"}},
    "no dump listed": {**_good(), "database": {"vendor": "postgresql", "server_major": 16}},
}


def _archive(tmp_path, manifest) -> str:
    path = tmp_path / "ita-backup-20261206T000000Z.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in ((DUMP_NAME, DUMP), (MANIFEST, json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return str(path)


def test_the_well_formed_manifest_is_read(tmp_path, db):
    out = io.StringIO()
    call_command("restore", _archive(tmp_path, _good()), "--check", stdout=out)
    assert "สมบูรณ์" in out.getvalue()


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_manifest_is_refused_in_thai_by_the_check(tmp_path, db, case):
    with pytest.raises(CommandError) as refused:
        call_command(
            "restore", _archive(tmp_path, MALFORMED[case]), "--check", stdout=io.StringIO()
        )
    assert str(refused.value).startswith(ERROR_MANIFEST.split("{")[0])


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_manifest_restores_nothing(tmp_path, db, settings, monkeypatch, case):
    # The target as restore wants it (an empty database and media folder), without emptying
    # the test database: the manifest is refused before anything is loaded.
    monkeypatch.setattr("ita_portal.backup.database_tables", list)
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(CommandError) as refused:
        call_command("restore", _archive(tmp_path, MALFORMED[case]), stdout=io.StringIO())
    assert str(refused.value).startswith(ERROR_MANIFEST.split("{")[0])
    assert not any(media.walk())  # nothing written to the media storage
