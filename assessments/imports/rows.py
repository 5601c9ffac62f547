"""Checking the rows of a score file: each becomes a ParsedRow, or problems by line and column.

Columns by header name: agency_code, agency_name, fiscal_year (พ.ศ.), i1 … iN (every indicator of
that year's framework), optional official_total, rank, cohort_size, cohort. Scores go through
the one score parser (ita_portal.lib.scores), as in the admin forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assessments import access
from assessments.models import Agency, Cohort
from assessments.selectors import agency_issuer_ids, issuer_in_history
from indicators.models import Framework, Indicator
from indicators.selectors import default_issuer
from ita_portal.lib.scores import ScoreError, parse_score, shown
from ita_portal.lib.thai import to_arabic_digits
from ita_portal.lib.users import Actor

from .problems import ImportProblem, Problems, Report, ScoreImportError
from .reading import SourceRow

REQUIRED_COLUMNS = ("agency_code", "agency_name", "fiscal_year")
OPTIONAL_COLUMNS = ("official_total", "rank", "cohort_size", "cohort")
FIRST_BE_YEAR = 2400  # a fiscal year below this was written in ค.ศ.

ERROR_MISSING_COLUMN = "ไม่มีคอลัมน์ {column}"
ERROR_EMPTY_ROWS = "แฟ้มมีแต่ชื่อคอลัมน์ ไม่มีข้อมูลหน่วยงาน"
ERROR_REQUIRED = "ต้องกรอกค่า"
ERROR_TOO_LONG = "ยาว {length} ตัวอักษร เกินที่รับได้ {limit} ตัวอักษร"
ERROR_NOT_INTEGER = "“{value}” ไม่ใช่จำนวนเต็มบวก"
ERROR_INTEGER_TOO_BIG = "“{value}” มากเกินไป: ต้องไม่เกิน {limit:,}"
ERROR_YEAR_NO_FRAMEWORK = "ยังไม่มีกรอบการประเมินของปีงบประมาณ พ.ศ. {year}"
ERROR_YEAR_NOT_BE = "ปีงบประมาณ {year} ต้องเป็นปี พ.ศ. (เช่น 2562)"
ERROR_DUPLICATE_ROW = "หน่วยงาน {code} ปี {year} ซ้ำกับบรรทัดที่ {first}"
ERROR_UNKNOWN_AGENCY = "ไม่พบหน่วยงานรหัส {code} (ใช้ --create-agencies เพื่อสร้างหน่วยงานใหม่)"
ERROR_NOT_ALLOWED = "คุณไม่มีสิทธิ์นำเข้าคะแนนของหน่วยงานรหัส {code}"
ERROR_CREATE_NOT_ALLOWED = "การสร้างหน่วยงานใหม่จากแฟ้มทำได้เฉพาะผู้ดูแลระบบ"
ERROR_BAD_CODE = "รหัส “{value}” ใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข - และ _"
ERROR_RANK_GT_SIZE = "ลำดับที่ {rank} มากกว่าจำนวนหน่วยงานในกลุ่ม {size}"
ERROR_COHORT_MISMATCH = "หน่วยงาน {code} อยู่ในกลุ่ม {current} ไม่ใช่ {given}"
ERROR_UNKNOWN_COHORT = "ไม่พบกลุ่มเปรียบเทียบรหัส {code}"
ERROR_MISSING_INDICATOR = "ไม่มีคะแนนตัวชี้วัดที่ {number}"

_SLUG = re.compile(r"[A-Za-z0-9_-]+")
_POSITIVE_NUMBER = re.compile(r"[1-9][0-9]*")
MAX_COUNT = 1_000_000  # a rank or a cohort size (the country has about 8,300 agencies)


@dataclass
class ParsedRow:
    line: int
    agency_code: str
    agency_name: str
    fiscal_year: int
    framework: Framework  # the agency's issuer's framework of the year
    scores: dict[int, Decimal]
    official_total: Decimal | None = None
    rank: int | None = None
    cohort_size: int | None = None
    cohort_code: str = ""
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What the rows are checked against, read once for the whole file."""

    frameworks: dict[tuple[int, int], Framework]  # (issuer id, fiscal year) → framework
    indicators: dict[int, dict[int, int]]  # framework id → {number: indicator id}
    agencies: dict[str, Agency]
    cohorts: dict[str, Cohort]
    issuer_history: dict[int, list[tuple[int, int]]]  # agency id → (from year, issuer id)
    default_issuer_id: int

    def framework_of(self, agency_code: str, fiscal_year: int) -> Framework | None:
        """The framework the row's agency is assessed under (a new agency: the NACC's)."""
        agency = self.agencies.get(agency_code)
        history = self.issuer_history.get(agency.pk, []) if agency else []
        issuer_id = issuer_in_history(history, fiscal_year, self.default_issuer_id)
        return self.frameworks.get((issuer_id, fiscal_year))


