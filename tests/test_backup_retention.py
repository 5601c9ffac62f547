"""Retention chooses by the Asia/Bangkok date of an archive's creation: Sunday's copy is the one
made before midnight in Bangkok, not the one whose UTC date is a Sunday."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime

import pytest
from django.core.management import CommandError, call_command

from ita_portal.lib import retention
from ita_portal.lib.retention import Policy, created_at, to_keep


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def name(text: str) -> str:
    return f"ita-backup-{utc(text):%Y%m%dT%H%M%SZ}.tar.gz"


SUNDAY_LATE = utc("2026-01-04T16:59:00Z")  # Sunday 4 January 23:59 in Bangkok
MONDAY_EARLY = utc("2026-01-04T17:30:00Z")  # Monday 5 January 00:30 in Bangkok (Sunday in UTC)
NEXT_SUNDAY = utc("2026-01-10T19:30:00Z")  # Sunday 11 January 02:30 in Bangkok


def test_the_archive_before_midnight_in_bangkok_is_the_weeks_copy():
    kept = to_keep([SUNDAY_LATE, MONDAY_EARLY, NEXT_SUNDAY], Policy(daily=1, weekly=2, monthly=0))
    assert kept == {SUNDAY_LATE, NEXT_SUNDAY}


def test_an_archive_after_midnight_in_bangkok_starts_the_next_week():
    # Without the Sunday archive, Monday 00:30 (Bangkok) is the newest of the next week, and the
    # week of 4 January has no copy, although its UTC date says Sunday.
    kept = to_keep([MONDAY_EARLY, NEXT_SUNDAY], Policy(daily=0, weekly=1, monthly=0))
    assert kept == {NEXT_SUNDAY}


def test_the_months_copy_is_the_first_archive_of_the_bangkok_month():
    january_31 = utc("2026-01-31T16:59:00Z")  # 31 January 23:59 in Bangkok
    february_1 = utc("2026-01-31T17:30:00Z")  # 1 February 00:30 in Bangkok
    february_2 = utc("2026-02-01T19:30:00Z")
    kept = to_keep([january_31, february_1, february_2], Policy(daily=0, weekly=0, monthly=1))
    assert kept == {february_1, february_2}  # February's first, and the newest (always kept)


def test_daily_keeps_the_newest_of_each_of_the_newest_dates():
    nights = [utc(f"2026-03-{d:02d}T19:30:00Z") for d in range(1, 11)]
    by_hand = utc("2026-03-10T20:00:00Z")  # the same Bangkok date as the last night's
    kept = to_keep([*nights, by_hand], Policy(daily=3, weekly=0, monthly=0))
    assert kept == {nights[7], nights[8], by_hand}


def test_only_archive_names_are_read():
    assert created_at("ita-backup-20260104T165900Z.tar.gz") == SUNDAY_LATE
    assert created_at("ita-backup-20260104T165900Z.tar.gz.age") == SUNDAY_LATE
    assert created_at("notes.txt") is None
    assert created_at(".ita-backup-x1y2") is None


@pytest.fixture
def folder(tmp_path):
    for moment in (SUNDAY_LATE, MONDAY_EARLY, NEXT_SUNDAY):
        (tmp_path / name(moment.isoformat())).write_bytes(b"x")
    (tmp_path / "README").write_text("not an archive")
    return tmp_path


def test_the_command_removes_what_the_policy_does_not_keep(folder):
    out = io.StringIO()
    call_command("backup_prune", str(folder), "--daily", "1", "--weekly", "2", stdout=out)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["README", name(SUNDAY_LATE.isoformat()), name(NEXT_SUNDAY.isoformat())]
    )
    assert retention.REMOVED.format(name=name(MONDAY_EARLY.isoformat())) in out.getvalue()


def test_a_dry_run_removes_nothing(folder):
    call_command("backup_prune", str(folder), "--daily", "1", "--dry-run", stdout=io.StringIO())
    assert len(list(folder.iterdir())) == 4


def test_a_negative_count_is_refused_in_thai(folder):
    with pytest.raises(CommandError) as refused:
        call_command("backup_prune", str(folder), "--weekly", "-1", stdout=io.StringIO())
    assert str(refused.value) == retention.ERROR_NEGATIVE.format(name="weekly", value=-1)


def test_the_off_site_host_runs_the_file_alone_with_the_standard_library(folder):
    script = retention.__file__
    result = subprocess.run(
        [sys.executable, "-I", script, str(folder), "--daily", "1", "--weekly", "2"],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    assert not (folder / name(MONDAY_EARLY.isoformat())).exists()
    assert (folder / name(SUNDAY_LATE.isoformat())).exists()


def test_the_command_reads_its_counts_from_the_settings(folder, settings):
    settings.BACKUP_KEEP_DAYS, settings.BACKUP_KEEP_WEEKS, settings.BACKUP_KEEP_MONTHS = 1, 2, 0
    call_command("backup_prune", str(folder), stdout=io.StringIO())
    assert not (folder / name(MONDAY_EARLY.isoformat())).exists()
    assert (folder / name(SUNDAY_LATE.isoformat())).exists()
