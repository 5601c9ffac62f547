"""Score sheets import all or nothing, report every problem by line and column, and re-import as a no-op."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assessments.imports import reading, score_import, writing
from assessments.imports.rows import (
    ERROR_CREATE_NOT_ALLOWED,
    ERROR_DUPLICATE_ROW,
    ERROR_MISSING_INDICATOR,
    ERROR_NOT_ALLOWED,
    ERROR_UNKNOWN_AGENCY,
    ERROR_YEAR_NO_FRAMEWORK,
)
from assessments.imports.score_import import ScoreImportError, scores_import_file
from assessments.models import Agency, Assessment, IndicatorScore
from assessments.results.exports import year_rows
from indicators.models import Framework
from ita_portal.lib.scores import ERROR_SCORE_PLACES, ERROR_SCORE_RANGE

DATA = Path(__file__).parent / "data"
COHORT_FILE = DATA / "esa_cohort_2562.csv"
HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]
OTHER_SCORES = [
    "92.10",
    "88.40",
    "90.05",
    "86.70",
    "84.20",
    "91.30",
    "86.10",
    "85.00",
    "80.55",
    "72.40",
]


def csv_bytes(rows, header=HEADER, bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def row(code="demo-other", year="2562", scores=OTHER_SCORES, name="หน่วยงาน"):
    return [code, name, year, *scores]


def assessment_count() -> int:
    return Assessment.objects.count()


def all_scores() -> list:
    return list(IndicatorScore.objects.order_by("pk").values_list("pk", "score"))


def test_a_mixed_file_with_one_bad_row_writes_nothing_and_names_its_line_and_column(demo):
    before_scores, before_count = all_scores(), assessment_count()
    bad = list(OTHER_SCORES)
    bad[6] = "101"
    data = csv_bytes(
        [
            row("new-agency-1", scores=OTHER_SCORES),
            row("new-agency-2", scores=bad),
            row("new-agency-3", scores=OTHER_SCORES),
        ]
    )
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=data, filename="scores.csv", create_agencies=True)
    problems = caught.value.problems
    assert [(p.line, p.column) for p in problems] == [(3, "i7")]
    assert problems[0].message == ERROR_SCORE_RANGE.format(value="101")
    assert "บรรทัดที่ 3 คอลัมน์ i7" in str(problems[0])
    assert not Agency.objects.filter(code__startswith="new-agency").exists()
    assert assessment_count() == before_count
    assert all_scores() == before_scores


def test_every_kind_of_problem_is_reported_with_its_line_and_column(demo):
    too_precise = list(OTHER_SCORES)
    too_precise[0] = "90.123"
    missing = list(OTHER_SCORES)
    missing[9] = ""
    data = csv_bytes(
        [
            row("demo-other", scores=too_precise),
            row("pathumthani-2", year="2599"),
            row("nobody-here"),
            row("pathumthani-2", scores=missing),
            row("pathumthani-2", scores=OTHER_SCORES),
        ]
    )
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=data, filename="scores.csv")
    found = {(p.line, p.column): p.message for p in caught.value.problems}
    assert found == {
        (2, "i1"): ERROR_SCORE_PLACES.format(value="90.123"),
        (3, "fiscal_year"): ERROR_YEAR_NO_FRAMEWORK.format(year=2599),
        (4, "agency_code"): ERROR_UNKNOWN_AGENCY.format(code="nobody-here"),
        (5, "i10"): ERROR_MISSING_INDICATOR.format(number=10),
        (6, "agency_code"): ERROR_DUPLICATE_ROW.format(code="pathumthani-2", year="2562", first=5),
    }


def test_thai_digit_numbers_and_years_import(demo):
    thai = ["๙๒.๑๐", "๘๘.๔๐", "๙๐.๐๕", "๘๖.๗๐", "๘๔.๒๐", "๙๑.๓๐", "๘๖.๑๐", "๘๕", "๘๐.๕๕", "๗๒.๔๐"]
    data = csv_bytes([row("thai-agency", year="๒๕๖๓", scores=thai)], bom=True)
    report = scores_import_file(data=data, filename="thai.csv", create_agencies=True)
    assert report.count(score_import.NEW) == 1
    assessment = Assessment.objects.get(agency__code="thai-agency", framework__fiscal_year=2563)
    assert assessment.agency.tree_path == f"/{assessment.agency_id}/"  # made by bulk_create
    scores = dict(assessment.scores.values_list("indicator__number", "score"))
    assert scores[1] == Decimal("92.10")
    assert scores[8] == Decimal("85.00")
    assert scores[10] == Decimal("72.40")


def test_a_reimport_of_the_same_file_changes_nothing(demo):
    data = COHORT_FILE.read_bytes()
    scores_import_file(data=data, filename=COHORT_FILE.name, create_agencies=True)
    before = list(Assessment.objects.order_by("pk").values_list("pk", "updated_at"))
    before_scores = all_scores()
    report = scores_import_file(data=data, filename=COHORT_FILE.name, create_agencies=True)
    assert report.count(score_import.SKIP) == 225
    assert not report.applied
    assert list(Assessment.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert all_scores() == before_scores


def test_a_corrected_file_updates_only_what_changed(demo, seed_assessment):
    seed_scores = ["97.09", "86.64", "94.77", "90.94", "90.46", "94.32", "88.22", "87.39", "93.39"]
    untouched = Assessment.objects.get(agency__code="demo-other").updated_at
    report = scores_import_file(
        data=csv_bytes([row("pathumthani-2", scores=[*seed_scores, "80.00"])]),
        filename="fix.csv",
    )
    assert [(r.action, r.changes) for r in report.rows] == [(score_import.UPDATE, ("i10",))]
    scores = dict(seed_assessment.scores.values_list("indicator__number", "score"))
    assert scores[10] == Decimal("80.00")
    assert scores[9] == Decimal("93.39")
    seed_assessment.refresh_from_db()
    assert seed_assessment.official_total == Decimal("89.07")  # an absent column keeps the value
    assert Assessment.objects.get(agency__code="demo-other").updated_at == untouched


def test_a_dry_run_reports_the_plan_and_writes_nothing(demo):
    before = assessment_count()
    report = scores_import_file(
        data=COHORT_FILE.read_bytes(), filename=COHORT_FILE.name, create_agencies=True, dry_run=True
    )
    assert report.count(score_import.NEW) == 224
    assert report.count(score_import.SKIP) == 1  # the seed agency already holds these figures
    assert assessment_count() == before


def test_an_agencys_staff_cannot_import_into_another_agency(demo):
    staff = demo.users["demo-staff"]
    data = csv_bytes([row("pathumthani-2", scores=OTHER_SCORES), row("demo-other")])
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=data, filename="x.csv", user=staff)
    assert [(p.line, p.column, p.message) for p in caught.value.problems] == [
        (3, "agency_code", ERROR_NOT_ALLOWED.format(code="demo-other"))
    ]
    # An unknown agency gets the same answer: no existence leak.
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=csv_bytes([row("nobody-here")]), filename="x.csv", user=staff)
    assert caught.value.problems[0].message == ERROR_NOT_ALLOWED.format(code="nobody-here")


def test_staff_may_import_their_own_agency(demo, seed_assessment):
    staff = demo.users["demo-staff"]
    report = scores_import_file(
        data=csv_bytes([row("pathumthani-2", scores=OTHER_SCORES)]), filename="x.csv", user=staff
    )
    assert report.applied
    assert seed_assessment.scores.get(indicator__number=1).score == Decimal("92.10")


def test_only_site_admins_may_create_agencies_from_a_file(demo):
    staff = demo.users["demo-staff"]
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(
            data=csv_bytes([row("pathumthani-2")]),
            filename="x.csv",
            user=staff,
            create_agencies=True,
        )
    assert caught.value.problems[0].message == ERROR_CREATE_NOT_ALLOWED


def test_xlsx_files_import_like_csv(demo):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["demo-other", "x", 2562, *[float(s) for s in OTHER_SCORES[:-1]], "๗๒.๕๐"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = scores_import_file(data=buffer.getvalue(), filename="s.xlsx")
    assert [(r.action, r.changes) for r in report.rows] == [(score_import.UPDATE, ("i10",))]


def test_files_other_than_csv_and_xlsx_are_refused(demo):
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=b"x", filename="scores.xls")
    assert caught.value.problems[0].message == reading.ERROR_FILE_TYPE


def test_the_command_exits_non_zero_and_writes_nothing_on_a_bad_file(demo, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row("nobody-here")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_scores", str(path), stderr=err, stdout=io.StringIO())
    assert "บรรทัดที่ 2 คอลัมน์ agency_code" in err.getvalue()


def test_import_then_export_reproduces_the_cohorts_official_totals_and_grades(demo, tmp_path):
    out = io.StringIO()
    call_command("import_scores", str(COHORT_FILE), "--create-agencies", stdout=out)
    assert "สร้างใหม่ 224" in out.getvalue()
    export_path = tmp_path / "2562.csv"
    call_command("export_results", "--year", "2562", "--output", str(export_path))
    exported = {
        r["agency_code"]: r
        for r in csv.DictReader(io.StringIO(export_path.read_bytes().decode("utf-8-sig")))
    }
    framework = Framework.objects.get(fiscal_year=2562)
    bands = list(framework.bands.all())
    with COHORT_FILE.open(encoding="utf-8") as handle:
        source = list(csv.DictReader(handle))
    assert len(source) == 225
    for item in source:
        result = exported[item["agency_code"]]
        official = Decimal(item["official_total"])
        assert abs(Decimal(result["total"]) - official) <= Decimal("0.01"), item["agency_code"]
        grade = next(b for b in bands if b.lower <= official <= b.upper)
        assert result["grade"] == grade.code
        assert result["passed"] == ("true" if grade.passed else "false")
    seed = exported["pathumthani-2"]
    assert (seed["total"], seed["grade"], seed["iit_points"]) == ("89.07", "A", "27.59")


def test_large_files_are_written_in_bulk_not_row_by_row(demo, django_assert_max_num_queries):
    data = COHORT_FILE.read_bytes()
    # 225 rows: reading the context, planning, a few bulk inserts, figures: far below one per row.
    with django_assert_max_num_queries(60):
        scores_import_file(data=data, filename=COHORT_FILE.name, create_agencies=True)
    assert year_rows(Framework.objects.get(fiscal_year=2562), published_only=False)


def test_the_command_dry_run_writes_nothing(demo):
    out = io.StringIO()
    call_command("import_scores", str(COHORT_FILE), "--dry-run", "--create-agencies", stdout=out)
    assert "ทดลองนำเข้า" in out.getvalue()
    assert "สร้างใหม่ 224" in out.getvalue()
    assert not Agency.objects.filter(code__startswith="esa-p").exists()


def test_a_write_that_fails_midway_leaves_nothing_of_the_file(demo, seed_assessment, monkeypatch):
    before_scores, before_count = all_scores(), assessment_count()
    seed_changed_at = Assessment.objects.get(pk=seed_assessment.pk).updated_at
    written_before_failure = []

    def fail_after_the_rows_were_written(items, context):
        # By now the new agency, its assessment, the scores and the seed's update are written.
        written_before_failure.append(Agency.objects.filter(code="new-agency-1").exists())
        written_before_failure.append(
            seed_assessment.scores.get(indicator__number=1).score == Decimal("92.10")
        )
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writing, "_store_figures", fail_after_the_rows_were_written)
    data = csv_bytes([row("new-agency-1"), row("pathumthani-2", scores=OTHER_SCORES)])
    with pytest.raises(RuntimeError):
        scores_import_file(data=data, filename="scores.csv", create_agencies=True)
    assert written_before_failure == [True, True]
    assert not Agency.objects.filter(code="new-agency-1").exists()
    assert assessment_count() == before_count
    assert all_scores() == before_scores
    assert Assessment.objects.get(pk=seed_assessment.pk).updated_at == seed_changed_at
