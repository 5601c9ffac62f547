"""What the console shows for a small tree, pinned: the page and the CSV of every filter and sort,
byte for byte, against tests/supervision/data/console_pinned.json (written by the console as it
was before it was made faster). A speed change may not change a number, an order or a filter.

A deliberate change of what the console shows rewrites the file:
PIN_CONSOLE_WRITE=1 pytest tests/supervision/test_console_pinned.py (then read its diff).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import EarlierResult
from supervision import console

from .factories import SCHOOL_KIND, make_units

pytestmark = pytest.mark.django_db

PINNED = Path(__file__).parent / "data" / "console_pinned.json"
# Before the year's first deadline, in the follow-up quarters, after every deadline.
TODAYS = (dt.date(2019, 1, 15), dt.date(2019, 8, 20), dt.date(2026, 12, 7))
QUERIES = (
    "",
    "?sort=-name",
    "?sort=total",
    "?sort=-total",
    "?sort=level",
    "?sort=-level",
    "?sort=state",
    "?sort=-state",
    "?state=overdue",
    "?state=approved&sort=-total",
    "?kind=" + SCHOOL_KIND,
    "?subtree=esa-sub",
    "?subtree=esa-sub&sort=-level",
    "?page=2",
    "?page=99&sort=-state",
    "?sort=nonsense&kind=nonsense&subtree=nonsense&state=nonsense&level=nonsense",
)
PER_PAGE = 4  # the tree's 14 units over four pages


def _normalised(text: str) -> str:
    """The page's content without what differs from one database to the next (row ids, tokens)."""
    text = text[text.index('<main id="main"') : text.index("</main>")]
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", text)
    return re.sub(r"group-\d+", "group-N", text)


@pytest.fixture
def pinned_tree(tree, seed_assessment):
    """The tree, a group of units under the ESA, and last year's totals of some units."""
    sub = tree.esa.children.create(code="esa-sub", name="กลุ่มโรงเรียนทดสอบ", kind="กลุ่ม")
    extra = make_units(
        6,
        template=seed_assessment,
        prefix="grp",
        parent=sub,
        kind=SCHOOL_KIND,
        states=("approved", "published", "returned"),
    )
    year = seed_assessment.framework.fiscal_year
    for n, agency in enumerate([*tree.schools, *extra]):
        if n % 4 != 3:
            EarlierResult.objects.create(
                agency=agency, fiscal_year=year - 1, total=Decimal(60 + 9 * (n % 5))
            )
    return tree


def _shown(client, tree, year: int) -> dict[str, str]:
    base = reverse("supervision:console", args=[tree.esa.code, year])
    csv = reverse("supervision:export_csv", args=[tree.esa.code, year])
    shown = {}
    level_codes = []
    for query in QUERIES:
        response = client.get(base + query)
        assert response.status_code == 200, query
        page = response.content.decode()
        shown[f"page {query}"] = _normalised(page)
        level_codes = level_codes or [code for code, _name in response.context["data"].levels]
        export = client.get(csv + query)
        assert export.status_code == 200, query
        shown[f"csv {query}"] = export.content.decode("utf-8-sig")
    for code in level_codes:
        query = f"?level={code}&sort=-total"
        shown[f"page {query}"] = _normalised(client.get(base + query).content.decode())
        shown[f"csv {query}"] = client.get(csv + query).content.decode("utf-8-sig")
    return shown


def test_the_console_shows_what_it_was_pinned_to(
    supervisor_client, pinned_tree, seed_assessment, monkeypatch
):
    monkeypatch.setattr(console, "PER_PAGE", PER_PAGE)
    year = seed_assessment.framework.fiscal_year
    shown = {}
    for today in TODAYS:
        monkeypatch.setattr(timezone, "localdate", lambda *_a, _d=today, **_k: _d)
        shown.update(
            {
                f"{today} {key}": value
                for key, value in _shown(supervisor_client, pinned_tree, year).items()
            }
        )
    if os.environ.get("PIN_CONSOLE_WRITE"):
        PINNED.parent.mkdir(exist_ok=True)
        PINNED.write_text(json.dumps(shown, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    pinned = json.loads(PINNED.read_text())
    assert sorted(shown) == sorted(pinned)
    for key, value in pinned.items():
        assert shown[key] == value, key
