"""Backups encrypted at rest with age (Debian's `age` package): X25519 recipients, so the server
holds only the public key and a copy of its backups is unreadable without the operator's
identity file, kept off the machine. age authenticates every 64 KiB chunk and the header, so a
changed or truncated archive does not decrypt.

Without the identity, a container can still be checked for its shape (the header, and a payload
whose length fits age's chunking): what the server itself can say about the archive it just
wrote, after having verified the archive's content before encrypting it.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"age-encryption.org/v1\n"
CHUNK = 64 * 1024
TAG = 16
NONCE = 16
MAX_HEADER = 64 * 1024

ERROR_NO_AGE = "ไม่พบคำสั่ง age: ติดตั้งด้วย apt-get install age"
ERROR_NO_IDENTITY = (
    "ไฟล์สำรอง {path} เข้ารหัสไว้: ระบุไฟล์กุญแจถอดรหัส (BACKUP_IDENTITY_FILE หรือ --identity) "
    "ซึ่งเก็บไว้นอกเครื่องแอป"
)
ERROR_IDENTITY_UNREADABLE = "อ่านไฟล์กุญแจถอดรหัส {path} ไม่ได้: {detail}"
ERROR_WRONG_KEY = (
    "กุญแจถอดรหัส {identity} เปิดไฟล์สำรอง {path} ไม่ได้: ใช้ไฟล์กุญแจคู่กับ "
    "BACKUP_ENCRYPTION_RECIPIENTS ที่ใช้ตอนสำรอง (ถ้ากุญแจถูกต้อง ส่วนหัวของไฟล์ถูกแก้ไข)"
)
ERROR_DECRYPT = "ถอดรหัสไฟล์สำรอง {path} ไม่สำเร็จ: ไฟล์เสียหายหรือถูกแก้ไข ({detail})"
ERROR_ENCRYPT = "เข้ารหัสไฟล์สำรองไม่สำเร็จ ตรวจค่า BACKUP_ENCRYPTION_RECIPIENT: {detail}"
ERROR_SHAPE = "ไฟล์สำรองเข้ารหัส {path} ไม่ครบหรือเสียหาย ({detail})"


class AgeError(Exception):
    """Encryption or decryption that cannot go on; the message says why, in Thai."""


@dataclass(frozen=True)
class Shape:
    recipients: int  # how many recipient stanzas the header has
    sha256: str  # of the whole encrypted file, to compare with a copy elsewhere
    size: int


def is_encrypted(path: Path) -> bool:
    """By its content, or by its name (a damaged container is still one)."""
    with path.open("rb") as file:
        return file.read(len(MAGIC)) == MAGIC or path.name.endswith(".age")


def _age() -> str:
    program = shutil.which("age")
    if program is None:
        raise AgeError(ERROR_NO_AGE)
    return program


def _detail(result: subprocess.CompletedProcess[str]) -> str:
    return " ".join(result.stderr.strip().splitlines()) or f"exit {result.returncode}"


def encrypt(source: Path, target: Path, recipients: list[str]) -> None:
    args = [_age(), "--encrypt", "--output", str(target)]
    for recipient in recipients:
        args += ["--recipient", recipient]
    result = subprocess.run([*args, str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise AgeError(ERROR_ENCRYPT.format(detail=_detail(result)))


def decrypt(source: Path, target: Path, identity: Path | None) -> None:
    """Decrypt source into target; nothing is left in target unless every chunk authenticated."""
    if identity is None:
        raise AgeError(ERROR_NO_IDENTITY.format(path=source))
    try:
        identity.read_bytes()
    except OSError as exc:
        raise AgeError(
            ERROR_IDENTITY_UNREADABLE.format(path=identity, detail=exc.strerror)
        ) from exc
    args = [_age(), "--decrypt", "--identity", str(identity), "--output", str(target)]
    result = subprocess.run([*args, str(source)], capture_output=True, text=True)
    if result.returncode == 0:
        return
    target.unlink(missing_ok=True)  # age writes as it goes: a partial plaintext is worthless
    if "no identity matched" in result.stderr:
        raise AgeError(ERROR_WRONG_KEY.format(identity=identity, path=source))
    raise AgeError(ERROR_DECRYPT.format(path=source, detail=_detail(result)))


def _header(data: bytes, path: Path) -> tuple[int, int]:
    """The header's length and its number of recipient stanzas."""
    end = data.find(b"\n---", 0, MAX_HEADER)
    if not data.startswith(MAGIC) or end < 0:
        raise AgeError(ERROR_SHAPE.format(path=path, detail="header"))
    mac_end = data.find(b"\n", end + 1)
    if mac_end < 0:
        raise AgeError(ERROR_SHAPE.format(path=path, detail="header MAC"))
    return mac_end + 1, data[:end].count(b"\n-> ")


def _payload_fits(length: int) -> bool:
    """A nonce, then chunks of CHUNK+TAG bytes; only the last is shorter, and never empty
    unless it is the only one."""
    sealed = length - NONCE
    if sealed < TAG:
        return False
    rest = sealed % (CHUNK + TAG)
    return rest == 0 or rest > TAG or sealed == TAG


def shape(path: Path) -> Shape:
    """Read the whole container and check its shape, without any key."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        head = file.read(MAX_HEADER)
        digest.update(head)
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    header_length, recipients = _header(head, path)
    size = path.stat().st_size
    if recipients == 0 or not _payload_fits(size - header_length):
        raise AgeError(ERROR_SHAPE.format(path=path, detail="payload"))
    return Shape(recipients, digest.hexdigest(), size)
