"""Which backup archives to keep: by the Asia/Bangkok date of each archive's creation time.

The archive's name carries its creation time in UTC (ita-backup-20260104T193000Z.tar.gz[.age]);
a day, week or month is the one in Bangkok, where the office and the 02:30 timer live: an archive
made at 2026-01-04T17:30Z is Monday 5 January 00:30 in Bangkok, not Sunday's.

- daily N: the newest archive of each of the N newest Bangkok dates that have one;
- weekly N: the newest archive of each of the N newest weeks (Monday to Sunday) that have one,
  so Sunday's when there is one;
- monthly N: the oldest archive of each of the N newest months that have one, so the 1st's when
  there is one.

The newest archive is always kept; files whose names are not archives' are never touched.
Standard library only, so that the off-site host can run this file as it is:

    python3 retention.py DIR --daily 14 --weekly 8 --monthly 12 [--dry-run]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
ARCHIVE_NAME = re.compile(r"^ita-backup-(\d{8}T\d{6}Z)\.tar\.gz(?:\.age)?$")

ERROR_NOT_A_FOLDER = "ไม่พบโฟลเดอร์ไฟล์สำรอง {path}"
ERROR_NEGATIVE = "จำนวนที่เก็บต้องไม่ติดลบ: --{name} {value}"
REMOVED = "ลบ {name}"
WOULD_REMOVE = "จะลบ {name}"
SUMMARY = "เก็บไว้ {kept} ไฟล์ ลบ {removed} ไฟล์ (วันที่ตามเวลากรุงเทพฯ)"


@dataclass(frozen=True)
class Policy:
    daily: int
    weekly: int
    monthly: int


def created_at(name: str) -> datetime | None:
    """The UTC creation time in an archive's name, or None for any other name."""
    match = ARCHIVE_NAME.match(name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def bangkok_date(moment: datetime) -> date:
    return moment.astimezone(BANGKOK).date()


def _week(moment: datetime) -> Hashable:
    year, week, _ = bangkok_date(moment).isocalendar()  # ISO weeks run Monday to Sunday
    return (year, week)


def _month(moment: datetime) -> Hashable:
    day = bangkok_date(moment)
    return (day.year, day.month)


def _one_per_period(
    moments: list[datetime], period: Callable[[datetime], Hashable], count: int, *, newest: bool
) -> set[datetime]:
    """One archive (the newest or the oldest) for each of the `count` newest periods."""
    chosen: dict[Hashable, datetime] = {}
    for moment in sorted(moments, reverse=True):  # newest first
        key = period(moment)
        if key not in chosen and len(chosen) == count:
            break
        if key not in chosen or not newest:
            chosen[key] = moment
    return set(chosen.values())


def to_keep(moments: Iterable[datetime], policy: Policy) -> set[datetime]:
    """The creation times to keep under policy; the newest is always among them."""
    moments = sorted(set(moments))
    if not moments:
        return set()
    return (
        {moments[-1]}
        | _one_per_period(moments, bangkok_date, policy.daily, newest=True)
        | _one_per_period(moments, _week, policy.weekly, newest=True)
        | _one_per_period(moments, _month, policy.monthly, newest=False)
    )


def to_remove(folder: Path, policy: Policy) -> list[Path]:
    """The archives in folder that policy does not keep, oldest first."""
    archives = {p: created_at(p.name) for p in folder.iterdir() if p.is_file()}
    dated = {p: moment for p, moment in archives.items() if moment is not None}
    keep = to_keep(dated.values(), policy)
    return sorted((p for p, moment in dated.items() if moment not in keep), key=lambda p: p.name)


def prune(folder: Path, policy: Policy, *, dry_run: bool, say: Callable[[str], None]) -> int:
    """Remove (or, dry, name) what policy does not keep; returns how many."""
    if not folder.is_dir():
        raise ValueError(ERROR_NOT_A_FOLDER.format(path=folder))
    for name, value in vars(policy).items():
        if value < 0:
            raise ValueError(ERROR_NEGATIVE.format(name=name, value=value))
    doomed = to_remove(folder, policy)
    for path in doomed:
        say((WOULD_REMOVE if dry_run else REMOVED).format(name=path.name))
        if not dry_run:
            path.unlink()
    kept = sum(1 for p in folder.iterdir() if created_at(p.name) is not None)
    say(SUMMARY.format(kept=kept - (len(doomed) if dry_run else 0), removed=len(doomed)))
    return len(doomed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ลบไฟล์สำรองที่เกินนโยบายการเก็บรักษา")
    parser.add_argument("folder", type=Path)
    for name in ("daily", "weekly", "monthly"):
        parser.add_argument(f"--{name}", type=int, default=0)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    try:
        prune(
            args.folder,
            Policy(args.daily, args.weekly, args.monthly),
            dry_run=args.dry_run,
            say=print,
        )
    except (ValueError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
