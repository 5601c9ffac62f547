"""manage.py import_agencies: the hierarchy from a CSV, checked whole before anything changes."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments import hierarchy
from assessments.models import Agency, AgencyIssuer, AgencyMove
from ita_portal.lib.thai import fiscal_year_of

pytestmark = pytest.mark.django_db
HEADER = "code,name,parent_code,issuer\n"


def run(tmp_path, text: str, *, bom: bool = False) -> str:
    path = tmp_path / "agencies.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    out = io.StringIO()
    call_command("import_agencies", str(path), stdout=out)
    return out.getvalue()


def failing(tmp_path, text: str) -> str:
    path = tmp_path / "agencies.csv"
    path.write_bytes(text.encode("utf-8"))
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_agencies", str(path), stderr=err)
    assert "ไม่มีการเปลี่ยนแปลง" in str(error.value)
    return err.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Agency.objects.order_by("code").values_list("code", "name", "parent_id", "tree_path")
    )


def test_a_tree_is_created_with_parents_after_children_and_a_bom(tmp_path):
    output = run(
        tmp_path,
        HEADER
        + "school-1,โรงเรียนหนึ่ง,esa-1,obec-school\n"
        + "esa-1,สพป. ตัวอย่าง เขต ๑,obec,obec-esa\n"
        + "obec,สพฐ.,,\n",
        bom=True,
    )
    assert "สร้างใหม่ ๓ หน่วยงาน" in output
    obec, esa, school = (Agency.objects.get(code=c) for c in ("obec", "esa-1", "school-1"))
    assert esa.parent == obec and school.parent == esa
    assert school.tree_path == f"/{obec.pk}/{esa.pk}/{school.pk}/"
    year = fiscal_year_of(timezone.localdate())
    assert AgencyIssuer.objects.get(agency=school, from_fiscal_year=year).issuer.code == (
        "obec-school"
    )
    assert not AgencyIssuer.objects.filter(agency=obec, from_fiscal_year=year).exists()
    assert not AgencyMove.objects.exists()  # creating is not moving


def test_names_follow_the_file_and_a_changed_parent_is_a_move_with_history(tmp_path, seed_agency):
    run(tmp_path, HEADER + "obec,สพฐ.,,\nmoe,ศธ.,,\n")
    output = run(
        tmp_path,
        HEADER + f"{seed_agency.code},ชื่อใหม่ของเขต,obec,\n" + "school-1,โรงเรียนหนึ่ง,pathumthani-2,\n",
    )
    seed_agency.refresh_from_db()
    assert seed_agency.name == "ชื่อใหม่ของเขต"
    assert seed_agency.parent.code == "obec"
    assert "เปลี่ยนชื่อ ๑" in output and "ย้ายสังกัด ๑" in output
    # A second file moves the ESA (with its school) under another root.
    run(tmp_path, HEADER + f"{seed_agency.code},ชื่อใหม่ของเขต,moe,\n")
    moe = Agency.objects.get(code="moe")
    demo_schools = {f"pathumthani-2-school-{n}" for n in range(1, 5)}
    assert {a.code for a in hierarchy.descendants(moe)} == {seed_agency.code, "school-1"} | (
        demo_schools
    )
    moves = list(AgencyMove.objects.filter(agency=seed_agency).order_by("pk"))
    assert [(m.from_parent and m.from_parent.code, m.to_parent.code) for m in moves] == [
        (None, "obec"),
        ("obec", "moe"),
    ]


def test_an_unchanged_file_changes_nothing(tmp_path):
    text = HEADER + "obec,สพฐ.,,\nesa-1,เขต ๑,obec,\n"
    run(tmp_path, text)
    before = snapshot()
    assert "ไม่เปลี่ยน ๒" in run(tmp_path, text)
    assert snapshot() == before


def test_every_bad_line_is_reported_and_nothing_changes(tmp_path, seed_agency):
    before = snapshot()
    errors = failing(
        tmp_path,
        HEADER
        + "ok-1,ถูกต้อง,,\n"  # line 2: fine, but not written either
        + "bad-parent,ก,no-such-parent,\n"  # 3
        + "ok-1,ซ้ำ,,\n"  # 4
        + "self,ตัวเอง,self,\n"  # 5
        + "iss,ข,,no-such-issuer\n"  # 6
        + f"long,{'ก' * 256},,\n"  # 7
        + "bad code!,ค,,\n"  # 8
        + "noname,,,\n"  # 9
        + f"{seed_agency.code},เขต,loop-child,\n"  # 10: a cycle beside the other problems
        + f"loop-child,ลูก,{seed_agency.code},\n",  # 11
    )
    for line, text in [
        (3, "no-such-parent"),
        (4, "ซ้ำกับบรรทัดที่ ๒"),
        (5, "ต้นสังกัดของตัวเอง"),
        (6, "no-such-issuer"),
        (7, "ยาวเกิน ๒๕๕"),
        (8, "รหัสหน่วยงาน"),
        (9, "ไม่มีชื่อหน่วยงาน"),
        (10, "วนกลับ"),
        (11, "วนกลับ"),
    ]:
        assert any(f"บรรทัดที่ {line} " in row and text in row for row in errors.splitlines()), (
            line,
            errors,
        )
    assert snapshot() == before


def test_a_cycle_in_the_file_or_through_the_system_is_refused(tmp_path):
    run(tmp_path, HEADER + "obec,สพฐ.,,\nesa-1,เขต ๑,obec,\nschool-1,โรงเรียน,esa-1,\n")
    before = snapshot()
    # In the file alone: a → b → a.
    errors = failing(tmp_path, HEADER + "a,ก,b,\nb,ข,a,\n")
    assert "บรรทัดที่ 2" in errors and "วนกลับ" in errors
    # Through the system: obec under school-1, which is obec's own grandchild.
    errors = failing(tmp_path, HEADER + "obec,สพฐ.,school-1,\n")
    assert "บรรทัดที่ 2" in errors and "obec → school-1 → esa-1 → obec" in errors
    assert snapshot() == before


def test_a_file_that_turns_a_branch_around_is_applied_top_down(tmp_path):
    """esa-1 under obec becomes obec's parent: no passing cycle while the moves are made."""
    run(tmp_path, HEADER + "obec,สพฐ.,,\nesa-1,เขต ๑,obec,\n")
    run(tmp_path, HEADER + "obec,สพฐ.,esa-1,\nesa-1,เขต ๑,,\n")
    obec, esa = Agency.objects.get(code="obec"), Agency.objects.get(code="esa-1")
    assert obec.parent == esa and esa.parent is None
    assert obec.tree_path == f"/{esa.pk}/{obec.pk}/"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"code,name\nx,y\n", "parent_code"),
        (b"code,name,parent_code\nx,\x00y,\n", "NUL"),
        ("code,name,parent_code\nx,ก,\n".encode("cp874"), "UTF-8"),
        (b"", "ไม่มีข้อมูล"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_in_thai(tmp_path, content, expected):
    path = tmp_path / "agencies.csv"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_agencies", str(path), stderr=err)
    assert expected in err.getvalue()
    assert not Agency.objects.filter(code="x").exists()


def test_a_missing_file_is_a_thai_error(tmp_path):
    with pytest.raises(CommandError, match="ไม่พบแฟ้ม"):
        call_command("import_agencies", str(tmp_path / "none.csv"))
