"""Reading a score file (CSV or XLSX) into its header and rows, streaming, within limits.

Nothing here knows what the columns mean. A file larger than IMPORT_MAX_BYTES, or with more
than IMPORT_MAX_ROWS lines, is refused before its rows are checked: the reading stops at the
first line over the limit. CSV is decoded line by line (UTF-8, with or without BOM); XLSX is
read by openpyxl in read-only mode, its XML parsed through defusedxml, after a check of the
size its parts declare once decompressed (a small file may expand hugely).
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from django.conf import settings

from .problems import refuse

CSV, XLSX = "csv", "xlsx"
MAX_COLUMNS: Final = 64  # the known columns are about 20; anything further right is ignored
# Declared size of an XLSX's parts once decompressed: about 1 KiB of XML per row (Excel writes
# ~40 bytes per cell) plus styles and themes. A legitimate 12,000-row file needs ~11 MB.
XLSX_BYTES_PER_ROW: Final = 1024
XLSX_FIXED_BYTES: Final = 2 * 2**20

ERROR_FILE_TYPE = "รองรับเฉพาะแฟ้ม CSV (UTF-8) และ XLSX: บันทึกแฟ้มเป็นชนิดใดชนิดหนึ่งแล้วนำเข้าใหม่"
ERROR_FILE_TOO_BIG = (
    "แฟ้มมีขนาด {size} เมกะไบต์ เกินที่รับได้ {limit} เมกะไบต์: แบ่งข้อมูลเป็นหลายแฟ้มแล้วนำเข้าทีละแฟ้ม"
)
ERROR_TOO_MANY_ROWS = (
    "แฟ้มมีข้อมูลเกิน {limit} แถว: แบ่งข้อมูลเป็นหลายแฟ้ม (เช่น แยกตามปีหรือกลุ่มหน่วยงาน) แล้วนำเข้าทีละแฟ้ม"
)
ERROR_FILE_ENCODING = (
    "อ่านแฟ้ม CSV ไม่ได้เพราะไม่ได้เข้ารหัสเป็น UTF-8: ใน Excel ให้เลือก “บันทึกเป็น” "
    "ชนิด “CSV UTF-8 (คั่นด้วยจุลภาค)” แล้วนำเข้าแฟ้มใหม่นั้น"
)
ERROR_NUL = (
    "แฟ้มมีอักขระ NUL ซึ่งไม่ควรมีในแฟ้มข้อความ (อาจไม่ใช่แฟ้ม CSV): เปิดแฟ้มใน Excel แล้วบันทึกเป็น “CSV UTF-8” ใหม่"
)
ERROR_CSV_FORMAT = (
    "อ่านแฟ้ม CSV ไม่ได้ (เช่น เครื่องหมายคำพูดไม่ครบคู่ หรือข้อมูลในช่องยาวเกินไป): "
    "เปิดแฟ้มใน Excel แล้วบันทึกเป็น “CSV UTF-8” ใหม่"
)
ERROR_FILE_UNREADABLE = (
    "อ่านแฟ้ม XLSX ไม่ได้ แฟ้มเสียหายหรือไม่ใช่ XLSX: เปิดแฟ้มใน Excel แล้วบันทึกเป็น XLSX หรือ “CSV UTF-8” ใหม่"
)
ERROR_XLSX_EXPANDS = (
    "แฟ้ม XLSX นี้เมื่อขยายออกมีขนาด {size} เมกะไบต์ เกินที่รับได้ {limit} เมกะไบต์: "
    "ลบแผ่นงานและเซลล์ที่ไม่ใช้ หรือบันทึกเป็น “CSV UTF-8” แล้วนำเข้าใหม่"
)
ERROR_XLSX_UNSAFE = (
    "ระบบนี้ยังอ่านแฟ้ม XLSX อย่างปลอดภัยไม่ได้ (ไม่มี defusedxml): "
    "บันทึกเป็น “CSV UTF-8” แล้วนำเข้าใหม่ และแจ้งผู้ดูแลระบบ"
)
ERROR_EMPTY = "แฟ้มไม่มีข้อมูล: แถวแรกต้องเป็นชื่อคอลัมน์ ตามด้วยข้อมูลหน่วยงานละหนึ่งแถว"
ERROR_DUPLICATE_COLUMN = "คอลัมน์ {column} ซ้ำกัน: ลบคอลัมน์ที่ซ้ำให้เหลือคอลัมน์เดียวแล้วนำเข้าใหม่"


Records = Generator[Sequence[Any], None, None]


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)

    @property
    def max_xlsx_expanded(self) -> int:
        return self.max_rows * XLSX_BYTES_PER_ROW + XLSX_FIXED_BYTES


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class SourceTable:
    headers: list[str]
    rows: list[SourceRow]


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0")


def kind_of(filename: str) -> str:
    """CSV or XLSX, by the file name's extension; refused otherwise."""
    name = filename.lower()
    for kind in (CSV, XLSX):
        if name.endswith("." + kind):
            return kind
    raise refuse(ERROR_FILE_TYPE)


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        message = ERROR_FILE_TOO_BIG.format(
            size=_megabytes(size), limit=_megabytes(limits.max_bytes)
        )
        raise refuse(message)


