"""The hierarchy of agencies from a CSV file: code, name, parent code, issuer.

The whole file is checked before anything is written; one bad line and nothing changes (every
bad line is reported with its number). Missing agencies are created, names follow the file,
an agency whose parent differs is moved (with history, assessments.hierarchy.agency_move), and
an issuer that differs from the agency's in the current fiscal year starts from that year.
A parent may come after its children in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone

from indicators.models import Issuer
from ita_portal.lib.thai import fiscal_year_of, to_thai_digits
from ita_portal.lib.users import Actor

from . import hierarchy, selectors
from .imports.problems import Problems, Report, refuse
from .imports.reading import CSV, Limits, SourceRow, check_size, read_stream
from .models import Agency, AgencyIssuer

CODE, NAME, PARENT, ISSUER = "code", "name", "parent_code", "issuer"
# Other spellings of the headers a spreadsheet may carry.
HEADER_ALIASES: Final = {
    "parent code": PARENT,
    "parent": PARENT,
    "รหัสหน่วยงาน": CODE,
    "ชื่อหน่วยงาน": NAME,
    "รหัสหน่วยงานต้นสังกัด": PARENT,
    "ผู้ออกเกณฑ์": ISSUER,
}
NOTE_IMPORTED = "นำเข้าลำดับชั้นจากแฟ้ม"
CODE_MAX, NAME_MAX = 64, 255  # Agency.code and Agency.name

ERROR_MISSING_COLUMNS = "แฟ้มต้องมีคอลัมน์ code, name และ parent_code (issuer ถ้ามี) ในแถวแรก"
ERROR_CODE = "รหัสหน่วยงานต้องเป็นอักษรอังกฤษ ตัวเลข ขีด หรือขีดล่าง และไม่ว่าง"
ERROR_NAME_EMPTY = "ไม่มีชื่อหน่วยงาน"
ERROR_TOO_LONG = "ยาวเกิน {limit} ตัวอักษร"
ERROR_DUPLICATE = "รหัส {code} ซ้ำกับบรรทัดที่ {first}"
ERROR_UNKNOWN_PARENT = "ไม่พบหน่วยงานต้นสังกัดรหัส {code} ทั้งในแฟ้มและในระบบ"
ERROR_OWN_PARENT = "หน่วยงานเป็นต้นสังกัดของตัวเองไม่ได้"
ERROR_CYCLE = "ต้นสังกัดวนกลับมาที่เดิม: {chain}"
ERROR_UNKNOWN_ISSUER = "ไม่พบผู้ออกเกณฑ์รหัส {code}"
MESSAGE_SUMMARY = (
    "สร้างใหม่ {created} หน่วยงาน เปลี่ยนชื่อ {renamed} ย้ายสังกัด {moved} "
    "เปลี่ยนผู้ออกเกณฑ์ {issuers} (ไม่เปลี่ยน {unchanged})"
)


@dataclass(frozen=True)
class AgencyLine:
    line: int
    code: str
    name: str
    parent_code: str
    issuer_code: str


@dataclass
class AgencyImportReport:
    created: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        counts = {
            "created": len(self.created),
            "renamed": len(self.renamed),
            "moved": len(self.moved),
            "issuers": len(self.issuers),
            "unchanged": self.unchanged,
        }
        return MESSAGE_SUMMARY.format(**{k: to_thai_digits(v) for k, v in counts.items()})


def agencies_import_path(path: Path, *, user: Actor | None = None) -> AgencyImportReport:
    limits = Limits.from_settings()
    check_size(path.stat().st_size, limits)
    with path.open("rb") as stream:
        return agencies_import_stream(stream, user=user, limits=limits)


def agencies_import_stream(
    stream: IO[bytes], *, user: Actor | None = None, limits: Limits | None = None
) -> AgencyImportReport:
    """Check the whole file, then write it (all or nothing); ScoreImportError lists the problems."""
    table = read_stream(stream, kind=CSV, limits=limits or Limits.from_settings())
    headers = {HEADER_ALIASES.get(h, h.replace(" ", "_")) for h in table.headers}
    if not {CODE, NAME, PARENT} <= headers:
        raise refuse(ERROR_MISSING_COLUMNS, line=1)
    lines = [_line(row) for row in table.rows]
    plan = _checked_plan(lines)
    return _write(plan, user)


def _line(row: SourceRow) -> AgencyLine:
    values = {HEADER_ALIASES.get(k, k.replace(" ", "_")): v for k, v in row.values.items()}
    return AgencyLine(
        line=row.line,
        code=values.get(CODE, "").strip(),
        name=" ".join(values.get(NAME, "").split()),
        parent_code=values.get(PARENT, "").strip(),
        issuer_code=values.get(ISSUER, "").strip(),
    )


@dataclass
class _Plan:
    lines: list[AgencyLine]
    existing: dict[str, Agency]
    issuers: dict[str, Issuer]
    # code → parent code ("" for none) of every agency on a chain: the system's, the file's over them
    parents: dict[str, str]


def _checked_plan(lines: list[AgencyLine]) -> _Plan:
    problems = Problems()
    in_file = {a.code for a in lines}
    wanted = in_file | {a.parent_code for a in lines if a.parent_code}
    existing = {a.code: a for a in Agency.objects.filter(code__in=wanted)}
    issuer_codes = {a.issuer_code for a in lines if a.issuer_code}
    issuers = {i.code: i for i in Issuer.objects.filter(code__in=issuer_codes)}
    known = set(existing) | in_file
    first_line: dict[str, int] = {}
    for item in lines:
        report = problems.at(item.line)
        _check_fields(item, report, first_line)
        if item.parent_code == item.code and item.code:
            report(PARENT, ERROR_OWN_PARENT)
        elif item.parent_code and item.parent_code not in known:
            report(PARENT, ERROR_UNKNOWN_PARENT.format(code=item.parent_code))
        if item.issuer_code and item.issuer_code not in issuers:
            report(ISSUER, ERROR_UNKNOWN_ISSUER.format(code=item.issuer_code))
    plan = _Plan(lines, existing, issuers, _final_parents(lines, existing))
    _check_cycles(plan, problems)  # an unknown parent ends its chain: the others still checked
    problems.raise_if_any()
    return plan


def _check_fields(item: AgencyLine, report: Report, first_line: dict[str, int]) -> None:
    for column, value, limit in ((CODE, item.code, CODE_MAX), (NAME, item.name, NAME_MAX)):
        if len(value) > limit:
            report(column, ERROR_TOO_LONG.format(limit=to_thai_digits(limit)))
    try:
        validate_slug(item.code)
    except ValidationError:
        report(CODE, ERROR_CODE)
    if not item.name:
        report(NAME, ERROR_NAME_EMPTY)
    if item.code in first_line:
        first = to_thai_digits(first_line[item.code])
        report(CODE, ERROR_DUPLICATE.format(code=item.code, first=first))
    else:
        first_line[item.code] = item.line


def _final_parents(lines: list[AgencyLine], existing: dict[str, Agency]) -> dict[str, str]:
    """Parent codes after the import: the system's chains above the agencies named in the file
    (read from their paths, one query), then the file's parents over them."""
    ids = {pk for agency in existing.values() for pk in agency.path_ids}
    rows = Agency.objects.filter(pk__in=ids).values_list("pk", "code", "parent_id")
    code_of = {pk: code for pk, code, _ in rows}
    parents = {code: code_of.get(parent_id, "") for _, code, parent_id in rows if parent_id}
    for item in lines:
        parents[item.code] = item.parent_code
    return parents


