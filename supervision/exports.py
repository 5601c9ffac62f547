"""The console's table as a file: one row per unit, CSV or XLSX.

Written by assessments.results.exports (formula cells neutralised there, once for every export).
The columns follow what is known of OBEC's "Score-Final" sheet — code, name, the unit it belongs
to, total, grade, each indicator's score — then the pipeline; the sheet's own headers are not
in the project's sources, so the headers are Thai names of our own (docs/supervision.md).
"""

from __future__ import annotations

from typing import Any

from assessments.results.exports import CONTENT_TYPES as RESULT_CONTENT_TYPES
from assessments.results.exports import write_csv, write_xlsx
from reports.workspace import DONE

from .console import ConsoleData
from .rollup import MOVEMENT_LABELS
from .units import UnitRow

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {f: RESULT_CONTENT_TYPES[f] for f in FORMATS}
HEAD = (
    "รหัสหน่วยงาน",
    "ชื่อหน่วยงาน",
    "สังกัด",
    "ประเภทหน่วยงาน",
    "ผู้ออกเกณฑ์",
    "คะแนนรวม",
    "ระดับคะแนน",
    "ผลการประเมิน",
)
INDICATOR = "ตัวชี้วัดที่ {number}"
TAIL = (
    "สถานะ",
    "กรอกคะแนน",
    "ผลการวิเคราะห์",
    "เผยแพร่รายงาน",
    "ติดตามผล ไตรมาส 1",
    "ติดตามผล ไตรมาส 2",
    "ติดตามผล ไตรมาส 3",
    "ติดตามผล ไตรมาส 4",
    "ข้อ O พร้อมส่ง",
    "ข้อ O ทั้งหมด",
    "ลิงก์หลักฐานเสีย",
    "เลยกำหนด",
    "เทียบกับปีก่อน",
)
YES, NO = "เสร็จแล้ว", "ยังไม่เสร็จ"


def columns_for(data: ConsoleData) -> list[str]:
    numbers = sorted({c.number for row in data.rows for c in row.cells})
    return [*HEAD, *(INDICATOR.format(number=n) for n in numbers), *TAIL]


def _done(row: UnitRow, key: str) -> str:
    step = row.step.get(key)
    if step is None:
        return ""
    return YES if step.state == DONE else NO


def _row(row: UnitRow) -> dict[str, Any]:
    values: dict[str, Any] = dict(
        zip(
            HEAD,
            (row.code, row.name, row.parent_name, row.kind, row.issuer, row.total, row.grade),
            strict=False,
        )
    )
    values["ผลการประเมิน"] = row.level_name
    values.update({INDICATOR.format(number=c.number): c.score for c in row.cells})
    quarters = {f"ติดตามผล ไตรมาส {q.quarter}": q.label for q in row.quarters}
    values.update(
        {
            "สถานะ": row.stage_label,
            "กรอกคะแนน": _done(row, "scores"),
            "ผลการวิเคราะห์": _done(row, "analysis"),
            "เผยแพร่รายงาน": _done(row, "published"),
            **quarters,
            "ข้อ O พร้อมส่ง": row.oit_ready if row.assessment_id else None,
            "ข้อ O ทั้งหมด": row.oit_items if row.assessment_id else None,
            "ลิงก์หลักฐานเสีย": row.broken_links if row.assessment_id else None,
            "เลยกำหนด": ", ".join(s.title for s in row.overdue_steps),
            "เทียบกับปีก่อน": MOVEMENT_LABELS[row.movement] if row.assessment_id else "",
        }
    )
    return values


def export_console(data: ConsoleData, file_format: str) -> bytes:
    """The console's rows (as filtered and sorted) as a CSV or XLSX file."""
    columns = columns_for(data)
    rows = []
    for unit in data.rows:
        values = _row(unit)
        rows.append({c: values.get(c) for c in columns})
    writer = write_csv if file_format == "csv" else write_xlsx
    return writer(columns, rows)
