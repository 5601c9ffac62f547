"""The console's filters and sorting from the query string: a bad value is dropped with a Thai
notice, never an error."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

SORTS = ("name", "total", "level", "state")
SORT_CHOICES = (
    ("name", "ชื่อหน่วยงาน ก–ฮ"),
    ("-name", "ชื่อหน่วยงาน ฮ–ก"),
    ("total", "คะแนนรวม มากไปน้อย"),
    ("-total", "คะแนนรวม น้อยไปมาก"),
    ("level", "ระดับ สูงไปต่ำ"),
    ("-level", "ระดับ ต่ำไปสูง"),
    ("state", "ความคืบหน้า มากไปน้อย"),
    ("-state", "ความคืบหน้า น้อยไปมาก"),
)
DEFAULT_SORT = "name"
STATE_OVERDUE = "overdue"
SHOWN_MAX = 40  # a value echoed in a notice is cut to this many characters

NOTICE_SUBTREE = "ไม่พบหน่วยงาน “{value}” ในสังกัด จึงแสดงทุกหน่วยงาน"
NOTICE_KIND = "ไม่พบประเภทหน่วยงาน “{value}” จึงไม่กรองตามประเภท"
NOTICE_LEVEL = "ไม่พบระดับ “{value}” จึงไม่กรองตามระดับ"
NOTICE_STATE = "ไม่พบสถานะ “{value}” จึงไม่กรองตามสถานะ"
NOTICE_SORT = "เรียงตาม “{value}” ไม่ได้ จึงเรียงตามชื่อหน่วยงาน"


@dataclass(frozen=True)
class Filters:
    subtree: str = ""
    kind: str = ""
    level: str = ""
    state: str = ""
    sort: str = DEFAULT_SORT
    notices: tuple[str, ...] = ()

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def sort_key(self) -> str:
        return self.sort.removeprefix("-")

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (empty ones left out)."""
        names = ("subtree", "kind", "level", "state", "sort")
        return {n: getattr(self, n) for n in names if getattr(self, n)}


@dataclass(frozen=True)
class Choices:
    """The values a filter may take in this console."""

    subtrees: Collection[str]
    kinds: Collection[str]
    levels: Collection[str]
    states: Collection[str]


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"


def parse_filters(params: Mapping[str, str]) -> Filters:
    """The raw values of the query string (checked against the console's data by `checked`)."""

    def get(name: str) -> str:
        value = params.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    return Filters(
        subtree=get("subtree"),
        kind=get("kind"),
        level=get("level"),
        state=get("state"),
        sort=get("sort") or DEFAULT_SORT,
    )


def checked(filters: Filters, choices: Choices) -> Filters:
    """The filters with every value this console does not know dropped, and a notice for each."""
    notices = list(filters.notices)
    changes: dict[str, str] = {}
    for name, allowed, notice in (
        ("subtree", choices.subtrees, NOTICE_SUBTREE),
        ("kind", choices.kinds, NOTICE_KIND),
        ("level", choices.levels, NOTICE_LEVEL),
        ("state", choices.states, NOTICE_STATE),
    ):
        value = getattr(filters, name)
        if value and value not in allowed:
            changes[name] = ""
            notices.append(notice.format(value=_shown(value)))
    if filters.sort.removeprefix("-") not in SORTS:
        changes["sort"] = DEFAULT_SORT
        notices.append(NOTICE_SORT.format(value=_shown(filters.sort)))
    return replace(filters, **changes, notices=tuple(notices))
