"""Import of score sheets (CSV or XLSX): reading → rows → plan → writing, all or nothing.

The entry points for callers (the command, the admin, benchmarks). reading.py turns a file into
a header and rows within the size and row limits; rows.py checks every row (problems by line
and column, the first 200 listed); plan.py compares with the database; writing.py writes it
all in one transaction. A re-import of the same file changes nothing; a corrected file updates
only what changed.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessments.models import Assessment
from assessments.services import ERROR_LOCKED
from ita_portal.lib.users import Actor

from .plan import NEW, SKIP, UPDATE, ImportReport, Plan, PlannedRow, plan_rows
from .problems import ImportProblem, ScoreImportError
from .reading import Limits, SourceRow, SourceTable, check_size, kind_of, read_path, read_stream
from .rows import check_rows
from .writing import write_plan

__all__ = [
    "NEW",
    "SKIP",
    "UPDATE",
    "ImportProblem",
    "ImportReport",
    "PlannedRow",
    "ScoreImportError",
    "SourceRow",
    "scores_import",
    "scores_import_file",
    "scores_import_path",
]

logger = logging.getLogger(__name__)


def _who(user: Actor | None) -> str:
    return "command line" if user is None else f"user {user.pk} ({user.get_username()})"


def scores_import(
    *,
    headers: list[str],
    rows: list[SourceRow],
    user: Actor | None = None,
    create_agencies: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row, then (unless dry_run) write them all in one transaction, in bulk.

    Raises ScoreImportError with the problems and writes nothing if any row is invalid.
    """
    parsed, context = check_rows(headers, rows, user=user, create_agencies=create_agencies)
    plan = plan_rows(parsed, context)
    _refuse_locked(plan)
    new_agencies = sorted(
        {p.row.agency_code for p in plan.rows if p.row.agency_code not in context.agencies}
    )
    report = ImportReport(rows=plan.rows, new_agencies=new_agencies)
    if dry_run or not plan.has_writes:
        return report
    write_plan(plan, context)
    report.applied = True
    agencies = sorted({p.row.agency_code for p in plan.rows if p.action != SKIP})
    logger.info(
        "score import by %s: written, %s; agencies %s",
        _who(user),
        report.summary,
        ", ".join(agencies[:20])
        + (f" and {len(agencies) - 20} more" if len(agencies) > 20 else ""),
    )
    return report


def _refuse_locked(plan: Plan) -> None:
    """A published result is an official record: a file cannot change it (reopen it first)."""
    changing = [p.assessment_id for p in plan.rows if p.action == UPDATE and p.assessment_id]
    locked = set(
        Assessment.objects.filter(pk__in=changing, status=Assessment.Status.PUBLISHED).values_list(
            "pk", flat=True
        )
    )
    problems = [
        ImportProblem(line=p.row.line, column="", message=ERROR_LOCKED)
        for p in plan.rows
        if p.action == UPDATE and p.assessment_id in locked
    ]
    if problems:
        raise ScoreImportError(problems)


def _import(read: Callable[[], SourceTable], *, user: Actor | None, **options: Any) -> ImportReport:
    try:
        table = read()
        return scores_import(headers=table.headers, rows=table.rows, user=user, **options)
    except ScoreImportError as exc:
        logger.info("score import by %s: refused, %d problems", _who(user), exc.count)
        raise


def scores_import_file(
    *,
    data: bytes,
    filename: str,
    user: Actor | None = None,
    create_agencies: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file held in memory (its name says CSV or XLSX)."""

    def read() -> SourceTable:
        limits = Limits.from_settings()
        kind = kind_of(filename)
        check_size(len(data), limits)
        return read_stream(io.BytesIO(data), kind=kind, limits=limits)

    return _import(read, user=user, create_agencies=create_agencies, dry_run=dry_run)


def scores_import_path(
    path: Path,
    *,
    filename: str = "",
    user: Actor | None = None,
    create_agencies: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import a file on disk, read as a stream (filename: the name it was uploaded under)."""
    return _import(
        lambda: read_path(path, filename=filename),
        user=user,
        create_agencies=create_agencies,
        dry_run=dry_run,
    )
