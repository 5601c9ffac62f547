"""Backups that restore: one tar.gz with the database, every file of the media storage (the
folder MEDIA_ROOT or the S3 bucket, read through Django's storage API) and a manifest of SHA-256
checksums; restore only into an empty database and media storage, every checksum verified before
anything is written, and each file checked again once the storage holds it. Imports no app: it works on the database as a whole.

Database: pg_dump's custom format on PostgreSQL (pg_restore reads it), a consistent copy made
with SQLite's online backup API on SQLite.

Formats: 1 is the plain tar.gz (every release so far; still written when encryption is turned
off, so an older release can restore it); 2 is the same tar.gz, its manifest saying 2, inside an
age container (ita_portal/backup_age.py). Both are read. The content is verified before it is
encrypted, so a server that holds only the public key still knows its backup is whole.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import connection

from ita_portal import backup_age
from ita_portal.lib import media
from ita_portal.lib.digests import SHA256_HEX, sha256_of_stream
from ita_portal.lib.retention import created_at

logger = logging.getLogger(__name__)

FORMAT_PLAIN = 1
FORMAT_ENCRYPTED = 2
READABLE_FORMATS = (FORMAT_PLAIN, FORMAT_ENCRYPTED)
# Readable by the off-site copy's group (BACKUP_DIR is setgid to it), never by others: the
# archive holds password hashes and personal data (encrypted, unless the operator opted out).
ARCHIVE_MODE = 0o640
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"postgresql": "database/database.pgdump", "sqlite": "database/database.sqlite3"}
CHUNK = 1024 * 1024

ERROR_VENDOR = "สำรองและกู้คืนได้เฉพาะฐานข้อมูล PostgreSQL และ SQLite (ฐานข้อมูลนี้: {vendor})"
ERROR_NO_CLIENT = (
    "ไม่พบคำสั่ง {program}: ติดตั้ง postgresql-client รุ่นเดียวกับเซิร์ฟเวอร์ "
    "(apt-get install postgresql-client-{server})"
)
ERROR_CLIENT_TOO_OLD = (
    "{program} รุ่น {client} เก่ากว่า PostgreSQL รุ่น {server} ที่ต้องใช้: "
    "ติดตั้ง postgresql-client-{server} แล้วลองใหม่"
)
ERROR_CLIENT_FAILED = "{program} ทำงานไม่สำเร็จ: {detail}"
ERROR_NOT_ARCHIVE = "{path} ไม่ใช่ไฟล์สำรองของระบบ (อ่านเป็น tar.gz ที่มี manifest.json ไม่ได้)"
ERROR_FORMAT = "ไฟล์สำรองรูปแบบที่ {found} ระบบนี้อ่านได้เฉพาะรูปแบบที่ {expected}"
ERROR_UNENCRYPTED = (
    "ไม่เขียนไฟล์สำรองที่ไม่เข้ารหัส: ตั้ง BACKUP_ENCRYPTION_RECIPIENTS เป็นกุญแจสาธารณะ age "
    "(age-keygen บนเครื่องของผู้ดูแล ดู docs/deploy.md หัวข้อ 4) "
    "หรือ BACKUP_ALLOW_UNENCRYPTED=true ถ้าตั้งใจไม่เข้ารหัส"
)
ERROR_NO_ARCHIVES = "ไม่มีไฟล์สำรอง (ita-backup-…) ในโฟลเดอร์ {path}"
ERROR_UNSAFE_MEMBER = "ไฟล์สำรองมีรายการที่ไม่ปลอดภัย: {name}"
ERROR_MANIFEST = "บัญชีไฟล์ (manifest.json) ของ {path} ผิดรูปแบบ: {problem}"
PROBLEM_NOT_OBJECT = "ต้องเป็นออบเจ็กต์ JSON"
PROBLEM_FORMAT = "format ต้องเป็นตัวเลขรูปแบบของไฟล์สำรอง"
PROBLEM_FILES = "files ต้องเป็นออบเจ็กต์ ชื่อไฟล์ → ค่า sha256 และ size"
PROBLEM_FILE_ENTRY = "รายการของไฟล์ {name} ต้องเป็นออบเจ็กต์ที่มี sha256 และ size"
PROBLEM_SHA256 = "sha256 ของไฟล์ {name} ต้องเป็นเลขฐานสิบหก 64 หลัก"
PROBLEM_SIZE = "size ของไฟล์ {name} ต้องเป็นจำนวนเต็มไม่ติดลบ"
PROBLEM_DATABASE = "database ต้องเป็นออบเจ็กต์ที่มี vendor เป็น postgresql หรือ sqlite"
PROBLEM_SERVER_MAJOR = "database.server_major ต้องเป็นจำนวนเต็ม"
PROBLEM_NO_DUMP = "ไม่มีไฟล์ฐานข้อมูล {name} ในรายการ files"
ERROR_MISSING = "ไฟล์ {name} อยู่ในบัญชีไฟล์ (manifest) แต่ไม่มีในไฟล์สำรอง"
ERROR_UNLISTED = "ไฟล์ {name} อยู่ในไฟล์สำรองแต่ไม่อยู่ในบัญชีไฟล์ (manifest)"
ERROR_CHECKSUM = "ค่า SHA-256 ของ {name} ไม่ตรงกับบัญชีไฟล์: ไฟล์สำรองเสียหายหรือถูกแก้ไข"
ERROR_VENDOR_MISMATCH = "ไฟล์สำรองนี้เป็นฐานข้อมูล {archive} แต่ฐานข้อมูลปลายทางเป็น {target}"
ERROR_DATABASE_NOT_EMPTY = (
    "ฐานข้อมูลปลายทางไม่ว่าง (มี {count} ตาราง): กู้คืนได้เฉพาะฐานข้อมูลเปล่า "
    "สร้างฐานข้อมูลใหม่ (createdb) โดยไม่ต้องรัน migrate แล้วลองใหม่"
)
ERROR_MEDIA_NOT_EMPTY = (
    "ที่เก็บไฟล์สื่อ {path} ไม่ว่าง (มี {count} ไฟล์): กู้คืนได้เฉพาะที่เก็บเปล่า ย้ายไฟล์เดิมออกก่อนแล้วลองใหม่"
)

# --- Which installation wrote an archive (issue 24) ---
# The manifest records an HMAC of a fixed label keyed with SECRET_KEY: it survives a restore
# into a fresh database (the key lives in /etc/ita-portal/env, not in the database) and tells
# nothing about the key. Archives of 0.1.0 have no such field: restored with a warning.
INSTALLATION_LABEL = b"ita-portal backup installation v1"
PROBLEM_INSTALLATION = "installation ต้องเป็นเลขฐานสิบหก 64 หลัก"
ERROR_FOREIGN_INSTALLATION = (
    "ไฟล์สำรอง {path} ไม่ได้สร้างโดยระบบนี้ (รหัสระบบในบัญชีไฟล์ไม่ตรงกับ SECRET_KEY ของเครื่องนี้) "
    "จึงไม่กู้คืน: ตรวจว่า SECRET_KEY ใน /etc/ita-portal/env เป็นค่าเดิมของระบบที่สำรองไว้ "
    "ถ้าตั้งใจกู้คืนไฟล์สำรองของระบบอื่น ให้รันซ้ำพร้อม --foreign"
)
WARNING_NO_INSTALLATION = (
    "คำเตือน: ไฟล์สำรอง {path} สร้างก่อนที่ระบบจะบันทึกรหัสระบบ (รุ่น 0.1.0) "
    "จึงตรวจไม่ได้ว่าเป็นของระบบนี้ กู้คืนต่อตามปกติ"
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Thai."""


