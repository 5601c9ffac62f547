"""Writing a checked plan: agencies, assessments and scores in bulk, in one transaction, then figures.

Either the whole file is written or nothing of it: every step runs inside one atomic block, and
the stored ranking figures are refreshed inside it too.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessments import hierarchy
from assessments.models import Agency, Assessment, Cohort, IndicatorScore
from assessments.results.figures import figures_refresh, figures_store
from indicators.models import Indicator

from .plan import BATCH_SIZE, NEW, SKIP, UPDATE, HeldScores, Plan, PlannedRow
from .rows import Context, ParsedRow

IndicatorTexts = dict[int, tuple[str, str]]  # indicator id → (narrative, assessment issues)


@transaction.atomic
def write_plan(plan: Plan, context: Context) -> list[str]:
    """Write every planned row; returns the codes of the agencies created."""
    new_agencies = _create_agencies([p.row for p in plan.rows if p.action == NEW], context)
    _create_assessments([p for p in plan.rows if p.action == NEW], context)
    texts = _indicator_texts({p.row.framework.pk for p in plan.rows if p.action != SKIP})
    new_scores: list[IndicatorScore] = []
    changed_scores: list[IndicatorScore] = []
    for item in plan.rows:
        numbers = context.indicators[item.row.framework.pk]
        if item.action == NEW:
            new_scores += _scores_of_new(item, numbers, texts)
        elif item.action == UPDATE:
            added, changed = _scores_of_update(item, numbers, plan.held_scores, texts)
            new_scores += added
            changed_scores += changed
    IndicatorScore.objects.bulk_create(new_scores, batch_size=BATCH_SIZE)
    IndicatorScore.objects.bulk_update(changed_scores, ["score"], batch_size=BATCH_SIZE)
    _update_assessments([p for p in plan.rows if p.action == UPDATE], timezone.now())
    _store_figures(plan.rows, context)
    return new_agencies


def _create_agencies(rows: list[ParsedRow], context: Context) -> list[str]:
    new_codes: dict[str, ParsedRow] = {}
    for row in rows:
        if row.agency_code not in context.agencies:
            new_codes.setdefault(row.agency_code, row)
    if not new_codes:
        return []
    wanted_cohorts = {r.cohort_code for r in new_codes.values() if r.cohort_code}
    missing_cohorts = sorted(wanted_cohorts - set(context.cohorts))
    if missing_cohorts:
        Cohort.objects.bulk_create([Cohort(code=c, name=c) for c in missing_cohorts])
        context.cohorts = {c.code: c for c in Cohort.objects.all()}
    agencies = [
        Agency(
            code=code,
            name=row.agency_name,
            cohort=context.cohorts.get(row.cohort_code) if row.cohort_code else None,
        )
        for code, row in new_codes.items()
    ]
    Agency.objects.bulk_create(agencies, batch_size=BATCH_SIZE)
    hierarchy.tree_paths_fill()
    for agency in Agency.objects.filter(code__in=list(new_codes)):
        context.agencies[agency.code] = agency
    return sorted(new_codes)


def _create_assessments(items: list[PlannedRow], context: Context) -> None:
    """Create the new rows' assessments and note each one's id on its planned row."""
    assessments = [
        Assessment(
            agency=context.agencies[item.row.agency_code],
            framework=item.row.framework,
            official_total=item.row.official_total,
            official_rank=item.row.rank,
            cohort_size=item.row.cohort_size,
        )
        for item in items
    ]
    Assessment.objects.bulk_create(assessments, batch_size=BATCH_SIZE)
    created = {
        (agency_id, framework_id): pk
        for pk, agency_id, framework_id in Assessment.objects.filter(
            agency_id__in=[a.agency_id for a in assessments]
        ).values_list("pk", "agency_id", "framework_id")
    }
    for item in items:
        key = (
            context.agencies[item.row.agency_code].pk,
            item.row.framework.pk,
        )
        item.assessment_id = created[key]


def _score(
    assessment_id: int, indicator_id: int, value: Decimal | None, texts: IndicatorTexts
) -> IndicatorScore:
    narrative, issues = texts.get(indicator_id, ("", ""))
    return IndicatorScore(
        assessment_id=assessment_id,
        indicator_id=indicator_id,
        score=value,
        narrative=narrative,
        assessment_issues=issues,
    )


def _scores_of_new(
    item: PlannedRow, numbers: dict[int, int], texts: IndicatorTexts
) -> list[IndicatorScore]:
    """A new assessment gets a score row for every indicator of its framework."""
    assert item.assessment_id is not None
    return [
        _score(item.assessment_id, indicator_id, item.row.scores.get(number), texts)
        for number, indicator_id in numbers.items()
    ]


def _scores_of_update(
    item: PlannedRow, numbers: dict[int, int], held_scores: HeldScores, texts: IndicatorTexts
) -> tuple[list[IndicatorScore], list[IndicatorScore]]:
    """Score rows to add (an indicator the assessment lacked) and to change."""
    assert item.assessment_id is not None
    held = held_scores.get(item.assessment_id, {})
    added, changed = [], []
    for number, value in item.row.scores.items():
        current = held.get(numbers[number])
        if current is None:
            added.append(_score(item.assessment_id, numbers[number], value, texts))
        elif current[1] != value:
            changed.append(IndicatorScore(pk=current[0], score=value))
    return added, changed


def _update_assessments(items: list[PlannedRow], now: datetime) -> None:
    """Write official figures that the file gives; a column the file leaves empty is kept."""
    by_fields: dict[tuple[str, ...], list[Assessment]] = {}
    for item in items:
        row = item.row
        given = {
            "official_total": row.official_total,
            "official_rank": row.rank,
            "cohort_size": row.cohort_size,
        }
        fields = ("updated_at", *(name for name, value in given.items() if value is not None))
        assessment = Assessment(pk=item.assessment_id, updated_at=now, **given)
        by_fields.setdefault(fields, []).append(assessment)
    for fields, group in by_fields.items():
        Assessment.objects.bulk_update(group, list(fields), batch_size=BATCH_SIZE)
    # Forms opened before the import are stale (optimistic locking), changed rows or not.
    Assessment.objects.filter(pk__in=[item.assessment_id for item in items]).update(
        lock_version=F("lock_version") + 1
    )


def _store_figures(items: list[PlannedRow], context: Context) -> None:
    """New assessments are scored from the file's rows; changed ones re-read (they may hold
    official tool points or scores the file does not give)."""
    figures_store(
        {
            p.assessment_id: (
                p.row.framework.pk,
                p.row.official_total,
                dict(p.row.scores),
                {},
            )
            for p in items
            if p.action == NEW and p.assessment_id
        }
    )
    figures_refresh(
        assessment_ids=[p.assessment_id for p in items if p.action == UPDATE and p.assessment_id]
    )


def _indicator_texts(framework_ids: set[int]) -> IndicatorTexts:
    """Indicator id → (narrative, assessment issues) pre-filled like assessment_create does."""
    texts: IndicatorTexts = {}
    for indicator in Indicator.objects.filter(framework_id__in=framework_ids).prefetch_related(
        "standard_issues"
    ):
        texts[indicator.pk] = (
            indicator.description,
            "\n".join(i.text for i in indicator.standard_issues.all()),
        )
    return texts