def parse_positive_int(text: str, maximum: int = MAX_COUNT) -> int:
    """A whole number from 1 to maximum in Arabic or Thai digits; ValueError in Thai otherwise."""
    cleaned = to_arabic_digits(text).strip().replace(",", "").lstrip("0")
    if not _POSITIVE_NUMBER.fullmatch(cleaned):
        raise ValueError(ERROR_NOT_INTEGER.format(value=shown(text)))
    # The length first: int() of thousands of digits is slow, and refused past 4,300.
    if len(cleaned) > len(str(maximum)) or int(cleaned) > maximum:
        raise ValueError(ERROR_INTEGER_TOO_BIG.format(value=shown(text), limit=maximum))
    return int(cleaned)


def load_context(rows: Iterable[SourceRow]) -> Context:
    frameworks = {(f.issuer_id, f.fiscal_year): f for f in Framework.objects.all()}
    indicators: dict[int, dict[int, int]] = {f.pk: {} for f in frameworks.values()}
    for pk, framework_id, number in Indicator.objects.values_list("pk", "framework_id", "number"):
        indicators.setdefault(framework_id, {})[number] = pk
    codes = {r.values.get("agency_code", "").strip() for r in rows}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes).select_related("cohort")}
    cohorts = {c.code: c for c in Cohort.objects.all()}
    history = agency_issuer_ids(a.pk for a in agencies.values())
    return Context(frameworks, indicators, agencies, cohorts, history, default_issuer().pk)


# --- one row, column by column -----------------------------------------------------------------


@dataclass(frozen=True)
class _Who:
    user: Actor | None  # None is the command line: an operator with every right
    create_agencies: bool

    def may_import(self, agency: Agency | None) -> bool:
        if self.user is None or access.is_site_admin(self.user):
            return True
        return agency is not None and access.can_edit(self.user, agency.pk)


def _check_text(text: str, limit: int, column: str, report: Report) -> bool:
    if len(text) > limit:
        report(column, ERROR_TOO_LONG.format(length=f"{len(text):,}", limit=limit))
        return False
    return True


def _check_agency(values: dict[str, str], context: Context, who: _Who, report: Report) -> None:
    code = values.get("agency_code", "").strip()
    agency = context.agencies.get(code)
    name = values.get("agency_name", "").strip()
    if agency is None and not name:
        report("agency_name", ERROR_REQUIRED)
    _check_text(name, Agency._meta.get_field("name").max_length or 0, "agency_name", report)
    if not code:
        report("agency_code", ERROR_REQUIRED)
    elif not _check_text(
        code, Agency._meta.get_field("code").max_length or 0, "agency_code", report
    ):
        return
    elif not _SLUG.fullmatch(code):
        report("agency_code", ERROR_BAD_CODE.format(value=shown(code)))
    elif not who.may_import(agency):
        # The same message for an unknown agency and another agency's: no existence leak.
        report("agency_code", ERROR_NOT_ALLOWED.format(code=code))
    elif agency is None and not who.create_agencies:
        report("agency_code", ERROR_UNKNOWN_AGENCY.format(code=code))


def _check_year(values: dict[str, str], context: Context, report: Report) -> Framework | None:
    year_text = values.get("fiscal_year", "").strip()
    if not year_text:
        report("fiscal_year", ERROR_REQUIRED)
        return None
    try:
        year = parse_positive_int(year_text)
    except ValueError as exc:
        report("fiscal_year", str(exc))
        return None
    framework = context.framework_of(values.get("agency_code", "").strip(), year)
    if framework is None:
        message = ERROR_YEAR_NOT_BE if year < FIRST_BE_YEAR else ERROR_YEAR_NO_FRAMEWORK
        report("fiscal_year", message.format(year=year))
    return framework


def _check_scores(
    values: dict[str, str], numbers: Iterable[int], report: Report
) -> dict[int, Decimal]:
    scores = {}
    for number in sorted(numbers):
        column = f"i{number}"
        text = values.get(column, "").strip()
        if not text:
            report(column, ERROR_MISSING_INDICATOR.format(number=number))
            continue
        try:
            scores[number] = parse_score(text)
        except ScoreError as exc:
            report(column, str(exc))
    return scores


def _check_official(values: dict[str, str], report: Report) -> dict[str, Any]:
    """official_total, rank and cohort_size where the file gives them."""
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
                report(column, str(exc))
    rank, size = parsed.get("rank"), parsed.get("cohort_size")
    if rank is not None and size is not None and rank > size:
        report("rank", ERROR_RANK_GT_SIZE.format(rank=rank, size=size))
    return parsed