def read_path(path: Path, *, filename: str = "", limits: Limits | None = None) -> SourceTable:
    """The header and rows of the file at path, of the kind its (original) name says."""
    limits = limits or Limits.from_settings()
    kind = kind_of(filename or path.name)
    check_size(path.stat().st_size, limits)
    with path.open("rb") as stream:
        return read_stream(stream, kind=kind, limits=limits)


def read_bytes(data: bytes, *, filename: str, limits: Limits | None = None) -> SourceTable:
    """The header and rows of a file's bytes, of the kind its (original) name says."""
    limits = limits or Limits.from_settings()
    kind = kind_of(filename)
    check_size(len(data), limits)
    return read_stream(io.BytesIO(data), kind=kind, limits=limits)


def read_stream(stream: IO[bytes], *, kind: str, limits: Limits) -> SourceTable:
    """The header and rows of an open binary file (seekable for XLSX) of a checked size."""
    records = _csv_records(stream) if kind == CSV else _xlsx_records(stream, limits)
    with contextlib.closing(records):
        return _table(records, limits)


# --- CSV -------------------------------------------------------------------------------------


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """The file's lines as text; a line that is not UTF-8 stops the reading with its number."""
    for number, raw in enumerate(stream, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse(ERROR_FILE_ENCODING, line=number) from None
        if "\x00" in text:
            raise refuse(ERROR_NUL, line=number)
        yield text.removeprefix("\ufeff") if number == 1 else text


def _csv_records(stream: IO[bytes]) -> Records:
    reader = csv.reader(_decoded_lines(stream))
    try:
        yield from reader
    except csv.Error:
        raise refuse(ERROR_CSV_FORMAT, line=reader.line_num) from None


# --- XLSX ------------------------------------------------------------------------------------


def _check_expansion(stream: IO[bytes], limits: Limits) -> None:
    """Refuse a workbook whose parts declare more bytes than a score file can need.

    zipfile stops reading a part at its declared size, so the check bounds what is parsed.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise refuse(ERROR_FILE_UNREADABLE) from None
    if expanded > limits.max_xlsx_expanded:
        size, limit = _megabytes(expanded), _megabytes(limits.max_xlsx_expanded)
        raise refuse(ERROR_XLSX_EXPANDS.format(size=size, limit=limit))
    stream.seek(0)


def _xlsx_records(stream: IO[bytes], limits: Limits) -> Records:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False or defusedxml missing: no XLSX
        raise refuse(ERROR_XLSX_UNSAFE)
    _check_expansion(stream, limits)
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means the same thing to the user
        raise refuse(ERROR_FILE_UNREADABLE) from None
    try:
        sheet = workbook.worksheets[0]
        # max_row and max_col bound what openpyxl fills in for gaps (a cell at row 1,000,000
        # or column XFD would otherwise make a million empty rows or 16,384 empty cells).
        yield from sheet.iter_rows(
            max_row=limits.max_rows + 2, max_col=MAX_COLUMNS, values_only=True
        )
    except Exception:  # noqa: BLE001 - a broken or hostile worksheet (defusedxml refuses DTDs)
        raise refuse(ERROR_FILE_UNREADABLE) from None
    finally:
        workbook.close()


# --- the table -------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _headers(cells: Sequence[Any]) -> list[str]:
    headers = [_cell_text(h).lstrip("\ufeff").strip().lower() for h in cells[:MAX_COLUMNS]]
    seen: set[str] = set()
    for name in headers:
        if name and name in seen:
            raise refuse(ERROR_DUPLICATE_COLUMN.format(column=name), line=1, column=name)
        seen.add(name)
    return headers


def _table(records: Iterable[Sequence[Any]], limits: Limits) -> SourceTable:
    iterator = iter(records)
    header = next(iterator, None)
    if header is None:
        raise refuse(ERROR_EMPTY)
    headers = _headers(header)
    rows = []
    # Every line counts towards the limit, blank ones too: a file of empty lines costs as much.
    for line, cells in enumerate(iterator, start=2):
        if line > limits.max_rows + 1:
            raise refuse(ERROR_TOO_MANY_ROWS.format(limit=f"{limits.max_rows:,}"), line=line)
        texts = [_cell_text(c) for c in cells[:MAX_COLUMNS]]
        if not any(texts):
            continue  # blank lines (common at the end of spreadsheets) are not data
        values = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers) if h}
        rows.append(SourceRow(line=line, values=values))
    return SourceTable(headers=[h for h in headers if h], rows=rows)
