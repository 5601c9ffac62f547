"""The assessors' results imported from a CSV: Thai words, checked line by line, all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from assessments.models import Assessment
from oit.models import Evidence
from oit.results_import import (
    ERROR_COLUMNS,
    ERROR_ENCODING,
    ERROR_ITEM,
    ERROR_RESULT,
    read_results_csv,
    results_import,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_year(demo, seed_agency) -> Assessment:
    return Assessment.objects.get(agency=seed_agency, framework__fiscal_year=2563)


def csv_bytes(*lines: str) -> bytes:
    return (
        "\ufeff" + "\n".join(("code,preliminary_result,preliminary_comment,final_result",) + lines)
    ).encode()


def test_thai_and_english_result_words_are_read():
    rows = read_results_csv(csv_bytes("o1,ผ่าน,,", "O2,ไม่ผ่าน,ไม่พบข้อมูลปีปัจจุบัน,ผ่าน", "O3,failed,,"))
    assert [(r.code, r.preliminary, r.comment, r.final) for r in rows] == [
        ("O1", "passed", "", ""),
        ("O2", "failed", "ไม่พบข้อมูลปีปัจจุบัน", "passed"),
        ("O3", "failed", "", ""),
    ]


def test_each_bad_line_is_named_in_thai():
    with pytest.raises(ValidationError) as caught:
        read_results_csv(csv_bytes("O1,ผ่าน,,", "O2,ดี,,", "O3,ผ่าน,,?"))
    assert caught.value.messages == [
        ERROR_RESULT.format(line=3, value="ดี"),
        ERROR_RESULT.format(line=4, value="?"),
    ]
    with pytest.raises(ValidationError, match="preliminary_result"):
        read_results_csv("code,result\nO1,ผ่าน".encode())
    assert ERROR_COLUMNS.format(columns="preliminary_result").startswith("ไม่พบคอลัมน์")
    with pytest.raises(ValidationError, match=ERROR_ENCODING):
        read_results_csv("code,preliminary_result\nO1,ผ่าน".encode("tis-620"))


def test_results_are_written_and_what_staff_wrote_is_kept(demo, demo_year):
    staff = demo.users["demo-staff"]
    without = set(demo_year.oit_evidence.values_list("item__code", flat=True))
    missing = sorted(
        c for c in demo_year.framework.oit_items.values_list("code", flat=True) if c not in without
    )[0]
    o1 = demo_year.oit_evidence.get(item__code="O1")
    rows = read_results_csv(csv_bytes("O1,ผ่าน,,ผ่าน", f"{missing},ไม่ผ่าน,ไม่พบลิงก์,"))
    assert results_import(user=staff, assessment=demo_year, rows=rows) == 2
    o1_after = Evidence.objects.get(pk=o1.pk)
    assert (o1_after.preliminary_result, o1_after.final_result) == ("passed", "passed")
    assert o1_after.notes == o1.notes and o1_after.state == o1.state
    created = demo_year.oit_evidence.get(item__code=missing)
    assert (created.preliminary_result, created.preliminary_comment) == ("failed", "ไม่พบลิงก์")


def test_one_bad_line_writes_nothing(demo, demo_year):
    staff = demo.users["demo-staff"]
    before = list(demo_year.oit_evidence.values_list("pk", "preliminary_result", "final_result"))
    # O31 carries a clarification: a passed preliminary result contradicts it.
    rows = read_results_csv(csv_bytes("O1,ไม่ผ่าน,,", "O99,ผ่าน,,", "O31,ผ่าน,,"))
    with pytest.raises(ValidationError) as caught:
        results_import(user=staff, assessment=demo_year, rows=rows)
    messages = caught.value.messages
    assert ERROR_ITEM.format(line=3, code="O99", year=2563) in messages
    assert any(m.startswith("บรรทัด 4 (O31):") for m in messages)
    after = list(demo_year.oit_evidence.values_list("pk", "preliminary_result", "final_result"))
    assert after == before


def test_only_the_agencys_editors_import(demo, demo_year):
    rows = read_results_csv(csv_bytes("O1,ผ่าน,,"))
    with pytest.raises(PermissionDenied):
        results_import(user=demo.users["demo-other"], assessment=demo_year, rows=rows)


def test_the_command_imports_a_file_and_says_how_many(demo, demo_year, tmp_path, capsys):
    path = tmp_path / "results.csv"
    path.write_bytes(csv_bytes("O1,ผ่าน,,", "O2,ผ่าน,,"))
    call_command("import_oit_results", "pathumthani-2", "๒๕๖๓", str(path), user="demo-staff")
    assert "บันทึกผลของผู้ประเมิน 2 ข้อแล้ว" in capsys.readouterr().out
    path.write_bytes(csv_bytes("O1,ดี,,"))
    with pytest.raises(CommandError, match="บรรทัด 2"):
        call_command("import_oit_results", "pathumthani-2", "2563", str(path), user="demo-staff")
