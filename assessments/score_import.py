"""Import of score sheets (CSV or XLSX): every row is checked first, then all is written at once.

Columns by header name: agency_code, agency_name, fiscal_year (พ.ศ.), i1 … iN (every indicator of
that year's framework), optional official_total, rank, cohort_size, cohort. Numbers may use Thai
digits. Any problem anywhere means nothing is written; each problem names its line and column.
A re-import of the same file changes nothing; a corrected file updates only what changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from indicators.models import Framework, Indicator
from ita_portal.lib.thai import to_arabic_digits

from . import access
from .models import Agency, Assessment, Cohort, IndicatorScore
from .result_figures import figures_refresh, figures_store

MAX_FILE_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 2000
REQUIRED_COLUMNS = ("agency_code", "agency_name", "fiscal_year")
OPTIONAL_COLUMNS = ("official_total", "rank", "cohort_size", "cohort")

ERROR_FILE_TOO_BIG = "แฟ้มมีขนาดเกิน {limit} เมกะไบต์"
ERROR_FILE_TYPE = "รองรับเฉพาะแฟ้ม CSV (UTF-8) และ XLSX"
ERROR_FILE_ENCODING = "อ่านแฟ้ม CSV ไม่ได้: ต้องเข้ารหัสเป็น UTF-8"
ERROR_FILE_UNREADABLE = "อ่านแฟ้ม XLSX ไม่ได้: แฟ้มเสียหายหรือไม่ใช่ XLSX"
ERROR_EMPTY = "แฟ้มไม่มีข้อมูล"
ERROR_MISSING_COLUMN = "ไม่มีคอลัมน์ {column}"
ERROR_DUPLICATE_COLUMN = "คอลัมน์ {column} ซ้ำกัน"
ERROR_REQUIRED = "ต้องกรอกค่า"
ERROR_NOT_NUMBER = "“{value}” ไม่ใช่ตัวเลข"
ERROR_SCORE_RANGE = "คะแนน {value} อยู่นอกช่วง 0–100"
ERROR_SCORE_PLACES = "คะแนน {value} มีทศนิยมเกิน 2 ตำแหน่ง"
ERROR_NOT_INTEGER = "“{value}” ไม่ใช่จำนวนเต็มบวก"
ERROR_YEAR_NO_FRAMEWORK = "ยังไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year}"
ERROR_YEAR_NOT_BE = "ปีงบประมาณ {year} ต้องเป็นปี พ.ศ. (เช่น 2562)"
ERROR_DUPLICATE_ROW = "หน่วยงาน {code} ปี {year} ซ้ำกับบรรทัดที่ {first}"
ERROR_UNKNOWN_AGENCY = "ไม่พบหน่วยงานรหัส {code} (ใช้ --create-agencies เพื่อสร้างหน่วยงานใหม่)"
ERROR_NOT_ALLOWED = "คุณไม่มีสิทธิ์นำเข้าคะแนนของหน่วยงานรหัส {code}"
ERROR_CREATE_NOT_ALLOWED = "การสร้างหน่วยงานใหม่จากแฟ้มทำได้เฉพาะผู้ดูแลระบบ"
ERROR_BAD_CODE = "รหัสหน่วยงาน “{value}” ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข - และ _"
ERROR_RANK_GT_SIZE = "ลำดับที่ {rank} มากกว่าจำนวนหน่วยงานในกลุ่ม {size}"
ERROR_COHORT_MISMATCH = "หน่วยงาน {code} อยู่ในกลุ่ม {current} ไม่ใช่ {given}"
ERROR_UNKNOWN_COHORT = "ไม่พบกลุ่มเปรียบเทียบรหัส {code}"
ERROR_MISSING_INDICATOR = "ไม่มีคะแนนตัวชี้วัดที่ {number}"

SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@dataclass(frozen=True)
class ImportProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"บรรทัดที่ {self.line}" + (f" คอลัมน์ {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ScoreImportError(Exception):
    """The file cannot be imported; problems lists every reason with its line and column."""

    def __init__(self, problems: Sequence[ImportProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class SourceRow:
    line: int
    values: dict[str, str]


@dataclass
class ParsedRow:
    line: int
    agency_code: str
    agency_name: str
    fiscal_year: int
    scores: dict[int, Decimal]
    official_total: Decimal | None = None
    rank: int | None = None
    cohort_size: int | None = None
    cohort_code: str = ""
    values: dict[str, str] = field(default_factory=dict)


NEW, UPDATE, SKIP = "new", "update", "skip"


@dataclass
class PlannedRow:
    row: ParsedRow
    action: str
    changes: tuple[str, ...] = ()
    assessment_id: int | None = None


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


# --- reading files ---------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_from_table(table: Iterable[Sequence[Any]]) -> tuple[list[str], list[SourceRow]]:
    iterator = iter(table)
    try:
        header = next(iterator)
    except StopIteration:
        raise ScoreImportError([ImportProblem(1, "", ERROR_EMPTY)]) from None
    headers = [_cell_text(h).lstrip("\ufeff").strip().lower() for h in header]
    problems = [
        ImportProblem(1, name, ERROR_DUPLICATE_COLUMN.format(column=name))
        for name in sorted({h for h in headers if h and headers.count(h) > 1})
    ]
    if problems:
        raise ScoreImportError(problems)
    rows = []
    for line, cells in enumerate(iterator, start=2):
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue  # blank lines (common at the end of spreadsheets) are not data
        values = {h: (texts[i] if i < len(texts) else "") for i, h in enumerate(headers) if h}
        rows.append(SourceRow(line=line, values=values))
    return [h for h in headers if h], rows


def read_csv(data: bytes) -> tuple[list[str], list[SourceRow]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScoreImportError([ImportProblem(1, "", ERROR_FILE_ENCODING)]) from None
    return _rows_from_table(csv.reader(io.StringIO(text, newline="")))


def read_xlsx(data: bytes) -> tuple[list[str], list[SourceRow]]:
    # openpyxl parses through defusedxml when it is installed (it is a dependency): no XML bombs.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means the same thing to the user
        raise ScoreImportError([ImportProblem(1, "", ERROR_FILE_UNREADABLE)]) from None
    try:
        sheet = workbook.worksheets[0]
        return _rows_from_table(sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_file(data: bytes, filename: str) -> tuple[list[str], list[SourceRow]]:
    """Headers and rows of a CSV or XLSX file, by its name's extension."""
    if len(data) > MAX_FILE_BYTES:
        raise ScoreImportError(
            [ImportProblem(1, "", ERROR_FILE_TOO_BIG.format(limit=MAX_FILE_BYTES // 2**20))]
        )
    name = filename.lower()
    if name.endswith(".csv"):
        return read_csv(data)
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    raise ScoreImportError([ImportProblem(1, "", ERROR_FILE_TYPE)])


def rows_from_dataset(dataset: Any) -> tuple[list[str], list[SourceRow]]:
    """Headers and rows of a tablib Dataset (the admin import reads files into one)."""
    return _rows_from_table([list(dataset.headers or []), *[list(r) for r in dataset]])


# --- checking --------------------------------------------------------------------------------


def parse_decimal(text: str) -> Decimal:
    """A number written with Arabic or Thai digits (๘๙.๐๗); ValueError with a Thai message."""
    cleaned = to_arabic_digits(text).strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(ERROR_NOT_NUMBER.format(value=text)) from None
    if not value.is_finite():
        raise ValueError(ERROR_NOT_NUMBER.format(value=text))
    return value


def parse_score(text: str) -> Decimal:
    value = parse_decimal(text)
    if value < 0 or value > 100:
        raise ValueError(ERROR_SCORE_RANGE.format(value=text))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(ERROR_SCORE_PLACES.format(value=text))
    return value.quantize(Decimal("0.01"))


def parse_positive_int(text: str) -> int:
    cleaned = to_arabic_digits(text).strip().replace(",", "")
    if not cleaned.isdigit() or int(cleaned) < 1:
        raise ValueError(ERROR_NOT_INTEGER.format(value=text))
    return int(cleaned)


@dataclass
class _Context:
    frameworks: dict[int, Framework]
    indicators: dict[int, dict[int, int]]  # framework id → {number: indicator id}
    agencies: dict[str, Agency]
    cohorts: dict[str, Cohort]


def _load_context(rows: list[SourceRow]) -> _Context:
    frameworks = {f.fiscal_year: f for f in Framework.objects.all()}
    indicators: dict[int, dict[int, int]] = {f.pk: {} for f in frameworks.values()}
    for pk, framework_id, number in Indicator.objects.values_list("pk", "framework_id", "number"):
        indicators.setdefault(framework_id, {})[number] = pk
    codes = {r.values.get("agency_code", "").strip() for r in rows}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes).select_related("cohort")}
    cohorts = {c.code: c for c in Cohort.objects.all()}
    return _Context(frameworks, indicators, agencies, cohorts)


def _check_row(
    source: SourceRow,
    context: _Context,
    *,
    user: Any,
    create_agencies: bool,
    problems: list[ImportProblem],
) -> ParsedRow | None:
    values = source.values
    line = source.line
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(ImportProblem(line, column, message))

    code = values.get("agency_code", "").strip()
    agency = context.agencies.get(code)
    if not code:
        problem("agency_code", ERROR_REQUIRED)
    elif not set(code) <= SLUG_CHARS:
        problem("agency_code", ERROR_BAD_CODE.format(value=code))
    elif user is not None and not access.is_site_admin(user):
        # The same message for an unknown agency and another agency's: no existence leak.
        if agency is None or not access.can_edit(user, agency.pk):
            problem("agency_code", ERROR_NOT_ALLOWED.format(code=code))
    elif agency is None and not create_agencies:
        problem("agency_code", ERROR_UNKNOWN_AGENCY.format(code=code))
    name = values.get("agency_name", "").strip()
    if agency is None and not name:
        problem("agency_name", ERROR_REQUIRED)

    framework = None
    year_text = values.get("fiscal_year", "").strip()
    if not year_text:
        problem("fiscal_year", ERROR_REQUIRED)
    else:
        try:
            year = parse_positive_int(year_text)
        except ValueError as exc:
            problem("fiscal_year", str(exc))
        else:
            framework = context.frameworks.get(year)
            if framework is None:
                message = ERROR_YEAR_NOT_BE if year < 2400 else ERROR_YEAR_NO_FRAMEWORK
                problem("fiscal_year", message.format(year=year))

    scores: dict[int, Decimal] = {}
    if framework is not None:
        for number in sorted(context.indicators.get(framework.pk, {})):
            column = f"i{number}"
            text = values.get(column, "").strip()
            if not text:
                problem(column, ERROR_MISSING_INDICATOR.format(number=number))
                continue
            try:
                scores[number] = parse_score(text)
            except ValueError as exc:
                problem(column, str(exc))

    parsed: dict[str, Any] = {}
    for column, parser in (
        ("official_total", parse_score),
        ("rank", parse_positive_int),
        ("cohort_size", parse_positive_int),
    ):
        text = values.get(column, "").strip()
        if text:
            try:
                parsed[column] = parser(text)
            except ValueError as exc:
                problem(column, str(exc))
    rank, size = parsed.get("rank"), parsed.get("cohort_size")
    if rank is not None and size is not None and rank > size:
        problem("rank", ERROR_RANK_GT_SIZE.format(rank=rank, size=size))

    cohort_code = values.get("cohort", "").strip()
    if cohort_code:
        if agency is not None:
            current = agency.cohort.code if agency.cohort else "-"
            if current != cohort_code:
                problem(
                    "cohort",
                    ERROR_COHORT_MISMATCH.format(code=code, current=current, given=cohort_code),
                )
        elif cohort_code not in context.cohorts and not create_agencies:
            problem("cohort", ERROR_UNKNOWN_COHORT.format(code=cohort_code))

    if len(problems) > before or framework is None:
        return None
    return ParsedRow(
        line=line,
        agency_code=code,
        agency_name=name,
        fiscal_year=framework.fiscal_year,
        scores=scores,
        official_total=parsed.get("official_total"),
        rank=rank,
        cohort_size=size,
        cohort_code=cohort_code,
        values=values,
    )


def check_rows(
    headers: list[str],
    rows: list[SourceRow],
    *,
    user: Any = None,
    create_agencies: bool = False,
) -> tuple[list[ParsedRow], _Context]:
    """Check every row; raise ScoreImportError listing every problem, or return the parsed rows.

    user None is the command line (an operator with every right); a user must be allowed to
    edit each row's agency, and only site administrators may create agencies.
    """
    problems = [
        ImportProblem(1, column, ERROR_MISSING_COLUMN.format(column=column))
        for column in REQUIRED_COLUMNS
        if column not in headers
    ]
    if user is not None and create_agencies and not access.is_site_admin(user):
        problems.append(ImportProblem(1, "", ERROR_CREATE_NOT_ALLOWED))
    if problems:
        raise ScoreImportError(problems)
    if not rows:
        raise ScoreImportError([ImportProblem(2, "", ERROR_EMPTY)])
    context = _load_context(rows)
    # A missing indicator column is reported once, on the header line.
    years = set()
    for row in rows:
        try:
            years.add(parse_positive_int(row.values.get("fiscal_year", "")))
        except ValueError:
            pass
    for year in sorted(years):
        framework = context.frameworks.get(year)
        if framework is None:
            continue
        for number in sorted(context.indicators.get(framework.pk, {})):
            if f"i{number}" not in headers:
                problems.append(
                    ImportProblem(1, f"i{number}", ERROR_MISSING_COLUMN.format(column=f"i{number}"))
                )
    if problems:
        raise ScoreImportError(problems)

    parsed_rows: list[ParsedRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for source in rows:
        key = (
            source.values.get("agency_code", "").strip(),
            to_arabic_digits(source.values.get("fiscal_year", "")).strip(),
        )
        if key in first_line:
            problems.append(
                ImportProblem(
                    source.line,
                    "agency_code",
                    ERROR_DUPLICATE_ROW.format(code=key[0], year=key[1], first=first_line[key]),
                )
            )
            continue
        first_line[key] = source.line
        parsed = _check_row(
            source, context, user=user, create_agencies=create_agencies, problems=problems
        )
        if parsed is not None:
            parsed_rows.append(parsed)
    if problems:
        raise ScoreImportError(sorted(problems, key=lambda p: (p.line, p.column)))
    return parsed_rows, context


# --- planning and writing --------------------------------------------------------------------

ASSESSMENT_FIELDS = {"official_total": "official_total", "rank": "official_rank"}


def _plan(
    rows: list[ParsedRow], context: _Context
) -> tuple[list[PlannedRow], dict[int, dict[tuple[int, int], tuple[int, Decimal | None]]]]:
    """What each row would do, against what the database holds now."""
    agency_ids = [
        context.agencies[r.agency_code].pk for r in rows if r.agency_code in context.agencies
    ]
    framework_ids = {context.frameworks[r.fiscal_year].pk for r in rows}
    existing = {
        (a.agency_id, a.framework_id): a
        for a in Assessment.objects.filter(
            agency_id__in=agency_ids, framework_id__in=framework_ids
        ).only("pk", "agency_id", "framework_id", "official_total", "official_rank", "cohort_size")
    }
    existing_ids = [a.pk for a in existing.values()]
    # assessment id → {(assessment id, indicator id): (score row id, score)}
    scores: dict[int, dict[tuple[int, int], tuple[int, Decimal | None]]] = {}
    for start in range(0, len(existing_ids), BATCH_SIZE):
        chunk = existing_ids[start : start + BATCH_SIZE]
        for pk, aid, iid, score in IndicatorScore.objects.filter(
            assessment_id__in=chunk
        ).values_list("pk", "assessment_id", "indicator_id", "score"):
            scores.setdefault(aid, {})[(aid, iid)] = (pk, score)

    planned = []
    for row in rows:
        framework = context.frameworks[row.fiscal_year]
        agency = context.agencies.get(row.agency_code)
        assessment = existing.get((agency.pk, framework.pk)) if agency else None
        if assessment is None:
            planned.append(PlannedRow(row=row, action=NEW))
            continue
        changes = []
        if row.official_total is not None and assessment.official_total != row.official_total:
            changes.append("official_total")
        if row.rank is not None and assessment.official_rank != row.rank:
            changes.append("rank")
        if row.cohort_size is not None and assessment.cohort_size != row.cohort_size:
            changes.append("cohort_size")
        held = scores.get(assessment.pk, {})
        for number, value in row.scores.items():
            indicator_id = context.indicators[framework.pk][number]
            current = held.get((assessment.pk, indicator_id))
            if current is None or current[1] != value:
                changes.append(f"i{number}")
        planned.append(
            PlannedRow(
                row=row,
                action=UPDATE if changes else SKIP,
                changes=tuple(changes),
                assessment_id=assessment.pk,
            )
        )
    return planned, scores


def _create_agencies(rows: list[ParsedRow], context: _Context) -> list[str]:
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
    agencies = []
    for code, row in new_codes.items():
        agency = Agency(
            code=code,
            name=row.agency_name,
            cohort=context.cohorts.get(row.cohort_code) if row.cohort_code else None,
        )
        agency.clean_fields(exclude=["cohort"])
        agencies.append(agency)
    Agency.objects.bulk_create(agencies, batch_size=BATCH_SIZE)
    for agency in Agency.objects.filter(code__in=list(new_codes)):
        context.agencies[agency.code] = agency
    return sorted(new_codes)


def _apply(
    planned: list[PlannedRow],
    context: _Context,
    held_scores: dict[int, dict[tuple[int, int], tuple[int, Decimal | None]]],
) -> list[str]:
    new_agencies = _create_agencies([p.row for p in planned if p.action == NEW], context)
    now = timezone.now()
    # New assessments, then their score rows (every indicator of the framework).
    new_assessments = []
    for item in planned:
        if item.action != NEW:
            continue
        row = item.row
        assessment = Assessment(
            agency=context.agencies[row.agency_code],
            framework=context.frameworks[row.fiscal_year],
            official_total=row.official_total,
            official_rank=row.rank,
            cohort_size=row.cohort_size,
        )
        assessment.clean_fields(exclude=["agency", "framework"])
        new_assessments.append(assessment)
    Assessment.objects.bulk_create(new_assessments, batch_size=BATCH_SIZE)
    created_ids = dict(
        ((agency_id, framework_id), pk)
        for pk, agency_id, framework_id in Assessment.objects.filter(
            agency_id__in=[a.agency_id for a in new_assessments]
        ).values_list("pk", "agency_id", "framework_id")
    )
    indicator_texts = _indicator_texts(
        {context.frameworks[p.row.fiscal_year].pk for p in planned if p.action != SKIP}
    )
    new_scores: list[IndicatorScore] = []
    changed_scores: list[IndicatorScore] = []
    changed_assessments: list[Assessment] = []
    for item in planned:
        row = item.row
        framework = context.frameworks[row.fiscal_year]
        numbers = context.indicators[framework.pk]
        if item.action == NEW:
            item.assessment_id = created_ids[(context.agencies[row.agency_code].pk, framework.pk)]
            for number, indicator_id in numbers.items():
                narrative, issues = indicator_texts.get(indicator_id, ("", ""))
                new_scores.append(
                    IndicatorScore(
                        assessment_id=item.assessment_id,
                        indicator_id=indicator_id,
                        score=row.scores.get(number),
                        narrative=narrative,
                        assessment_issues=issues,
                    )
                )
        elif item.action == UPDATE:
            held = held_scores.get(item.assessment_id, {})
            for number, value in row.scores.items():
                indicator_id = numbers[number]
                current = held.get((item.assessment_id, indicator_id))
                if current is None:
                    narrative, issues = indicator_texts.get(indicator_id, ("", ""))
                    new_scores.append(
                        IndicatorScore(
                            assessment_id=item.assessment_id,
                            indicator_id=indicator_id,
                            score=value,
                            narrative=narrative,
                            assessment_issues=issues,
                        )
                    )
                elif current[1] != value:
                    changed_scores.append(IndicatorScore(pk=current[0], score=value))
            assessment = Assessment(
                pk=item.assessment_id,
                official_total=row.official_total,
                official_rank=row.rank,
                cohort_size=row.cohort_size,
                updated_at=now,
                lock_version=F("lock_version") + 1,  # forms opened before the import are stale
            )
            changed_assessments.append(assessment)
    IndicatorScore.objects.bulk_create(new_scores, batch_size=BATCH_SIZE)
    IndicatorScore.objects.bulk_update(changed_scores, ["score"], batch_size=BATCH_SIZE)
    _update_assessments(changed_assessments, planned)
    # New assessments are scored from the file's rows; changed ones re-read (they may hold
    # official tool points or scores the file does not give).
    figures_store(
        {
            p.assessment_id: (
                context.frameworks[p.row.fiscal_year].pk,
                p.row.official_total,
                dict(p.row.scores),
                {},
            )
            for p in planned
            if p.action == NEW and p.assessment_id
        }
    )
    figures_refresh(assessment_ids=[p.assessment_id for p in planned if p.action == UPDATE])
    return new_agencies


def _update_assessments(assessments: list[Assessment], planned: list[PlannedRow]) -> None:
    """Write official figures that the file gives; a column the file leaves empty is kept."""
    given = {p.assessment_id: p.row for p in planned if p.action == UPDATE}
    by_fields: dict[tuple[str, ...], list[Assessment]] = {}
    for assessment in assessments:
        row = given[assessment.pk]
        fields = ["updated_at", "lock_version"]
        if row.official_total is not None:
            fields.append("official_total")
        if row.rank is not None:
            fields.append("official_rank")
        if row.cohort_size is not None:
            fields.append("cohort_size")
        by_fields.setdefault(tuple(fields), []).append(assessment)
    for fields, group in by_fields.items():
        Assessment.objects.bulk_update(group, list(fields), batch_size=BATCH_SIZE)


def _indicator_texts(framework_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Indicator id → (narrative, assessment issues) pre-filled like assessment_create does."""
    texts: dict[int, tuple[str, str]] = {}
    for indicator in Indicator.objects.filter(framework_id__in=framework_ids).prefetch_related(
        "standard_issues"
    ):
        texts[indicator.pk] = (
            indicator.description,
            "\n".join(i.text for i in indicator.standard_issues.all()),
        )
    return texts


def scores_import(
    *,
    headers: list[str],
    rows: list[SourceRow],
    user: Any = None,
    create_agencies: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row, then (unless dry_run) write them all in one transaction, in bulk.

    Raises ScoreImportError with every problem and writes nothing if any row is invalid.
    """
    parsed, context = check_rows(headers, rows, user=user, create_agencies=create_agencies)
    planned, held = _plan(parsed, context)
    new_agencies = sorted(
        {p.row.agency_code for p in planned if p.row.agency_code not in context.agencies}
    )
    report = ImportReport(rows=planned, new_agencies=new_agencies)
    if dry_run or all(p.action == SKIP for p in planned):
        return report
    with transaction.atomic():
        _apply(planned, context, held)
    report.applied = True
    return report


def scores_import_file(
    *,
    data: bytes,
    filename: str,
    user: Any = None,
    create_agencies: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    headers, rows = read_file(data, filename)
    return scores_import(
        headers=headers, rows=rows, user=user, create_agencies=create_agencies, dry_run=dry_run
    )