def _check_cycles(plan: _Plan, problems: Problems) -> None:
    """A chain of parents that comes back to where it started: reported on each file line in it."""
    line_of = {item.code: item.line for item in plan.lines}
    done: set[str] = set()
    for item in plan.lines:
        chain: list[str] = []
        code = item.code
        while code and code not in done and code not in chain:
            chain.append(code)
            code = plan.parents.get(code, "")
        if code in chain:
            cycle = chain[chain.index(code) :] + [code]
            for member in cycle[:-1]:
                if member in line_of:
                    problems.add(
                        line_of[member], PARENT, ERROR_CYCLE.format(chain=" → ".join(cycle))
                    )
        done.update(chain)


def _depth(code: str, parents: dict[str, str]) -> int:
    depth = 0
    while code := parents.get(code, ""):
        depth += 1
    return depth


@transaction.atomic
def _write(plan: _Plan, user: Actor | None) -> AgencyImportReport:
    """Parents before children (by depth after the import): a move never meets a passing cycle."""
    report = AgencyImportReport()
    agencies = dict(plan.existing)
    year = fiscal_year_of(timezone.localdate())
    for item in sorted(plan.lines, key=lambda i: (_depth(i.code, plan.parents), i.line)):
        parent = agencies.get(item.parent_code) if item.parent_code else None
        agency = agencies.get(item.code)
        if agency is None:
            agency = Agency.objects.create(code=item.code, name=item.name, parent=parent)
            agencies[item.code] = agency
            report.created.append(item.code)
        else:
            changed = _update(agency, item, parent, user, report)
            report.unchanged += 0 if changed else 1
        if item.issuer_code and _issuer_follow(agency, plan.issuers[item.issuer_code], year):
            report.issuers.append(item.code)
    return report


def _update(
    agency: Agency,
    item: AgencyLine,
    parent: Agency | None,
    user: Actor | None,
    report: AgencyImportReport,
) -> bool:
    changed = False
    if agency.name != item.name:
        agency.name = item.name
        agency.save(update_fields=["name"])
        report.renamed.append(item.code)
        changed = True
    if hierarchy.agency_move(agency=agency, new_parent=parent, user=user, note=NOTE_IMPORTED):
        report.moved.append(item.code)
        changed = True
    return changed


def _issuer_follow(agency: Agency, issuer: Issuer, year: int) -> bool:
    """The agency follows issuer from this fiscal year, unless it already does."""
    if selectors.issuer_for_agency(agency, year).pk == issuer.pk:
        return False
    AgencyIssuer.objects.update_or_create(
        agency=agency, from_fiscal_year=year, defaults={"issuer": issuer, "note": NOTE_IMPORTED}
    )
    return True
