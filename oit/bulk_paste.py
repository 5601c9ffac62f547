"""Reading a pasted URL list: "O1 https://…" lines, or rows copied from a spreadsheet or ITAS.

Pure: no database. Every line is checked; the caller writes nothing when any line is wrong.
A paste is bounded (each link may later be fetched by the link checker): at most max_lines
lines, at most max_links_per_item distinct links per item. A link given twice for one item is
kept once, and the later lines that repeat it are noted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from ita_portal.lib import thai

from .models import URL_MAX_LENGTH, http_url

# Defaults of settings.OIT_PASTE_MAX_LINES and settings.OIT_MAX_LINKS_PER_ITEM.
MAX_LINES = 200
MAX_LINKS_PER_ITEM = 10

ERROR_EMPTY = "ไม่พบรายการลิงก์ที่จะบันทึก กรุณาวางบรรทัดละหนึ่งข้อ เช่น O1 https://www.example.go.th/structure"
ERROR_TOO_MANY_LINES = "วางได้ครั้งละไม่เกิน {limit} บรรทัด (วางมา {count} บรรทัด)"
ERROR_NO_CODE = "บรรทัดที่ {line}: ไม่พบรหัสข้อ (เช่น O1) ที่ต้นบรรทัด"
ERROR_UNKNOWN_CODE = "บรรทัดที่ {line}: ไม่มีข้อ {code} ในปีงบประมาณ พ.ศ. {year}"
ERROR_RETIRED_CODE = "บรรทัดที่ {line}: ข้อ {code} ยกเลิกแล้วในปีงบประมาณ พ.ศ. {year}"
ERROR_NO_URL = "บรรทัดที่ {line}: ไม่พบลิงก์ของข้อ {code}"
ERROR_BAD_URL = "บรรทัดที่ {line}: ลิงก์ “{url}” ไม่ถูกต้อง (ต้องขึ้นต้นด้วย http:// หรือ https://)"
ERROR_LONG_URL = "บรรทัดที่ {line}: ลิงก์ยาวเกิน {limit} ตัวอักษร"
ERROR_TOO_MANY_LINKS = (
    "บรรทัดที่ {line}: ข้อ {code} มีลิงก์เกิน {limit} ลิงก์ (แต่ละข้อมีลิงก์ได้ไม่เกิน {limit} ลิงก์)"
)

# "O1", "o 1", "O๑", "O01", "ข้อ O1", "O1." → O1
CODE = re.compile(r"^(?:ข้อ\s*)?([Oo])\s?(\d{1,3})[.:)]?$")
URL_LIKE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)")


@dataclass
class PastedLine:
    """A good line: its item, its links, and which of them an earlier line already gave
    (url → the number of the line that first gave it)."""

    number: int
    code: str
    urls: list[str]
    repeats: dict[str, int] = field(default_factory=dict)


@dataclass
class PastedUrls:
    """Item code → URLs in the order pasted; the good lines; errors in Thai, one per bad line."""

    urls: dict[str, list[str]] = field(default_factory=dict)
    lines: list[PastedLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def normalise_code(token: str) -> str | None:
    match = CODE.match(thai.to_arabic_digits(token.strip()))
    return f"O{int(match.group(2))}" if match else None


def _cells(line: str) -> list[str]:
    """Tab-separated cells (a spreadsheet row) or else whitespace-separated words."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t") if cell.strip()]
    return line.split()


def _code_of(cells: list[str]) -> str | None:
    """The item code at the start: "O1", "O1 โครงสร้าง" in one cell, "O 1" or "ข้อ O1"."""
    head = cells[0].split() + cells[1:2]
    for candidate in (head[0], " ".join(head[:2])):
        code = normalise_code(candidate)
        if code is not None:
            return code
    return None


def _url_errors(number: int, urls: list[str]) -> list[str]:
    errors = []
    for url in urls:
        if len(url) > URL_MAX_LENGTH:
            errors.append(ERROR_LONG_URL.format(line=number, limit=URL_MAX_LENGTH))
            continue
        try:
            http_url(url)
        except ValidationError:
            errors.append(ERROR_BAD_URL.format(line=number, url=url))
    return errors


def _line_errors(
    number: int,
    code: str | None,
    urls: list[str],
    known: Collection[str],
    retired: Collection[str],
    year: int,
) -> list[str]:
    if code is None:
        return [ERROR_NO_CODE.format(line=number)]
    if code in retired:
        return [ERROR_RETIRED_CODE.format(line=number, code=code, year=year)]
    if code not in known:
        return [ERROR_UNKNOWN_CODE.format(line=number, code=code, year=year)]
    if not urls:
        return [ERROR_NO_URL.format(line=number, code=code)]
    return _url_errors(number, urls)


def parse_pasted_urls(
    text: str,
    *,
    known: Collection[str],
    retired: Collection[str] = (),
    year: int,
    max_lines: int = MAX_LINES,
    max_links_per_item: int = MAX_LINKS_PER_ITEM,
) -> PastedUrls:
    """Read every line; a first line without code or link (a column header) is skipped."""
    lines = text.splitlines()
    result = PastedUrls()
    if len(lines) > max_lines:
        result.errors.append(ERROR_TOO_MANY_LINES.format(limit=max_lines, count=len(lines)))
        return result
    first_line: dict[tuple[str, str], int] = {}
    seen_content = False
    for number, line in enumerate(lines, start=1):
        cells = _cells(line)
        if not cells:
            continue
        urls = [c for cell in cells for c in cell.split() if URL_LIKE.match(c)]
        code = _code_of(cells)
        if not seen_content and code is None and not urls:
            seen_content = True
            continue  # a header row copied with the table
        seen_content = True
        errors = _line_errors(number, code, urls, known, retired, year)
        if errors:
            result.errors.extend(errors)
        elif code is not None:
            _add_line(result, PastedLine(number, code, urls), first_line, max_links_per_item)
    if not result.urls and not result.errors:
        result.errors.append(ERROR_EMPTY)
    return result


def _add_line(
    result: PastedUrls, line: PastedLine, first_line: dict[tuple[str, str], int], limit: int
) -> None:
    """Add a good line's links to its item's, noting repeats; refuse the line past the limit."""
    bucket = result.urls.setdefault(line.code, [])
    was_full = len(bucket) > limit
    for url in line.urls:
        first = first_line.setdefault((line.code, url), line.number)
        if first != line.number:
            line.repeats[url] = first
        elif url not in bucket:  # (a link given twice on its own line counts once)
            bucket.append(url)
    if len(bucket) > limit and not was_full:  # said once, at the line that goes past it
        result.errors.append(
            ERROR_TOO_MANY_LINKS.format(line=line.number, code=line.code, limit=limit)
        )
    result.lines.append(line)
