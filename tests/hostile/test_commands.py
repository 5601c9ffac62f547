"""Hostile files given to the import commands: a Thai CommandError, never a traceback.

import_oit_results died on a field over csv's 128 KB limit (csv.Error) and, on PostgreSQL, on a
NUL byte in a comment (ValueError); import_scores is swept with the same files.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from oit.models import Evidence
from oit.results_import import ERROR_CSV_FORMAT, ERROR_NUL

HEADER = "code,preliminary_result,preliminary_comment,final_result"
HUGE_YEAR = "99999999999999999999"


def _results_file(tmp_path, *lines: str):
    path = tmp_path / "results.csv"
    path.write_bytes(("\ufeff" + "\n".join((HEADER,) + lines)).encode())
    return path


def _import_results(path, year: str = "2563") -> None:
    call_command(
        "import_oit_results",
        "pathumthani-2",
        year,
        str(path),
        user="demo-staff",
        stdout=io.StringIO(),
    )


def _refused(run, message: str) -> None:
    with pytest.raises(CommandError) as refused:
        run()
    assert message in str(refused.value)


def test_a_field_over_the_csv_limit_is_refused_by_line(demo, tmp_path):
    comment = "ก" * (128 * 1024 + 1)
    path = _results_file(tmp_path, "O1,ผ่าน,,", f'O2,ไม่ผ่าน,"{comment}",')
    _refused(lambda: _import_results(path), ERROR_CSV_FORMAT.format(line=3))
    assert not Evidence.objects.filter(preliminary_comment=comment).exists()


def test_a_nul_byte_in_a_comment_is_refused_by_line(demo, tmp_path):
    path = _results_file(tmp_path, "O1,ผ่าน,ไม่พบ\x00ข้อมูล,")
    _refused(lambda: _import_results(path), ERROR_NUL.format(line=2))
    assert not Evidence.objects.filter(preliminary_comment__contains="ไม่พบ").exists()


def test_a_huge_year_is_no_assessment(demo, tmp_path):
    from assessments.commands import ERROR_NO_ASSESSMENT

    path = _results_file(tmp_path, "O1,ผ่าน,,")
    expected = ERROR_NO_ASSESSMENT.format(code="pathumthani-2", year=HUGE_YEAR)
    _refused(lambda: _import_results(path, HUGE_YEAR), expected)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param('pathumthani-2,2563,"' + "๑" * (128 * 1024 + 1) + '"\n', id="oversize field"),
        pytest.param("pathumthani-2,2563,ไม่\x00มี\n", id="NUL byte"),
    ],
)
def test_the_score_import_refuses_the_same_files(demo, tmp_path, content):
    from assessments.management.commands.import_scores import MESSAGE_FAILED

    path = tmp_path / "scores.csv"
    path.write_bytes(("agency_code,fiscal_year,name\n" + content).encode())
    _refused(
        lambda: call_command(
            "import_scores", str(path), stdout=io.StringIO(), stderr=io.StringIO()
        ),
        MESSAGE_FAILED.split("{")[0],
    )
