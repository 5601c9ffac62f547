"""load_demo and assessment_summary from the command line."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assessments.management.commands.load_demo import (
    MESSAGE_KEPT,
    MESSAGE_LOADED,
    MESSAGE_PASSWORD_KEPT,
)
from assessments.models import Agency, Assessment, EarlierResult, IndicatorScore, Membership
from assessments.selectors import agency_history

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_prints_the_users_and_the_password_it_set():
    output = run("load_demo", "--password", "pw-for-this-test")
    for username in ("demo-staff", "demo-approver", "demo-other"):
        assert username in output
        assert get_user_model().objects.get(username=username).check_password("pw-for-this-test")
    assert "pw-for-this-test" in output


def test_load_demo_without_password_prints_a_random_one():
    output = run("load_demo")
    line = next(line for line in output.splitlines() if "demo-staff" in line)
    password = line.split("รหัสผ่าน:")[1].strip()
    assert len(password) >= 10
    assert get_user_model().objects.get(username="demo-staff").check_password(password)


def test_load_demo_reset_is_idempotent():
    run("load_demo", "--password", "pw-1")
    counts = [
        m.objects.count() for m in (Agency, Assessment, IndicatorScore, EarlierResult, Membership)
    ]
    run("load_demo", "--reset", "--password", "pw-1")
    assert counts == [
        m.objects.count() for m in (Agency, Assessment, IndicatorScore, EarlierResult, Membership)
    ]


def test_a_second_load_demo_keeps_the_data_and_the_password(tmp_path):
    password_file = tmp_path / "demo-password"
    first = run("load_demo", "--password-file", str(password_file))
    password = password_file.read_text().strip()
    assert f"รหัสผ่าน: {password}" in first
    score = IndicatorScore.objects.get(
        assessment__agency__code="pathumthani-2",
        assessment__framework__fiscal_year=2562,
        indicator__number=1,
    )
    IndicatorScore.objects.filter(pk=score.pk).update(score=Decimal("50.00"))  # a user's edit

    second = run("load_demo", "--password-file", str(password_file))

    assert MESSAGE_KEPT in second and f"รหัสผ่าน: {password}" in second
    assert IndicatorScore.objects.get(pk=score.pk).score == Decimal("50.00")
    assert get_user_model().objects.get(username="demo-staff").check_password(password)
    assert password_file.stat().st_mode & 0o777 == 0o600


def test_load_demo_without_a_remembered_password_says_the_old_one_holds():
    run("load_demo", "--password", "pw-1")
    output = run("load_demo")
    assert MESSAGE_PASSWORD_KEPT in output and "pw-1" not in output
    assert get_user_model().objects.get(username="demo-staff").check_password("pw-1")


def test_load_demo_with_a_password_on_a_kept_demo_sets_only_the_password():
    run("load_demo", "--password", "pw-1")
    IndicatorScore.objects.filter(indicator__number=1).update(score=Decimal("50.00"))
    run("load_demo", "--password", "pw-2")
    assert get_user_model().objects.get(username="demo-approver").check_password("pw-2")
    assert IndicatorScore.objects.filter(indicator__number=1, score=Decimal("50.00")).exists()


def test_reset_loads_the_demo_again_with_a_new_password(tmp_path):
    password_file = tmp_path / "demo-password"
    run("load_demo", "--password-file", str(password_file))
    old = password_file.read_text().strip()
    # The demo school whose report is published is locked: its scores are not edited.
    editable = IndicatorScore.objects.exclude(assessment__status=Assessment.Status.PUBLISHED)
    editable.filter(indicator__number=1).update(score=Decimal("50.00"))
    output = run("load_demo", "--reset", "--password-file", str(password_file))
    new = password_file.read_text().strip()
    assert MESSAGE_LOADED in output and new != old and f"รหัสผ่าน: {new}" in output
    assert not IndicatorScore.objects.filter(indicator__number=1, score=Decimal("50.00")).exists()


def test_load_demo_states_each_users_roles_and_the_approver_may_import():
    output = run("load_demo", "--password", "pw-1")
    lines = output.splitlines()
    roles = {lines[i].split()[1]: lines[i + 1] for i, line in enumerate(lines) if "ผู้ใช้:" in line}
    assert "เจ้าหน้าที่ (แก้ไขข้อมูล) ใน สพป.ปทุมธานี เขต ๒" in roles["demo-staff"]
    assert "ผู้บริหาร (อนุมัติ/เผยแพร่) ใน สพป.ปทุมธานี เขต ๒" in roles["demo-approver"]
    assert "นำเข้าคะแนนจากแฟ้มได้" in roles["demo-approver"]
    assert "นำเข้าคะแนนจากแฟ้มได้" not in roles["demo-staff"]
    users = get_user_model().objects
    assert users.get(username="demo-approver").has_perm("assessments.import_scoresheet")
    assert not users.get(username="demo-staff").has_perm("assessments.import_scoresheet")


def test_assessment_summary_gives_the_seed_figures():
    run("load_demo", "--password", "pw-1")
    summary = json.loads(run("assessment_summary", "pathumthani-2", "2562"))
    assert summary["total"] == "89.07"
    assert summary["grade"] == "A" and summary["passed"] is True
    assert summary["result_level"] is None
    tools = {t["code"]: (t["percent"], t["points"]) for t in summary["tools"]}
    assert tools == {
        "IIT": ("91.98", "27.59"),
        "EIT": ("89.98", "26.99"),
        "OIT": ("86.21", "34.48"),
    }
    ten = summary["indicators"][9]
    assert (ten["number"], ten["score"], ten["grade"], ten["passed"]) == (10, "79.02", "B", False)
    assert summary["strengths"] == [1, 3, 4, 5, 6, 9]
    assert summary["weaknesses"] == [2, 7, 8, 10]
    assert len(summary["warnings"]) == 1 and "27.55" in summary["warnings"][0]


def test_assessment_summary_of_an_unknown_assessment_fails_in_thai():
    with pytest.raises(CommandError, match="ไม่พบผลการประเมิน"):
        run("assessment_summary", "no-such-agency", "2562")
    with pytest.raises(CommandError, match="ปีงบประมาณต้องเป็นตัวเลข"):
        run("assessment_summary", "pathumthani-2", "ปีนี้")


def test_assessment_summary_takes_the_year_in_thai_digits(demo):
    thai_year = json.loads(run("assessment_summary", "pathumthani-2", "๒๕๖๒"))
    assert thai_year == json.loads(run("assessment_summary", "pathumthani-2", "2562"))


def test_history_derives_change_and_direction(seed_agency):
    rows = [
        (r.fiscal_year, str(r.total), str(r.change) if r.change is not None else None, r.direction)
        for r in agency_history(seed_agency)
    ]
    assert rows == [
        (2558, "65.93", None, "-"),
        (2559, "80.87", "14.94", "เพิ่มขึ้น"),
        (2560, "94.84", "13.97", "เพิ่มขึ้น"),
        (2561, "94.13", "-0.71", "ลดลง"),
        (2562, "89.07", "-5.06", "ลดลง"),
    ]
