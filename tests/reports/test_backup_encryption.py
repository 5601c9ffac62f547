"""Backups encrypted at rest with age: the server needs only the public key; restore and
restore --check decrypt with the identity; a wrong or missing key, a changed or a cut archive
are refused in Thai; production refuses to write a plain backup unless told to; the archive is
readable by the off-site copy's group."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ita_portal import backup_age
from ita_portal.backup import ERROR_UNENCRYPTED, database_tables
from ita_portal.management.commands.restore import SHAPE_ONLY
from tests.manage_subprocess import manage
from tests.reports.test_backup_drill import _files, _publish_twice, _wipe_database, _wipe_media
from tests.test_deploy_files import STRONG_KEY

pytestmark = pytest.mark.django_db(transaction=True)


def _keypair(folder: Path) -> tuple[str, Path]:
    folder.mkdir(exist_ok=True)
    identity = folder / "key.txt"
    subprocess.run(["age-keygen", "-o", str(identity)], check=True, capture_output=True)
    public = subprocess.run(
        ["age-keygen", "-y", str(identity)], check=True, capture_output=True, text=True
    )
    return public.stdout.strip(), identity


@pytest.fixture
def key(tmp_path, settings):
    """The operator's key pair; the server is told only the public half."""
    recipient, identity = _keypair(tmp_path / "operator")
    settings.BACKUP_ENCRYPTION_RECIPIENTS = [recipient]
    settings.BACKUP_IDENTITY_FILE = ""
    return identity


@pytest.fixture
def backups(tmp_path):
    """BACKUP_DIR as docs/deploy.md makes it: setgid, its group the off-site puller's."""
    folder = tmp_path / "backups"
    folder.mkdir()
    os.chown(folder, -1, 65534)  # nogroup stands in for ita-backup
    folder.chmod(0o2750)
    return folder


@pytest.fixture
def sealed(key, backups, media_root, fast_pdf, approver_client, seed_assessment):
    """An encrypted archive of two published versions, then an empty database and media."""
    _publish_twice(approver_client, seed_assessment)
    before = _files()
    call_command("backup", str(backups), stdout=io.StringIO())
    (archive,) = backups.glob("ita-backup-*")
    _wipe_database()
    _wipe_media()
    yield archive, before
    if not database_tables():  # the next test needs the schema back
        _wipe_media()
        call_command("restore", str(archive), "--identity", str(key), stdout=io.StringIO())


