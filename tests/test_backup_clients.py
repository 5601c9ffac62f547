"""pg_dump and pg_restore must be at least as new as the PostgreSQL server they work on."""

from __future__ import annotations

import pytest

from ita_portal import backup


@pytest.fixture
def fake_pg_dump(tmp_path, monkeypatch):
    def install(version: str) -> None:
        program = tmp_path / "pg_dump"
        program.write_text(f"#!/bin/sh\necho 'pg_dump (PostgreSQL) {version}'\n")
        program.chmod(0o755)
        monkeypatch.setenv("PATH", str(tmp_path))

    return install


def test_a_client_older_than_the_server_is_refused_saying_what_to_install(fake_pg_dump):
    fake_pg_dump("13.9 (Debian 13.9-0+deb11u1)")
    with pytest.raises(backup.BackupError) as refused:
        backup._client("pg_dump", at_least=15)
    assert str(refused.value) == backup.ERROR_CLIENT_TOO_OLD.format(
        program="pg_dump", client=13, server=15
    )


def test_a_client_as_new_as_the_server_is_used(fake_pg_dump, tmp_path):
    fake_pg_dump("15.20 (Debian 15.20-0+deb12u1)")
    assert backup._client("pg_dump", at_least=15) == str(tmp_path / "pg_dump")


def test_a_missing_client_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backup.BackupError) as refused:
        backup._client("pg_restore", at_least=15)
    assert "postgresql-client-15" in str(refused.value)