@dataclass(frozen=True)
class ArchiveSummary:
    path: Path
    database: str  # vendor of the database in the archive; "" when it could not be read
    media_files: int
    media_bytes: int
    encrypted: bool = False
    sha256: str = ""  # of the encrypted file, when its content could not be read
    warning: str = ""  # for the operator (an archive without the installation field)


def sha256_of(path: Path) -> str:
    with path.open("rb") as file:
        return sha256_of_stream(file)


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(ERROR_VENDOR.format(vendor=connection.vendor))
    return connection.vendor


# --- PostgreSQL client programs -------------------------------------------------------------


def _server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def _client(program: str, *, at_least: int) -> str:
    """The path of pg_dump or pg_restore, refused when older than the PostgreSQL it must serve."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(ERROR_NO_CLIENT.format(program=program, server=at_least))
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    match = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    client = int(match.group(1)) if match else 0
    if client < at_least:
        raise BackupError(
            ERROR_CLIENT_TOO_OLD.format(program=program, client=client, server=at_least)
        )
    return path


def _libpq_environment() -> dict[str, str]:
    """Where and as whom to connect, passed to pg_dump/pg_restore as libpq's variables."""
    db = connection.settings_dict
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return os.environ | {key: str(value) for key, value in values.items() if value}


def _run_client(args: list[str]) -> None:
    program = Path(args[0]).name
    result = subprocess.run(args, env=_libpq_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(ERROR_CLIENT_FAILED.format(program=program, detail=" ".join(detail)))


# --- Database dump and load ------------------------------------------------------------------


def dump_database(target: Path) -> dict[str, Any]:
    """Write a consistent copy of the database to target; returns what the manifest records."""
    vendor = _vendor()
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return {"vendor": vendor, "sqlite": sqlite3.sqlite_version}
    server = _server_major()
    pg_dump = _client("pg_dump", at_least=server)
    _run_client([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])
    return {"vendor": vendor, "server_major": server}


def database_tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def load_database(source: Path, recorded: dict[str, Any]) -> None:
    """Load a dump into the (empty) database Django is configured for."""
    vendor = _vendor()
    if recorded.get("vendor") != vendor:
        raise BackupError(
            ERROR_VENDOR_MISMATCH.format(archive=recorded.get("vendor"), target=vendor)
        )
    if vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
        return
    pg_restore = _client("pg_restore", at_least=int(recorded.get("server_major", 0)))
    _run_client(
        [pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        + [f"--dbname={connection.settings_dict['NAME']}", str(source)]
    )


# --- Writing an archive ----------------------------------------------------------------------


def media_files(storage: Storage | None = None) -> list[str]:
    """The name of every file the media storage holds, in a stable order. On the file system a
    symbolic link is not a stored file (it could lead anywhere) and is left out."""
    store = storage or default_storage
    names = sorted(media.walk(store))
    if isinstance(store, FileSystemStorage):
        names = [n for n in names if not os.path.islink(store.path(n))]
    return names


def media_where(storage: Storage | None = None) -> str:
    """Where the media storage is, for messages: its folder or its bucket."""
    store = storage or default_storage
    bucket = getattr(store, "bucket_name", None)
    if bucket:
        location = getattr(store, "location", "")
        return f"s3://{bucket}/{location}".rstrip("/")
    return str(getattr(store, "location", settings.MEDIA_ROOT))


def _normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
    # The archive does not carry this machine's users; restored files belong to the restorer.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _add(tar: tarfile.TarFile, path: Path, name: str, files: dict[str, dict[str, Any]]) -> None:
    files[name] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    tar.add(path, arcname=name, recursive=False, filter=_normalised)


def _add_manifest(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    info = _normalised(tarfile.TarInfo(MANIFEST))
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o644
    tar.addfile(info, BytesIO(data))


def _recipients() -> list[str]:
    """Whom to encrypt to; refuses an unencrypted backup unless the operator opted out."""
    recipients = list(settings.BACKUP_ENCRYPTION_RECIPIENTS)
    if not recipients and not settings.BACKUP_ALLOW_UNENCRYPTED:
        raise BackupError(ERROR_UNENCRYPTED)
    return recipients


def _write_tar(target: Path, dump: Path, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(target, "w:gz") as tar:
        _add(tar, dump, DATABASE_FILES[manifest["database"]["vendor"]], files)
        for name in media_files():
            # A local copy of each stored file (a bucket's object is read once, over the network).
            with media.local_copy(name) as copy:
                _add(tar, copy, MEDIA_PREFIX + name, files)
        _add_manifest(tar, manifest | {"files": files})
    return files


def _sealed(work: Path, plain: Path, recipients: list[str]) -> Path:
    """The archive as it will be kept: verified first, then encrypted when there are recipients."""
    with tempfile.TemporaryDirectory(dir=work, prefix="verify-") as folder:
        unpack_and_verify(plain, Path(folder))
    if not recipients:
        return plain
    encrypted = work / "archive.tar.gz.age"
    try:
        backup_age.encrypt(plain, encrypted, recipients)
    except backup_age.AgeError as exc:
        raise BackupError(str(exc)) from exc
    plain.unlink()
    return encrypted


def backup_create(*, output_dir: Path) -> ArchiveSummary:
    """Write ita-backup-<UTC time>.tar.gz[.age] into output_dir: database, media, manifest."""
    recipients = _recipients()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC)
    suffix = ".tar.gz.age" if recipients else ".tar.gz"
    final = output_dir / f"ita-backup-{stamp:%Y%m%dT%H%M%SZ}{suffix}"
    # Written beside its final place, renamed when complete: a half-written backup never
    # looks like a good one. The folder is 0700, so the plain archive is the writer's only.
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".ita-backup-") as work:
        dump = Path(work) / "database"
        database = dump_database(dump)
        manifest = {
            "format": FORMAT_ENCRYPTED if recipients else FORMAT_PLAIN,
            "created_at": stamp.isoformat(),
            "database": database,
            "installation": installation_id(settings.SECRET_KEY),
        }
        files = _write_tar(Path(work) / "archive.tar.gz", dump, manifest)
        dump.unlink()  # in the archive now; the check below needs the room
        partial = _sealed(Path(work), Path(work) / "archive.tar.gz", recipients)
        partial.chmod(ARCHIVE_MODE)  # the group is BACKUP_DIR's (setgid): the off-site puller
        os.replace(partial, final)
    media = [v for k, v in files.items() if k.startswith(MEDIA_PREFIX)]
    summary = ArchiveSummary(
        final, database["vendor"], len(media), sum(v["size"] for v in media), bool(recipients)
    )
    logger.info(
        "backup written path=%s database=%s media_files=%d media_bytes=%d encrypted=%s "
        "verified=true",
        final,
        summary.database,
        summary.media_files,
        summary.media_bytes,
        summary.encrypted,
    )
    return summary


# --- Reading and verifying an archive --------------------------------------------------------


def _safe_name(info: tarfile.TarInfo) -> str:
    name = PurePosixPath(info.name)
    allowed = info.name == MANIFEST or info.name.startswith(("database/", MEDIA_PREFIX))
    if not info.isfile() or name.is_absolute() or ".." in name.parts or not allowed:
        raise BackupError(ERROR_UNSAFE_MEMBER.format(name=info.name))
    return info.name


def _file_problem(name: str, entry: object) -> str | None:
    if not isinstance(entry, dict):
        return PROBLEM_FILE_ENTRY.format(name=name)
    sha256, size = entry.get("sha256"), entry.get("size")
    if not isinstance(sha256, str) or not SHA256_HEX.fullmatch(sha256):
        return PROBLEM_SHA256.format(name=name)
    if type(size) is not int or size < 0:  # a bool is an int to isinstance()
        return PROBLEM_SIZE.format(name=name)
    return None


def _database_problem(database: object, files: dict[str, Any]) -> str | None:
    if not isinstance(database, dict) or database.get("vendor") not in DATABASE_FILES:
        return PROBLEM_DATABASE
    if type(database.get("server_major", 0)) is not int:
        return PROBLEM_SERVER_MAJOR
    if DATABASE_FILES[database["vendor"]] not in files:
        return PROBLEM_NO_DUMP.format(name=DATABASE_FILES[database["vendor"]])
    return None


def installation_id(secret_key: str) -> str:
    """This installation's identifier in the manifest: HMAC-SHA256 of a fixed label."""
    return hmac.new(secret_key.encode(), INSTALLATION_LABEL, hashlib.sha256).hexdigest()


def check_installation(manifest: dict[str, Any], archive: Path, *, foreign: bool) -> str:
    """Refuse an archive written under another SECRET_KEY (or SECRET_KEY_FALLBACKS) unless
    foreign; returns a warning for an archive without the field (written by 0.1.0), else ""."""
    recorded = manifest.get("installation")
    if recorded is None:
        logger.warning("backup restore path=%s installation=absent", archive)
        return WARNING_NO_INSTALLATION.format(path=archive)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    ours = any(hmac.compare_digest(recorded, installation_id(key)) for key in keys)
    if not ours and not foreign:
        raise BackupError(ERROR_FOREIGN_INSTALLATION.format(path=archive))
    if not ours:
        logger.warning("backup restore path=%s installation=foreign accepted=--foreign", archive)
    return ""


def manifest_problem(manifest: object) -> str | None:
    """What is wrong with the shape of a parsed manifest (in Thai), or None: every key the
    verification and the restore read is there with its type, so that none of them fails."""
    if not isinstance(manifest, dict):
        return PROBLEM_NOT_OBJECT
    if type(manifest.get("format")) is not int:
        return PROBLEM_FORMAT
    files = manifest.get("files")
    if not isinstance(files, dict):
        return PROBLEM_FILES
    for name, entry in files.items():
        if problem := _file_problem(name, entry):
            return problem
    installation = manifest.get("installation")
    if installation is not None and not (
        isinstance(installation, str) and SHA256_HEX.fullmatch(installation)
    ):
        return PROBLEM_INSTALLATION
    return _database_problem(manifest.get("database"), files)


def _read_manifest(folder: Path, archive: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(ERROR_NOT_ARCHIVE.format(path=archive)) from exc
    if problem := manifest_problem(manifest):
        raise BackupError(ERROR_MANIFEST.format(path=archive, problem=problem))
    if manifest.get("format") not in READABLE_FORMATS:
        expected = " และ ".join(str(n) for n in READABLE_FORMATS)
        raise BackupError(ERROR_FORMAT.format(found=manifest.get("format"), expected=expected))
    return manifest


def verify_files(folder: Path, files: dict[str, dict[str, Any]], present: set[str]) -> None:
    """Every listed file is there with its checksum, and nothing unlisted is."""
    unlisted = sorted(present - set(files))
    if unlisted:
        raise BackupError(ERROR_UNLISTED.format(name=unlisted[0]))
    for name, recorded in sorted(files.items()):
        if name not in present:
            raise BackupError(ERROR_MISSING.format(name=name))
        if sha256_of(folder / name) != recorded["sha256"]:
            raise BackupError(ERROR_CHECKSUM.format(name=name))


def _safe_names(members: list[tarfile.TarInfo]) -> set[str]:
    names: set[str] = set()
    for info in members:
        name = _safe_name(info)
        if name in names:  # a second copy would silently replace the first
            raise BackupError(ERROR_UNSAFE_MEMBER.format(name=name))
        names.add(name)
    return names


def _extract(tar: tarfile.TarFile, info: tarfile.TarInfo, folder: Path) -> None:
    """Write one member checked by _safe_name (a regular file under a known folder) as a new
    0600 file. Done by hand rather than with extractall(filter="data"): extraction filters
    exist only from Python 3.11.4, and Debian 12's python3 is 3.11.2. Never a link or device."""
    target = folder / PurePosixPath(info.name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    source = tar.extractfile(info)
    if source is None:
        raise BackupError(ERROR_UNSAFE_MEMBER.format(name=info.name))
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with source, os.fdopen(os.open(target, flags, 0o600), "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def unpack_and_verify(archive: Path, folder: Path) -> dict[str, Any]:
    """Unpack archive into folder and check it against its manifest; returns the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            names = _safe_names(members)
            for info in members:
                _extract(tar, info, folder)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(ERROR_NOT_ARCHIVE.format(path=archive)) from exc
    manifest = _read_manifest(folder, archive)
    verify_files(folder, manifest["files"], names - {MANIFEST})
    return manifest


# --- Restoring -------------------------------------------------------------------------------


def _refuse_unless_empty() -> None:
    tables = database_tables()
    if tables:
        raise BackupError(ERROR_DATABASE_NOT_EMPTY.format(count=len(tables)))
    existing = media_files()
    if existing:
        raise BackupError(ERROR_MEDIA_NOT_EMPTY.format(path=media_where(), count=len(existing)))


def _place_media(folder: Path, files: dict[str, dict[str, Any]]) -> int:
    """Write the verified media files into the media storage under their own names and check
    each again as the storage gives it back."""
    placed = 0
    for name, recorded in sorted(files.items()):
        if not name.startswith(MEDIA_PREFIX):
            continue
        stored = name.removeprefix(MEDIA_PREFIX)
        with (folder / name).open("rb") as source:
            saved = default_storage.save(stored, File(source, name=stored))
        with default_storage.open(saved, "rb") as landed:
            whole = sha256_of_stream(landed) == recorded["sha256"]
        if saved != stored or not whole:
            raise BackupError(ERROR_CHECKSUM.format(name=name))
        placed += 1
    return placed


def _identity(identity: Path | None) -> Path | None:
    if identity is not None:
        return identity
    configured = settings.BACKUP_IDENTITY_FILE
    return Path(configured) if configured else None


def _plain(archive: Path, work: Path, identity: Path | None) -> Path:
    """The tar.gz inside archive: archive itself (format 1), or decrypted into work."""
    try:
        if not backup_age.is_encrypted(archive):
            return archive
        plain = work / "decrypted.tar.gz"
        backup_age.decrypt(archive, plain, _identity(identity))
    except OSError as exc:
        raise BackupError(ERROR_NOT_ARCHIVE.format(path=archive)) from exc
    except backup_age.AgeError as exc:
        raise BackupError(str(exc)) from exc
    return plain


def backup_restore(
    *, archive: Path, identity: Path | None = None, foreign: bool = False
) -> ArchiveSummary:
    """Restore archive into the empty database and media folder Django is configured for;
    an archive of another installation only with foreign."""
    _refuse_unless_empty()
    # Unpacked beside MEDIA_ROOT (room for the media is planned there), then written to the storage.
    work_parent = Path(settings.MEDIA_ROOT).parent
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".ita-restore-") as work:
        folder = Path(work) / "archive"
        plain = _plain(archive, Path(work), identity)
        manifest = unpack_and_verify(plain, folder)
        warning = check_installation(manifest, archive, foreign=foreign)
        database = manifest["database"]
        load_database(folder / DATABASE_FILES[database["vendor"]], database)
        placed = _place_media(folder, manifest["files"])
    size = sum(v["size"] for k, v in manifest["files"].items() if k.startswith(MEDIA_PREFIX))
    logger.info(
        "backup restored path=%s database=%s media_files=%d", archive, database["vendor"], placed
    )
    return ArchiveSummary(
        archive, database["vendor"], placed, size, plain != archive, warning=warning
    )


def newest_archive(folder: Path) -> Path:
    """The archive in folder with the latest creation time in its name."""
    dated = [(created_at(p.name), p) for p in folder.iterdir() if p.is_file()]
    archives = sorted((moment, p) for moment, p in dated if moment is not None)
    if not archives:
        raise BackupError(ERROR_NO_ARCHIVES.format(path=folder))
    return archives[-1][1]


def _shape_only(archive: Path) -> ArchiveSummary:
    """What can be checked of an encrypted archive without its key (backup_age.shape)."""
    try:
        sealed = backup_age.shape(archive)
    except backup_age.AgeError as exc:
        raise BackupError(str(exc)) from exc
    logger.info("backup checked path=%s content=unread sha256=%s", archive, sealed.sha256)
    return ArchiveSummary(archive, "", 0, sealed.size, encrypted=True, sha256=sealed.sha256)


def backup_verify(
    *, archive: Path, identity: Path | None = None, without_key: bool = False
) -> ArchiveSummary:
    """Check an archive against its manifest without restoring anything. An encrypted one is
    decrypted with the identity; with without_key and no identity, only its shape is checked."""
    if archive.is_dir():
        archive = newest_archive(archive)
    identity = _identity(identity)
    try:
        encrypted = backup_age.is_encrypted(archive)
    except OSError as exc:
        raise BackupError(ERROR_NOT_ARCHIVE.format(path=archive)) from exc
    if without_key and identity is None and encrypted:
        return _shape_only(archive)
    with tempfile.TemporaryDirectory(prefix=".ita-verify-") as work:
        plain = _plain(archive, Path(work), identity)
        manifest = unpack_and_verify(plain, Path(work) / "archive")
    media = [v for k, v in manifest["files"].items() if k.startswith(MEDIA_PREFIX)]
    logger.info("backup checked path=%s content=verified", archive)
    return ArchiveSummary(
        archive,
        manifest["database"]["vendor"],
        len(media),
        sum(v["size"] for v in media),
        plain != archive,
    )
