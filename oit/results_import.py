"""The assessors' results of a year, imported from a file instead of typed item by item.

The file is a CSV (UTF-8, with or without BOM; Excel's "CSV UTF-8" works) with a header row:
`code, preliminary_result, preliminary_comment, final_result` (the last two may be missing or
empty). Results are written ผ่าน / ไม่ผ่าน, passed / failed, or left empty. Every line is checked
first: one bad line and nothing is written, each problem named by its line.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import Assessment
from ita_portal.lib.events import log_event
from ita_portal.lib.users import Actor

from .models import Evidence
from .services import default_due_date, evidence_touch, items_in_force, require_edit

REQUIRED_COLUMNS = ("code", "preliminary_result")
OPTIONAL_COLUMNS = ("preliminary_comment", "final_result")
MAX_BYTES = 1024 * 1024
logger = logging.getLogger(__name__)
RESULT_WORDS = {
    "": "",
    "ผ่าน": Evidence.Result.PASSED,
    "passed": Evidence.Result.PASSED,
    "pass": Evidence.Result.PASSED,
    "ไม่ผ่าน": Evidence.Result.FAILED,
    "failed": Evidence.Result.FAILED,
    "fail": Evidence.Result.FAILED,
}
ERROR_TOO_LARGE = "แฟ้มผลการประเมินใหญ่เกิน 1 เมกะไบต์"
ERROR_ENCODING = "อ่านแฟ้มไม่ได้: บันทึกแฟ้มเป็น CSV แบบ UTF-8 แล้วลองใหม่"
ERROR_COLUMNS = "ไม่พบคอลัมน์ {columns} ในบรรทัดแรกของแฟ้ม"
ERROR_RESULT = "บรรทัด {line}: ผล “{value}” ไม่รู้จัก ใช้ ผ่าน หรือ ไม่ผ่าน"
ERROR_ITEM = "บรรทัด {line}: ไม่พบข้อ {code} ในข้อการประเมินของปีงบประมาณ พ.ศ. {year}"
ERROR_TWICE = "บรรทัด {line}: ข้อ {code} ซ้ำกับบรรทัดก่อนหน้า"
ERROR_EMPTY = "แฟ้มไม่มีผลการประเมินข้อใดเลย"
ERROR_NUL = (
    "บรรทัด {line}: มีอักขระควบคุม NUL (รหัส 0) ซึ่งระบบไม่รับ บันทึกแฟ้มใหม่จากโปรแกรมตารางคำนวณแล้วลองใหม่"
)
ERROR_CSV_FORMAT = (
    "บรรทัด {line}: อ่านเป็น CSV ไม่ได้ (ช่องยาวเกินกำหนดหรือเครื่องหมายคำพูดไม่ครบคู่) ตรวจแฟ้มแล้วลองใหม่"
)


@dataclass(frozen=True)
class ResultRow:
    line: int
    code: str
    preliminary: str
    comment: str
    final: str


def read_results_csv(data: bytes) -> list[ResultRow]:
    """The file's rows, or ValidationError with every problem by line (in Thai)."""
    if len(data) > MAX_BYTES:
        raise ValidationError(ERROR_TOO_LARGE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(ERROR_ENCODING) from exc
    _refuse_nul(text)
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _rows(reader)
    except csv.Error:
        # A field over csv's limit (128 KB) or a broken quote: named by its line, not a traceback
        # (line_num counts the lines read before the one that failed).
        raise ValidationError(ERROR_CSV_FORMAT.format(line=reader.line_num + 1)) from None


def _refuse_nul(text: str) -> None:
    """PostgreSQL stores no NUL in text: the first line that holds one, by its number."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ValidationError(ERROR_NUL.format(line=line))


def _rows(reader: csv.DictReader[str]) -> list[ResultRow]:
    headers = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ValidationError(ERROR_COLUMNS.format(columns=", ".join(missing)))
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        values = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        try:
            rows.append(_row(line, values))
        except ValidationError as error:
            errors += error.messages
    if errors:
        raise ValidationError(errors)
    return rows


def _row(line: int, values: dict[str, str]) -> ResultRow:
    results = []
    for column in ("preliminary_result", "final_result"):
        word = values.get(column, "")
        if word.lower() not in RESULT_WORDS:
            raise ValidationError(ERROR_RESULT.format(line=line, value=word))
        results.append(RESULT_WORDS[word.lower()])
    code = values.get("code", "").upper()
    return ResultRow(line, code, results[0], values.get("preliminary_comment", ""), results[1])


@transaction.atomic
def results_import(*, user: Actor, assessment: Assessment, rows: Sequence[ResultRow]) -> int:
    """Write the assessors' results of the listed items (all or nothing); returns how many.

    An item without evidence yet gets its row; notes, links and states staff wrote are kept.
    """
    require_edit(user, assessment)
    if not rows:
        raise ValidationError(ERROR_EMPTY)
    items = {item.code.upper(): item for item in items_in_force(assessment)}
    existing = {e.item_id: e for e in assessment.oit_evidence.all()}
    errors, seen, changed = [], set(), []
    for row in rows:
        item = items.get(row.code)
        if item is None or row.code in seen:
            template = ERROR_ITEM if item is None else ERROR_TWICE
            errors.append(
                template.format(line=row.line, code=row.code, year=assessment.fiscal_year)
            )
            continue
        seen.add(row.code)
        evidence = existing.get(item.pk) or Evidence(
            assessment=assessment, item=item, due_date=default_due_date(assessment)
        )
        evidence.preliminary_result = row.preliminary
        evidence.preliminary_comment = row.comment
        evidence.final_result = row.final
        try:
            evidence.full_clean()
        except ValidationError as error:
            errors += [f"บรรทัด {row.line} ({row.code}): {m}" for m in error.messages]
        changed.append(evidence)
    if errors:
        raise ValidationError(errors)
    for evidence in changed:
        evidence.save()
        evidence_touch(evidence=evidence)
    log_event(logger, "oit.results_import", user=user, obj=assessment, items=len(changed))
    return len(changed)
