"""What each checked row would change, against what the database holds now (nothing written)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assessments.models import Assessment, IndicatorScore

from .rows import Context, ParsedRow

BATCH_SIZE = 2000
NEW, UPDATE, SKIP = "new", "update", "skip"

# assessment id → {indicator id: (score row id, score)}
HeldScores = dict[int, dict[int, tuple[int, Decimal | None]]]


@dataclass
class PlannedRow:
    row: ParsedRow
    action: str
    changes: tuple[str, ...] = ()
    assessment_id: int | None = None


@dataclass
class Plan:
    rows: list[PlannedRow]
    held_scores: HeldScores

    @property
    def has_writes(self) -> bool:
        return any(p.action != SKIP for p in self.rows)


@dataclass
class ImportReport:
    rows: list[PlannedRow]
    new_agencies: list[str]
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self) -> str:
        return (
            f"สร้างใหม่ {self.count(NEW)} รายการ ปรับปรุง {self.count(UPDATE)} รายการ "
            f"ไม่เปลี่ยนแปลง {self.count(SKIP)} รายการ"
            + (f" หน่วยงานใหม่ {len(self.new_agencies)} หน่วยงาน" if self.new_agencies else "")
        )


def _existing(rows: list[ParsedRow], context: Context) -> dict[tuple[int, int], Assessment]:
    agency_ids = [
        context.agencies[r.agency_code].pk for r in rows if r.agency_code in context.agencies
    ]
    framework_ids = {r.framework.pk for r in rows}
    return {
        (a.agency_id, a.framework_id): a
        for a in Assessment.objects.filter(
            agency_id__in=agency_ids, framework_id__in=framework_ids
        ).only("pk", "agency_id", "framework_id", "official_total", "official_rank", "cohort_size")
    }


def _held_scores(assessment_ids: list[int]) -> HeldScores:
    held: HeldScores = {}
    for start in range(0, len(assessment_ids), BATCH_SIZE):
        chunk = assessment_ids[start : start + BATCH_SIZE]
        for pk, aid, iid, score in IndicatorScore.objects.filter(
            assessment_id__in=chunk
        ).values_list("pk", "assessment_id", "indicator_id", "score"):
            held.setdefault(aid, {})[iid] = (pk, score)
    return held


def _changes(
    row: ParsedRow,
    assessment: Assessment,
    held: dict[int, tuple[int, Decimal | None]],
    indicator_ids: dict[int, int],
) -> list[str]:
    """The columns whose value in the file differs from the database (an empty cell keeps)."""
    changes = [
        column
        for column, given, current in (
            ("official_total", row.official_total, assessment.official_total),
            ("rank", row.rank, assessment.official_rank),
            ("cohort_size", row.cohort_size, assessment.cohort_size),
        )
        if given is not None and given != current
    ]
    for number, value in row.scores.items():
        current_score = held.get(indicator_ids[number])
        if current_score is None or current_score[1] != value:
            changes.append(f"i{number}")
    return changes


def plan_rows(rows: list[ParsedRow], context: Context) -> Plan:
    """What each row would do: create an assessment, update one, or nothing (skip)."""
    existing = _existing(rows, context)
    held = _held_scores([a.pk for a in existing.values()])
    planned = []
    for row in rows:
        framework = row.framework
        agency = context.agencies.get(row.agency_code)
        assessment = existing.get((agency.pk, framework.pk)) if agency else None
        if assessment is None:
            planned.append(PlannedRow(row=row, action=NEW))
            continue
        changes = _changes(
            row, assessment, held.get(assessment.pk, {}), context.indicators[framework.pk]
        )
        planned.append(
            PlannedRow(
                row=row,
                action=UPDATE if changes else SKIP,
                changes=tuple(changes),
                assessment_id=assessment.pk,
            )
        )
    return Plan(rows=planned, held_scores=held)
