"""Which O-item of a later framework continues each item of an earlier one (docs/frameworks.md).

The rules, in order, each taking the source items the ones before left:

1. **admin** — a site administrator's `ItemCrosswalk`, followed along a chain through the
   years between (๒๕๖๖ O42 → ๒๕๖๗ O32 → ๒๕๖๘ O32 → ๒๕๖๙ O25) until it reaches the target;
2. **role** — the item with the same (non-blank) role, when the role names one item on each side;
3. **code+title** — the same code and the same or a similar title.

Rules 2 and 3 only take a target item no earlier rule took (an administrator may merge two
items into one; the automatic rules never do). Retired target items are never chosen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .models import Framework, ItemCrosswalk, OITItem

HOW_ADMIN = "admin"
HOW_ROLE = "role"
HOW_CODE_TITLE = "code+title"

# Titles of the same item drift between years ("โครงสร้าง" → "โครงสร้าง หน้าที่และอำนาจ");
# below this likeness two titles under one code are taken for different items.
TITLE_LIKENESS = 0.8


@dataclass
class CrosswalkResult:
    mapped: dict[OITItem, OITItem] = field(default_factory=dict)
    unmapped: list[OITItem] = field(default_factory=list)
    how: dict[OITItem, str] = field(default_factory=dict)


def _plain(title: str) -> str:
    return re.sub(r"[\s\-–—_.,:;()\"“”']+", "", title).casefold()


def similar_titles(a: str, b: str) -> bool:
    """The same title give or take spaces, punctuation and case, one holding the other, or close."""
    a, b = _plain(a), _plain(b)
    if not a or not b:
        return False
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= TITLE_LIKENESS


def _admin_target(item_id: int, links: dict[int, ItemCrosswalk], target: Framework) -> int | None:
    """Follow the administrator's links from the item until one lands in target (years only rise)."""
    step = links.get(item_id)
    while step is not None:
        to_item = step.to_item
        if to_item.framework_id == target.pk:
            return to_item.pk
        if to_item.framework.fiscal_year >= target.fiscal_year:
            return None
        step = links.get(to_item.pk)
    return None


def _admin_links() -> dict[int, ItemCrosswalk]:
    rows = ItemCrosswalk.objects.select_related("to_item__framework")
    return {row.from_item_id: row for row in rows}


def _single_roles(items: list[OITItem]) -> dict[str, OITItem]:
    counts = Counter(i.role for i in items if i.role)
    return {i.role: i for i in items if i.role and counts[i.role] == 1}


def _by_role(sources: list[OITItem], targets: list[OITItem]) -> dict[OITItem, OITItem]:
    source_roles, target_roles = _single_roles(sources), _single_roles(targets)
    return {item: target_roles[role] for role, item in source_roles.items() if role in target_roles}


def _by_code_and_title(sources: list[OITItem], targets: list[OITItem]) -> dict[OITItem, OITItem]:
    by_code = {t.code: t for t in targets}
    return {
        item: by_code[item.code]
        for item in sources
        if item.code in by_code and similar_titles(item.name, by_code[item.code].name)
    }


def map_items(source: Framework, target: Framework) -> CrosswalkResult:
    """Every item of source mapped to the item of target that continues it, or left unmapped."""
    sources = list(source.oit_items.order_by("order", "id"))
    targets = list(
        target.oit_items.filter(retired=False).select_related("framework").order_by("order", "id")
    )
    by_id = {t.pk: t for t in targets}
    result = CrosswalkResult()
    links = _admin_links()
    for item in sources:
        found = by_id.get(_admin_target(item.pk, links, target) or 0)
        if found is not None:
            result.mapped[item], result.how[item] = found, HOW_ADMIN
    for how, rule in ((HOW_ROLE, _by_role), (HOW_CODE_TITLE, _by_code_and_title)):
        taken = {t.pk for t in result.mapped.values()}
        left = [i for i in sources if i not in result.mapped]
        free = [t for t in targets if t.pk not in taken]
        for item, found in rule(left, free).items():
            result.mapped[item], result.how[item] = found, how
    result.unmapped = [i for i in sources if i not in result.mapped]
    return result