def _check_cohort(values: dict[str, str], context: Context, who: _Who, report: Report) -> str:
    cohort_code = values.get("cohort", "").strip()
    if not cohort_code:
        return ""
    if not _check_text(
        cohort_code, Cohort._meta.get_field("code").max_length or 0, "cohort", report
    ):
        return ""
    code = values.get("agency_code", "").strip()
    agency = context.agencies.get(code)
    if agency is not None:
        current = agency.cohort.code if agency.cohort else "-"
        if current != cohort_code:
            message = ERROR_COHORT_MISMATCH.format(code=code, current=current, given=cohort_code)
            report("cohort", message)
    elif not _SLUG.fullmatch(cohort_code):
        report("cohort", ERROR_BAD_CODE.format(value=shown(cohort_code)))
    elif cohort_code not in context.cohorts and not who.create_agencies:
        report("cohort", ERROR_UNKNOWN_COHORT.format(code=cohort_code))
    return cohort_code


def check_row(
    source: SourceRow, context: Context, who: _Who, problems: Problems
) -> ParsedRow | None:
    """The row as ParsedRow, or None with its problems added."""
    values, before = source.values, len(problems)
    report = problems.at(source.line)
    _check_agency(values, context, who, report)
    framework = _check_year(values, context, report)
    numbers = context.indicators.get(framework.pk, {}) if framework else {}
    scores = _check_scores(values, numbers, report)
    official = _check_official(values, report)
    cohort_code = _check_cohort(values, context, who, report)
    if len(problems) > before or framework is None:
        return None
    return ParsedRow(
        line=source.line,
        agency_code=values.get("agency_code", "").strip(),
        agency_name=values.get("agency_name", "").strip(),
        fiscal_year=framework.fiscal_year,
        framework=framework,
        scores=scores,
        official_total=official.get("official_total"),
        rank=official.get("rank"),
        cohort_size=official.get("cohort_size"),
        cohort_code=cohort_code,
        values=values,
    )


# --- the whole file ----------------------------------------------------------------------------


def _header_problems(headers: list[str], who: _Who) -> list[ImportProblem]:
    problems = [
        ImportProblem(1, column, ERROR_MISSING_COLUMN.format(column=column))
        for column in REQUIRED_COLUMNS
        if column not in headers
    ]
    if who.user is not None and who.create_agencies and not access.is_site_admin(who.user):
        problems.append(ImportProblem(1, "", ERROR_CREATE_NOT_ALLOWED))
    return problems


def _indicator_column_problems(
    headers: list[str], rows: list[SourceRow], context: Context
) -> list[ImportProblem]:
    """A missing indicator column of a year the file holds, reported once on the header line."""
    framework_ids = set()
    for row in rows:
        try:
            year = parse_positive_int(row.values.get("fiscal_year", ""))
        except ValueError:
            continue
        framework = context.framework_of(row.values.get("agency_code", "").strip(), year)
        if framework is not None:
            framework_ids.add(framework.pk)
    missing = {
        f"i{number}"
        for framework_id in framework_ids
        for number in context.indicators.get(framework_id, {})
        if f"i{number}" not in headers
    }
    return [
        ImportProblem(1, column, ERROR_MISSING_COLUMN.format(column=column))
        for column in sorted(missing, key=lambda c: int(c[1:]))
    ]


def _duplicate_of(source: SourceRow, first_line: dict[tuple[str, str], int]) -> str:
    """The message if an earlier row has the same agency and year, else ""."""
    key = (
        source.values.get("agency_code", "").strip(),
        to_arabic_digits(source.values.get("fiscal_year", "")).strip(),
    )
    if key in first_line:
        return ERROR_DUPLICATE_ROW.format(code=key[0], year=key[1], first=first_line[key])
    first_line[key] = source.line
    return ""


def check_rows(
    headers: list[str],
    rows: list[SourceRow],
    *,
    user: Actor | None = None,
    create_agencies: bool = False,
) -> tuple[list[ParsedRow], Context]:
    """Check every row; raise ScoreImportError with the first problems, or return parsed rows.

    user None is the command line (an operator with every right); a user must be allowed to
    edit each row's agency, and only site administrators may create agencies.
    """
    who = _Who(user=user, create_agencies=create_agencies)
    header_problems = _header_problems(headers, who)
    if header_problems:
        raise ScoreImportError(header_problems)
    if not rows:
        raise ScoreImportError([ImportProblem(2, "", ERROR_EMPTY_ROWS)])
    context = load_context(rows)
    column_problems = _indicator_column_problems(headers, rows, context)
    if column_problems:
        raise ScoreImportError(column_problems)
    problems = Problems()
    parsed_rows: list[ParsedRow] = []
    first_line: dict[tuple[str, str], int] = {}
    for source in rows:
        duplicate = _duplicate_of(source, first_line)
        if duplicate:
            problems.add(source.line, "agency_code", duplicate)
        elif parsed := check_row(source, context, who, problems):
            parsed_rows.append(parsed)
    problems.raise_if_any()
    return parsed_rows, context
