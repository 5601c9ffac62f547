"""The restore drill: publish, back up, wipe database and media, restore — every published PDF
is byte-identical and served again at its public URL; a damaged archive restores nothing."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from PIL import Image

from assessments.models import Assessment
from ita_portal.backup import (
    ERROR_CHECKSUM,
    ERROR_DATABASE_NOT_EMPTY,
    ERROR_FOREIGN_INSTALLATION,
    ERROR_MEDIA_NOT_EMPTY,
    ERROR_UNSAFE_MEMBER,
    MANIFEST,
    WARNING_NO_INSTALLATION,
    database_tables,
    media_files,
)
from ita_portal.lib.media import read_bytes
from ita_portal.management.commands.restore import ERROR_FOLDER_RESTORE

pytestmark = pytest.mark.django_db(transaction=True)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _publish_twice(approver_client, assessment) -> list[str]:
    """Two published versions, as an approver publishes them; returns their public PDF URLs."""
    code, year = assessment.agency.code, assessment.fiscal_year
    for n in range(2):
        # A real change each time: publishing unchanged content makes no new version.
        Assessment.objects.filter(pk=assessment.pk).update(foreword=f"คำนำฉบับที่ {n + 1}")
        assert approver_client.post(f"/manage/reports/{assessment.pk}/publish/").status_code == 302
    assert assessment.publications.count() == 2
    return [f"/reports/{code}/{year}/v{n}.pdf" for n in (1, 2)]


def _downloads(client, urls: list[str]) -> dict[str, bytes]:
    result = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        result[url] = b"".join(response.streaming_content)
    return result


def _files() -> dict[str, bytes]:
    """Every stored media file's name and bytes (a folder or an S3 prefix)."""
    return {name: read_bytes(name) for name in media_files()}


def _wipe_media() -> None:
    for name in media_files():
        default_storage.delete(name)
    assert media_files() == []


def _wipe_database() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in database_tables():
                cursor.execute(f'DROP TABLE "{table}"')
    assert database_tables() == []


def _restore_refused(archive: Path, message_start: str) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert str(refused.value).startswith(message_start)


def _drill(tmp_path, demo, approver_client, staff_client, seed_assessment) -> None:
    from committees import services
    from committees.models import Meeting

    photo = services.meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=Meeting.objects.filter(agency=seed_assessment.agency).first(),
        image=SimpleUploadedFile("a.png", _png(), "image/png"),
    )
    urls = _publish_twice(approver_client, seed_assessment)
    urls += [f"/media/{p.pdf.name}" for p in seed_assessment.publications.all()]
    before_public = _downloads(Client(), urls)
    before_staff = _downloads(staff_client, [f"/committees/photos/{photo.key}/"])
    before_files = _files()
    assert len(before_files) == 3  # two PDFs and the photo

    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("ita-backup-*.tar.gz")

    _restore_refused(archive, ERROR_DATABASE_NOT_EMPTY.split("(")[0])
    _wipe_database()
    _restore_refused(archive, ERROR_MEDIA_NOT_EMPTY.split("{")[0])
    _wipe_media()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert _files() == before_files  # every file byte-identical, under its own name
    assert _downloads(Client(), urls) == before_public
    assert _downloads(staff_client, [f"/committees/photos/{photo.key}/"]) == before_staff


def test_restore_drill_on_sqlite(
    tmp_path, media_root, fast_pdf, demo, approver_client, staff_client, seed_assessment
):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite drill; PostgreSQL has its own")
    _drill(tmp_path, demo, approver_client, staff_client, seed_assessment)


@pytest.mark.postgres
def test_restore_drill_on_postgresql(
    tmp_path, media_root, fast_pdf, demo, approver_client, staff_client, seed_assessment
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_dump and pg_restore)")
    _drill(tmp_path, demo, approver_client, staff_client, seed_assessment)


def _rewrite(archive: Path, target: Path, change) -> None:
    """Copy archive to target, passing each member's (info, bytes) through change()."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            info, data = change(info, data)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))


@pytest.fixture
def archive_and_empty_target(tmp_path, media_root, fast_pdf, approver_client, seed_assessment):
    """An archive of a published report, then an empty database and media folder."""
    _publish_twice(approver_client, seed_assessment)
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("ita-backup-*.tar.gz")
    _wipe_database()
    _wipe_media()
    yield archive
    # The next test needs the schema back (the test database is flushed, not rebuilt).
    if not database_tables():
        _wipe_media()
        call_command("restore", str(archive), stdout=io.StringIO())


def test_a_changed_byte_restores_nothing(archive_and_empty_target, tmp_path, media_root):
    def flip_a_pdf_byte(info, data):
        if info.name.endswith(".pdf"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        return info, data

    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(archive_and_empty_target, damaged, flip_a_pdf_byte)
    _restore_refused(damaged, ERROR_CHECKSUM.split("{")[0])
    assert database_tables() == []
    assert _files() == {}


def test_a_path_leaving_the_media_folder_is_refused(archive_and_empty_target, tmp_path):
    def escape(info, data):
        if info.name.endswith(".pdf"):
            info.name = "media/../../escaped.pdf"
        return info, data

    hostile = tmp_path / "hostile.tar.gz"
    _rewrite(archive_and_empty_target, hostile, escape)
    _restore_refused(hostile, ERROR_UNSAFE_MEMBER.split("{")[0])
    assert database_tables() == []
    assert not (tmp_path.parent / "escaped.pdf").exists()


def test_check_verifies_an_archive_without_restoring(archive_and_empty_target):
    out = io.StringIO()
    call_command("restore", str(archive_and_empty_target), "--check", stdout=out)
    assert "สมบูรณ์" in out.getvalue()
    assert database_tables() == []
    with tarfile.open(archive_and_empty_target) as tar:
        assert MANIFEST in tar.getnames()


@pytest.fixture
def tarfile_of_debian_12(monkeypatch):
    """tarfile as Debian 12's Python 3.11.2 has it: no extraction filters (they came in 3.11.4)."""

    def refusing_filter(method):
        def without_filter(self, *args, **kwargs):
            if "filter" in kwargs:
                raise TypeError(
                    f"TarFile.{method.__name__}() got an unexpected keyword argument 'filter'"
                )
            return method(self, *args, **kwargs)

        return without_filter

    for name in ("extractall", "extract"):
        monkeypatch.setattr(tarfile.TarFile, name, refusing_filter(getattr(tarfile.TarFile, name)))
    for name in ("data_filter", "tar_filter", "fully_trusted_filter"):
        monkeypatch.delattr(tarfile, name, raising=False)


