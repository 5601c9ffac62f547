"""load_demo and assessment_summary from the command line."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

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


def test_load_demo_is_idempotent():
    run("load_demo", "--password", "pw-1")
    counts = [
        m.objects.count() for m in (Agency, Assessment, IndicatorScore, EarlierResult, Membership)
    ]
    run("load_demo", "--password", "pw-1")
    assert counts == [
        m.objects.count() for m in (Agency, Assessment, IndicatorScore, EarlierResult, Membership)
    ]


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
