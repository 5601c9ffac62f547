"""The console of one supervised agency and year: `console_data(root, year, filters)`.

Everything the page, the exports (and later the summary PDF) show, as one ConsoleData, read in a
fixed number of queries whatever the number of units (supervision.pipeline reads in bulk).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet

from assessments.hierarchy import descendants
from assessments.models import Agency, Assessment, EarlierResult
from indicators.models import GradeBand, Indicator
from ita_portal.lib.collection import no_cycle_collection

from .filters import SORT_CHOICES, STATE_OVERDUE, Choices, Filters, checked
from .pipeline import Earlier, Scored, earlier_results, facts_of, scored_assessments
from .rollup import FrameworkInfo, Group, Tally, group, movement
from .units import STAGES, UnitRow, empty_row, unit_row

PER_PAGE = 100  # units in the page's tables; the roll-ups count every unit shown
STATE_CHOICES = {**STAGES, STATE_OVERDUE: "เลยกำหนดตามปฏิทิน"}
GROUP_LABEL = "{issuer} ปีงบประมาณ พ.ศ. {year}"
BAND_CHOICE = "ระดับคะแนน {code} {label}"


@dataclass(frozen=True)
class ConsoleData:
    root: Agency
    year: int
    today: dt.date
    filters: Filters
    rows: tuple[UnitRow, ...]  # the units shown: filtered and sorted
    groups: tuple[Group, ...]  # roll-up and heat map of the rows shown, one per framework
    unit_count: int  # every unit under the root, before the filters
    subtrees: tuple[tuple[str, str], ...]  # (code, name) of the units that have units below
    kinds: tuple[str, ...]
    levels: tuple[tuple[str, str], ...]  # (code, name): result levels and grade bands

    @property
    def overdue(self) -> tuple[UnitRow, ...]:
        return tuple(r for r in self.rows if r.overdue_steps)

    @property
    def stage_counts(self) -> tuple[Tally, ...]:
        counts: dict[str, int] = defaultdict(int)
        for row in self.rows:
            counts[row.stage] += 1
        return tuple(Tally(key, label, counts[key]) for key, label in STAGES.items())

    @property
    def states(self) -> tuple[tuple[str, str], ...]:
        return tuple(STATE_CHOICES.items())

    @property
    def sorts(self) -> tuple[tuple[str, str], ...]:
        return SORT_CHOICES


def units_under(root: Agency) -> QuerySet[Agency]:
    """Every unit below the root."""
    return descendants(root)


def latest_year(units: QuerySet[Agency]) -> int | None:
    """The latest fiscal year in which any of the units has an assessment (one query)."""
    found = Assessment.objects.filter(agency__in=units).aggregate(
        year=Max("framework__fiscal_year")
    )
    return found["year"]


def _framework_infos(scored: Sequence[Scored]) -> dict[int, FrameworkInfo]:
    """Indicator names and band colours of the frameworks in the console (2 queries)."""
    frameworks = {s.assessment.framework_id: s.assessment.framework for s in scored}
    names: dict[int, dict[int, str]] = defaultdict(dict)
    for fid, number, name in Indicator.objects.filter(framework_id__in=frameworks).values_list(
        "framework_id", "number", "name"
    ):
        names[fid][number] = name
    colors: dict[int, dict[str, str]] = defaultdict(dict)
    for fid, code, color in GradeBand.objects.filter(framework_id__in=frameworks).values_list(
        "framework_id", "code", "color"
    ):
        colors[fid][code] = color
    return {
        fid: FrameworkInfo(
            label=GROUP_LABEL.format(issuer=f.issuer.name, year=f.fiscal_year),
            indicator_names=names[fid],
            band_colors=colors[fid],
        )
        for fid, f in frameworks.items()
    }


def _rows(units: QuerySet[Agency], year: int, today: dt.date) -> tuple[list[UnitRow], list[Scored]]:
    # The units go into every bulk read as a subquery: a list of thousands of ids costs more to
    # build and send, each time, than the whole query costs the database.
    among = units.order_by().values("pk")
    this_year = Assessment.objects.filter(agency__in=among, framework__fiscal_year=year).order_by(
        "agency__name", "-framework__fiscal_year", "pk"
    )
    scored = scored_assessments(this_year)
    last: dict[int, Earlier | Decimal | None] = dict(
        EarlierResult.objects.filter(agency__in=among, fiscal_year=year - 1).values_list(
            "agency_id", "total"
        )
    )
    # An assessment over an earlier total; its level from the stored figures where fresh.
    last.update(
        earlier_results(
            Assessment.objects.filter(agency__in=among, framework__fiscal_year=year - 1)
        )
    )
    facts = facts_of(scored, today=today, among=this_year)
    by_agency = {s.assessment.agency_id: s for s in scored}
    rows = []
    for unit in _listed(units):
        parent = unit.parent.name if unit.parent is not None else ""
        s = by_agency.get(unit.pk)
        if s is None:
            rows.append(empty_row(unit, parent))
            continue
        moved = movement(s, last.get(unit.pk))
        rows.append(unit_row(unit, parent, s, facts[s.assessment.pk], today, moved))
    return rows, scored


UNIT_FIELDS = ("code", "name", "kind", "tree_path", "parent__name")  # what a row shows of one


def _listed(units: QuerySet[Agency]) -> list[Agency]:
    """The units in the rows' first order, each with its parent's name (one query)."""
    return list(units.select_related("parent").only(*UNIT_FIELDS).order_by("name", "code"))


def _subtrees(rows: Sequence[UnitRow]) -> tuple[tuple[str, str], ...]:
    """Units that have units below them among the rows (by their materialised paths)."""
    above: set[str] = set()  # every proper prefix of a path: the paths of the units above it
    for row in rows:
        parts = row.tree_path.strip("/").split("/")
        above.update("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    return tuple((r.code, r.name) for r in rows if r.tree_path and r.tree_path in above)


def _levels(scored: Sequence[Scored]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for s in scored:
        for level in s.rules.levels:
            found.setdefault(level.code, level.name)
        for band in s.rules.bands:
            found.setdefault(band.code, BAND_CHOICE.format(code=band.code, label=band.label))
    return tuple(found.items())


def _keep(row: UnitRow, f: Filters, subtree_path: str) -> bool:
    if subtree_path and not row.tree_path.startswith(subtree_path):
        return False
    if f.kind and row.kind != f.kind:
        return False
    if f.level and f.level not in {row.level_code, row.grade}:
        return False
    if f.state == STATE_OVERDUE:
        return bool(row.overdue_steps)
    return not f.state or row.stage == f.state


STAGE_ORDER = {key: i for i, key in enumerate(STAGES)}


def _sort_value(row: UnitRow, key: str) -> tuple:
    # Units without the value (no result yet) go after those with one.
    if key == "total":
        return (row.total is None, -(row.total or 0), row.name, row.code)
    if key == "level":
        return (row.level_rank is None, row.level_rank or 0, row.name, row.code)
    if key == "state":
        return (-STAGE_ORDER[row.stage], row.name, row.code)
    return (row.name, row.code)


def _has_value(row: UnitRow, key: str) -> bool:
    if key == "total":
        return row.total is not None
    if key == "level":
        return row.level_rank is not None
    return True


def sorted_rows(rows: Iterable[UnitRow], f: Filters) -> list[UnitRow]:
    """Sorted by f.sort: name A→Z, total and level best first, state furthest first; '-' reverses.
    Units without a total or level (no result yet) come last either way."""
    key = f.sort_key
    ordered = sorted(rows, key=lambda r: _sort_value(r, key))
    if not f.descending:
        return ordered
    valued = [r for r in ordered if _has_value(r, key)]
    return valued[::-1] + [r for r in ordered if not _has_value(r, key)]


def _groups(rows: Sequence[UnitRow], scored: Sequence[Scored]) -> tuple[Group, ...]:
    infos = _framework_infos(scored)
    samples = {s.assessment.framework_id: s for s in scored}
    by_framework: dict[int, list[UnitRow]] = defaultdict(list)
    for row in rows:
        if row.framework_id is not None:
            by_framework[row.framework_id].append(row)
    return tuple(
        group(fid, members, samples[fid], infos[fid])
        for fid, members in sorted(by_framework.items(), key=lambda kv: infos[kv[0]].label)
    )


def console_for_units(
    root: Agency, units: QuerySet[Agency], year: int, filters: Filters, *, today: dt.date
) -> ConsoleData:
    """The console over the given units (read once, and given to the bulk reads as a subquery)."""
    # A row is some thirty objects that live as long as the console: for 7,595 units the cycle
    # collector walked them all several times, about half the console's time, for no garbage.
    with no_cycle_collection():
        return _console(root, units, year, filters, today=today)


def _console(
    root: Agency, units: QuerySet[Agency], year: int, filters: Filters, *, today: dt.date
) -> ConsoleData:
    rows, scored = _rows(units, year, today)
    subtrees = _subtrees(rows)
    kinds = tuple(sorted({r.kind for r in rows if r.kind}))
    levels = _levels(scored)
    filters = checked(
        filters,
        Choices(
            subtrees={code for code, _ in subtrees},
            kinds=set(kinds),
            levels={code for code, _ in levels},
            states=set(STATE_CHOICES),
        ),
    )
    subtree_path = next((r.tree_path for r in rows if r.code == filters.subtree), "")
    shown = sorted_rows((r for r in rows if _keep(r, filters, subtree_path)), filters)
    return ConsoleData(
        root=root,
        year=year,
        today=today,
        filters=filters,
        rows=tuple(shown),
        groups=_groups(shown, scored),
        unit_count=len(rows),
        subtrees=subtrees,
        kinds=kinds,
        levels=levels,
    )


def console_data(
    root: Agency, year: int, filters: Filters, *, today: dt.date | None = None
) -> ConsoleData:
    """The console of the root's units in the year (the page, the exports and the PDF read it)."""
    today = today or dt.date.today()
    return console_for_units(root, units_under(root), year, filters, today=today)


@dataclass(frozen=True)
class ConsolePage:
    """One page of the console's tables: its units, and each group's heat-map rows among them."""

    page: Page
    heat: tuple[tuple[Group, tuple[UnitRow, ...]], ...]  # (group, its rows on this page)


def console_page(data: ConsoleData, number: str | int | None) -> ConsolePage:
    """The page of the unit tables (100 units; past the last: the last); the roll-ups, counts
    and exports stay over every unit shown."""
    page = Paginator(data.rows, PER_PAGE).get_page(number)
    on_page = {row.agency_id for row in page.object_list}
    return ConsolePage(
        page=page,
        heat=tuple((g, tuple(r for r in g.rows if r.agency_id in on_page)) for g in data.groups),
    )