def test_check_and_restore_work_with_the_tarfile_of_debian_12(
    archive_and_empty_target, tarfile_of_debian_12, media_root
):
    out = io.StringIO()
    call_command("restore", str(archive_and_empty_target), "--check", stdout=out)
    call_command("restore", str(archive_and_empty_target), stdout=out)
    assert database_tables() != []
    assert len([n for n in media_files() if n.endswith(".pdf")]) == 2


def test_a_link_in_the_archive_is_refused(archive_and_empty_target, tmp_path):
    def link_to_a_system_file(info, data):
        if info.name.endswith(".pdf"):
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            data = b""
        return info, data

    hostile = tmp_path / "hostile.tar.gz"
    _rewrite(archive_and_empty_target, hostile, link_to_a_system_file)
    _restore_refused(hostile, ERROR_UNSAFE_MEMBER.split("{")[0])
    assert database_tables() == []


def test_a_name_given_twice_is_refused(archive_and_empty_target, tmp_path):
    copy = tmp_path / "twice.tar.gz"
    with tarfile.open(archive_and_empty_target) as source, tarfile.open(copy, "w:gz") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            for _ in range(2 if info.name.endswith(".pdf") else 1):
                target.addfile(info, io.BytesIO(data))
    _restore_refused(copy, ERROR_UNSAFE_MEMBER.split("{")[0])
    assert database_tables() == []


def test_the_nightly_check_of_a_folder_reads_its_newest_archive(archive_and_empty_target, tmp_path):
    """ExecStartPost runs restore --check on BACKUP_DIR: a damaged newest archive fails it."""
    folder = tmp_path / "nightly"
    folder.mkdir()
    shutil.copy(archive_and_empty_target, folder / "ita-backup-20260104T193000Z.tar.gz")

    def flip_a_pdf_byte(info, data):
        if info.name.endswith(".pdf"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        return info, data

    call_command("restore", "--check", "--without-key", str(folder), stdout=io.StringIO())
    _rewrite(
        archive_and_empty_target, folder / "ita-backup-20260105T193000Z.tar.gz", flip_a_pdf_byte
    )
    with pytest.raises(CommandError) as refused:
        call_command("restore", "--check", "--without-key", str(folder), stdout=io.StringIO())
    assert str(refused.value).startswith(ERROR_CHECKSUM.split("{")[0])


def test_a_folder_is_checked_but_never_restored(archive_and_empty_target):
    _restore_refused(archive_and_empty_target.parent, ERROR_FOLDER_RESTORE.split("(")[0])
    assert database_tables() == []


def test_an_archive_of_another_installation_is_refused_unless_foreign(
    archive_and_empty_target, settings, media_root
):
    """Issue 24: the manifest was not tied to the installation, so another installation's
    archive restored. The fixture's teardown restores it under its own SECRET_KEY."""
    settings.SECRET_KEY = "another-installation-" + "k" * 50
    _restore_refused(archive_and_empty_target, ERROR_FOREIGN_INSTALLATION.split("{")[0])
    assert "--foreign" in ERROR_FOREIGN_INSTALLATION
    assert database_tables() == []
    assert _files() == {}
    out = io.StringIO()
    call_command("restore", str(archive_and_empty_target), "--foreign", stdout=out)
    assert "กู้คืนแล้ว" in out.getvalue()
    assert database_tables()


def test_an_archive_from_before_the_installation_field_restores_with_a_warning(
    archive_and_empty_target, tmp_path
):
    def without_installation(info, data):
        if info.name == MANIFEST:
            manifest = json.loads(data)
            del manifest["installation"]
            data = json.dumps(manifest).encode()
        return info, data

    older = tmp_path / "older.tar.gz"
    _rewrite(archive_and_empty_target, older, without_installation)
    err = io.StringIO()
    call_command("restore", str(older), stdout=io.StringIO(), stderr=err)
    assert WARNING_NO_INSTALLATION.format(path=older) in err.getvalue()
    assert database_tables()