def _refused(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", *args, stdout=io.StringIO())
    return str(refused.value)


def test_the_archive_is_an_age_container_readable_by_the_backup_group_only(sealed):
    archive, _ = sealed
    assert archive.name.endswith(".tar.gz.age")
    assert backup_age.is_encrypted(archive)
    with pytest.raises(tarfile.TarError):
        tarfile.open(archive, "r:gz").getmembers()
    info = archive.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert info.st_gid == 65534


def test_restore_decrypts_with_the_identity_and_every_file_comes_back(sealed, key):
    archive, before = sealed
    out = io.StringIO()
    call_command("restore", str(archive), "--check", "--identity", str(key), stdout=out)
    assert "สมบูรณ์" in out.getvalue()
    call_command("restore", str(archive), "--identity", str(key), stdout=io.StringIO())
    assert _files() == before


def test_the_identity_file_setting_is_used(sealed, key, settings):
    settings.BACKUP_IDENTITY_FILE = str(key)
    out = io.StringIO()
    call_command("restore", str(sealed[0]), "--check", stdout=out)
    assert "สมบูรณ์" in out.getvalue()


def test_a_missing_key_is_named(sealed):
    archive, _ = sealed
    assert _refused(str(archive)) == backup_age.ERROR_NO_IDENTITY.format(path=archive)
    assert _refused(str(archive), "--check") == backup_age.ERROR_NO_IDENTITY.format(path=archive)
    assert database_tables() == []


def test_a_wrong_key_is_named(sealed, tmp_path):
    archive, _ = sealed
    _, other = _keypair(tmp_path)
    message = _refused(str(archive), "--identity", str(other))
    assert message == backup_age.ERROR_WRONG_KEY.format(identity=other, path=archive)
    assert database_tables() == []


def test_a_changed_recipient_stanza_is_refused_as_the_key_not_opening_it(sealed, key, tmp_path):
    archive, _ = sealed
    # Another base64 letter in the stanza's key share ("-> X25519 " is 10 bytes): a valid share
    # the key does not open. Flipping a bit instead made "A" into "@" about one run in ten, which
    # age reads as a damaged stanza (unparseable base64), a different, also right, refusal.
    data = bytearray(archive.read_bytes())
    at = data.index(b"-> ") + 15
    data[at] = ord("B") if data[at] == ord("A") else ord("A")
    damaged = tmp_path / "stanza.tar.gz.age"
    damaged.write_bytes(bytes(data))
    message = _refused(str(damaged), "--identity", str(key))
    assert message == backup_age.ERROR_WRONG_KEY.format(identity=key, path=damaged)


def test_an_unreadable_key_is_named(sealed, tmp_path):
    message = _refused(str(sealed[0]), "--identity", str(tmp_path / "nothing.txt"))
    assert message.startswith(backup_age.ERROR_IDENTITY_UNREADABLE.split("{")[0])


def _changed(archive: Path, target: Path, at: int) -> Path:
    data = bytearray(archive.read_bytes())
    data[at] ^= 1
    target.write_bytes(bytes(data))
    return target


def test_a_changed_byte_of_the_encrypted_archive_restores_nothing(sealed, key, tmp_path):
    archive, _ = sealed
    size = archive.stat().st_size
    mac = archive.read_bytes().index(b"\n--- ") + 8
    for at in (mac, size // 2, size - 1):  # the header's MAC, the middle, the last chunk's tag
        damaged = _changed(archive, tmp_path / f"damaged-{at}.tar.gz.age", at)
        message = _refused(str(damaged), "--identity", str(key))
        assert message.startswith(backup_age.ERROR_DECRYPT.format(path=damaged, detail="")[:-2])
    assert database_tables() == []


def test_without_the_key_the_nightly_check_reads_the_shape_and_refuses_a_cut_archive(
    sealed, tmp_path, backups
):
    archive, _ = sealed
    out = io.StringIO()
    call_command("restore", "--check", "--without-key", str(backups), stdout=out)
    sealed_shape = backup_age.shape(archive)
    assert out.getvalue().strip() == SHAPE_ONLY.format(
        path=archive, size=sealed_shape.size, sha256=sealed_shape.sha256
    )
    data = archive.read_bytes()
    header = data.index(b"\n", data.index(b"\n--- ") + 1) + 1
    # Cut where writing stops when the disk is full: in the header, after the nonce, mid-tag.
    for n, end in enumerate((header - 10, header + 16, header + 16 + 8, 0)):
        cut = tmp_path / f"cut-{n}.tar.gz.age"
        cut.write_bytes(data[:end])
        message = _refused(str(cut), "--check", "--without-key")
        assert message.startswith(backup_age.ERROR_SHAPE.split("(")[0].format(path=cut)), end


def test_a_plain_backup_is_refused_unless_the_operator_opted_out(settings, backups):
    settings.BACKUP_ENCRYPTION_RECIPIENTS = []
    settings.BACKUP_ALLOW_UNENCRYPTED = False
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(backups), stdout=io.StringIO())
    assert str(refused.value) == ERROR_UNENCRYPTED
    assert list(backups.iterdir()) == []


def test_production_refuses_a_plain_backup_by_default(tmp_path):
    env = {
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "ita.example.go.th",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = manage("backup", str(tmp_path / "backups"), **env)
    assert result.returncode == 1
    assert ERROR_UNENCRYPTED in result.stderr
    opted_out = manage("backup", str(tmp_path / "backups"), **env, BACKUP_ALLOW_UNENCRYPTED="true")
    assert opted_out.returncode == 0, opted_out.stderr


def test_a_plain_archive_is_readable_by_the_backup_group_only(settings, backups, media_root):
    settings.BACKUP_ENCRYPTION_RECIPIENTS = []
    settings.BACKUP_ALLOW_UNENCRYPTED = True
    call_command("backup", str(backups), stdout=io.StringIO())
    (archive,) = backups.glob("ita-backup-*.tar.gz")
    info = archive.stat()
    assert (stat.S_IMODE(info.st_mode), info.st_gid) == (0o640, 65534)
