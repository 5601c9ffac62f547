"""Hostile or malformed score files are refused early, in Thai, with what to do, and write nothing."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessments.imports import reading
from assessments.imports.problems import MAX_LISTED, MESSAGE_MORE
from assessments.imports.rows import ERROR_INTEGER_TOO_BIG, ERROR_TOO_LONG, ERROR_UNKNOWN_AGENCY
from assessments.imports.score_import import ScoreImportError, scores_import_file
from assessments.models import Agency, Assessment, IndicatorScore

HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]
SCORES = ["92.10", "88.40", "90.05", "86.70", "84.20", "91.30", "86.10", "85.00", "80.55", "72.40"]


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def unknown_rows(count: int) -> list[list[str]]:
    return [[f"nobody-{i}", "ไม่มีหน่วยงานนี้", "2562", *SCORES] for i in range(count)]


def refused(data: bytes, filename: str = "scores.csv", **options) -> ScoreImportError:
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=data, filename=filename, **options)
    return caught.value


def snapshot() -> tuple:
    return (
        Agency.objects.count(),
        Assessment.objects.count(),
        list(IndicatorScore.objects.order_by("pk").values_list("pk", "score")),
    )


# --- size and rows -----------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(demo, settings):
    settings.IMPORT_MAX_BYTES = 1000
    error = refused(csv_text(unknown_rows(50)).encode())
    assert error.problems[0].message.startswith("แฟ้มมีขนาด")
    assert "แบ่งข้อมูลเป็นหลายแฟ้ม" in error.problems[0].message


def test_reading_stops_at_the_first_line_over_the_row_limit(demo, settings):
    settings.IMPORT_MAX_ROWS = 5
    before = snapshot()
    error = refused(csv_text(unknown_rows(5000)).encode())
    assert [(p.line, p.message) for p in error.problems] == [
        (7, reading.ERROR_TOO_MANY_ROWS.format(limit="5"))
    ]
    assert snapshot() == before


def test_a_file_at_the_row_limit_is_read(demo, settings):
    settings.IMPORT_MAX_ROWS = 5
    error = refused(csv_text(unknown_rows(5)).encode())
    assert len(error.problems) == 5  # checked row by row, not refused for its size


def test_only_the_first_200_problems_are_listed_and_the_rest_counted(demo):
    error = refused(csv_text(unknown_rows(250)).encode())
    assert len(error.problems) == MAX_LISTED == 200
    assert error.more == 50
    assert error.count == 250
    assert error.problems[0].message == ERROR_UNKNOWN_AGENCY.format(code="nobody-0")
    assert str(error).endswith(MESSAGE_MORE.format(count=50))


# --- CSV that is not UTF-8 text ----------------------------------------------------------------


def test_a_csv_saved_in_thai_windows_encoding_is_refused_with_what_to_do(demo):
    data = csv_text([["demo-other", "สำนักงานเขต", "2562", *SCORES]]).encode("cp874")
    before = snapshot()
    error = refused(data)
    assert [(p.line, p.message) for p in error.problems] == [(2, reading.ERROR_FILE_ENCODING)]
    assert "CSV UTF-8" in reading.ERROR_FILE_ENCODING
    assert snapshot() == before


def test_a_nul_byte_refuses_the_file(demo):
    data = csv_text([["demo-other", "x\x00", "2562", *SCORES]]).encode()
    assert refused(data).problems[0].message == reading.ERROR_NUL


def test_a_broken_csv_quote_is_refused_in_thai(demo):
    data = (csv_text([]) + 'demo-other,"' + "x" * 200_000 + "\n").encode()
    assert refused(data).problems[0].message == reading.ERROR_CSV_FORMAT


def test_a_duplicate_column_is_refused_on_the_header_line(demo):
    data = csv_text([["demo-other", "x", "2562", *SCORES, "1"]], header=[*HEADER, "i3"]).encode()
    error = refused(data)
    assert [(p.line, p.column) for p in error.problems] == [(1, "i3")]
    assert error.problems[0].message == reading.ERROR_DUPLICATE_COLUMN.format(column="i3")


# --- cells that the database would refuse are refused by the check -----------------------------


def test_overlong_names_and_huge_ranks_are_problems_not_crashes(demo):
    header = [*HEADER, "rank"]
    rows = [
        ["new-agency", "ก" * 300, "2562", *SCORES, "1"],
        ["demo-other", "x", "2562", *SCORES, "9" * 5000],
    ]
    before = snapshot()
    error = refused(csv_text(rows, header=header).encode(), create_agencies=True)
    found = {(p.line, p.column): p.message for p in error.problems}
    assert found[(2, "agency_name")] == ERROR_TOO_LONG.format(length="300", limit=255)
    assert found[(3, "rank")] == ERROR_INTEGER_TOO_BIG.format(value="9" * 24 + "…", limit=1_000_000)
    assert snapshot() == before


# --- XLSX that expands or is hostile -----------------------------------------------------------

PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
SHEET_START = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"


def xlsx(sheet_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def inline_row(*texts: str) -> str:
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts) + "</row>"


def test_the_handmade_workbook_of_these_tests_is_read_like_excels(demo):
    data = xlsx(
        SHEET_START
        + inline_row(*HEADER)
        + inline_row("demo-other", "x", "2562", *SCORES)
        + SHEET_END
    )
    report = scores_import_file(data=data, filename="s.xlsx", dry_run=True)
    assert [r.row.agency_code for r in report.rows] == ["demo-other"]


def test_a_small_workbook_that_expands_hugely_is_refused_at_once(demo):
    rows = inline_row("bad", "x", "2562", *["101"] * 10) * 60_000  # ~26 MB of XML
    data = xlsx(SHEET_START + inline_row(*HEADER) + rows + SHEET_END)
    assert len(data) < 150_000
    started = time.perf_counter()
    error = refused(data, filename="bomb.xlsx")
    assert time.perf_counter() - started < 2
    assert error.problems[0].message.startswith("แฟ้ม XLSX นี้เมื่อขยายออกมีขนาด")


def test_a_cell_far_down_the_sheet_does_not_make_a_million_empty_rows(demo, settings):
    settings.IMPORT_MAX_ROWS = 100
    far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = xlsx(SHEET_START + inline_row(*HEADER) + far + SHEET_END)
    started = time.perf_counter()
    error = refused(data, filename="far.xlsx")
    assert time.perf_counter() - started < 2
    assert error.problems[0].message == reading.ERROR_TOO_MANY_ROWS.format(limit="100")


def test_xml_entities_in_a_workbook_are_refused(demo):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = xlsx(laughs + SHEET_START + inline_row(*HEADER) + inline_row("&lol2;") + SHEET_END)
    assert refused(data, filename="x.xlsx").problems[0].message == reading.ERROR_FILE_UNREADABLE


def test_without_defusedxml_workbooks_are_refused(demo, monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    data = xlsx(SHEET_START + inline_row(*HEADER) + SHEET_END)
    assert refused(data, filename="x.xlsx").problems[0].message == reading.ERROR_XLSX_UNSAFE


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused_in_thai(demo):
    error = refused(b"agency_code,agency_name\n", filename="x.xlsx")
    assert error.problems[0].message == reading.ERROR_FILE_UNREADABLE


# --- the command says the same ----------------------------------------------------------------


def run_command(path: Path) -> tuple[str, CommandError]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_scores", str(path), stderr=err, stdout=io.StringIO())
    return err.getvalue(), caught.value


def test_the_command_refuses_a_non_utf8_csv_in_thai_and_writes_nothing(demo, tmp_path):
    path = tmp_path / "cp874.csv"
    path.write_bytes(csv_text([["demo-other", "สำนักงาน", "2562", *SCORES]]).encode("cp874"))
    before = snapshot()
    err, error = run_command(path)
    assert f"บรรทัดที่ 2: {reading.ERROR_FILE_ENCODING}" in err
    assert "UnicodeDecodeError" not in err + str(error)
    assert snapshot() == before


def test_the_command_refuses_a_duplicate_column(demo, tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text(
        csv_text([["demo-other", "x", "2562", *SCORES, "x"]], header=[*HEADER, "agency_name"])
    )
    err, _ = run_command(path)
    assert reading.ERROR_DUPLICATE_COLUMN.format(column="agency_name") in err


def test_the_command_lists_200_problems_and_counts_the_rest(demo, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(unknown_rows(230)))
    err, error = run_command(path)
    assert err.count("บรรทัดที่") == 200
    assert MESSAGE_MORE.format(count=30) in err
    assert "230" in str(error)
