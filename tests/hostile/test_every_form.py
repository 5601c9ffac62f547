"""Every form the staff, the approver and a site administrator can open, posted hostile input.

Generic on purpose (issue 24): the pages are every named URL of the portal, the admin and the
API (the URL walk's machinery), fetched as each user; the forms are read from the pages' HTML,
so a new page or model admin is swept the day it appears. Each form is posted
  (a) a NUL byte in every field: the Thai 400, and not one row written;
  (b) oversize Thai text (up to 1 MB) in every field a person types into: never a 500;
  (c) a 25-digit number in every choice, number, hidden or id-like field: never a 500;
and each page is asked (d) with a NUL byte, then a 25-digit number, in every query parameter
its search forms and links use: the Thai 400, then never a 500.
Run on both databases (DATABASE_URL=postgres://… for PostgreSQL: NUL and varchar overflows).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from ita_portal.errors import MESSAGE_NUL
from tests.hostile.forms import (
    HUGE,
    NUL,
    Form,
    forms_of,
    with_huge_numbers,
    with_nul,
    with_oversize,
)
from tests.test_url_walk import SKIPPED, Samples, named_patterns

ONE_MB = 1024 * 1024
POST_BUDGET = 3 * ONE_MB  # a third of DATA_UPLOAD_MAX_MEMORY_SIZE: the view, not the limit, answers
# Writes a refused request may still make: none of them the form's data.
BOOKKEEPING_TABLES = ("django_session", "axes_")
WRITES = ("INSERT", "UPDATE", "DELETE")
# Logging out (even refused, a bare button sends no NUL) would end the sweep's session.
SKIP_ENTIRELY = "logout"


def _skip_reason(path: str) -> str | None:
    """Why a form posting to this address is only posted its NUL twin (None: posted all)."""
    try:
        name = resolve(urlsplit(path).path).url_name or ""
    except Resolver404:
        return None
    if "logout" in name:
        return SKIP_ENTIRELY
    if name.endswith("delete"):
        return "a confirmed deletion would remove the sample the other forms need"
    return None


class _Links(HTMLParser):
    """The query parameters of every link on a page, by the path they lead to."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.queries: dict[str, set[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if not href:
            return
        parts = urlsplit(urljoin(self.page, href))
        if parts.query and parts.netloc in {"", "testserver"}:
            self.queries.setdefault(parts.path, set()).update(parse_qs(parts.query))


class Sweep:
    """One walk over every page as each user; what answered wrongly, by variant."""

    def __init__(self, clients: dict[str, Client]) -> None:
        self.clients = clients
        self.failures: dict[str, list[str]] = {"page": [], "nul": [], "oversize": [], "huge": []}
        self.failures["query"] = []
        self.forms_posted: set[Any] = set()
        self.queries: dict[tuple[str, str], set[str]] = {}
        self.too_many_fields: list[str] = []
        self.counts = {"pages": 0, "forms": 0, "posts": 0, "gets": 0}

    def pages(self, samples: Samples) -> list[str]:
        paths = []
        for name, route in sorted(set(named_patterns())):
            # PDFs and media hold no form and take seconds to render.
            if name in SKIPPED or "(?P<format>" in route or route.endswith(".pdf"):
                continue
            paths.append(reverse(name, kwargs=samples.kwargs(name, route)))
        return paths

    def walk(self, paths: list[str]) -> None:
        for who in self.clients:
            self.walk_as(who, paths)

    def walk_as(self, who: str, paths: list[str]) -> None:
        client = self.clients[who]
        for path in paths:
            response = client.get(path)
            if response.status_code >= 500:
                self.failures["page"].append(f"{who} GET {path}: {response.status_code}")
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            self.counts["pages"] += 1
            html = response.content.decode()
            self._read(who, path, html)

    def _read(self, who: str, path: str, html: str) -> None:
        links = _Links(path)
        links.feed(html)
        for target, names in links.queries.items():
            self.queries.setdefault((who, target), set()).update(names)
        for form in forms_of(path, html):
            if form.method == "get":
                names = {f.name for f in form.fields}
                self.queries.setdefault((who, urlsplit(form.action).path), set()).update(names)
            elif form.key not in self.forms_posted:
                self.forms_posted.add(form.key)
                self.post_hostile(who, form)

    def post_hostile(self, who: str, form: Form) -> None:
        client = self.clients[who]
        self.counts["forms"] += 1
        label = f"{who} POST {form.action} (form of {form.page})"
        reason = _skip_reason(form.action)
        if reason == SKIP_ENTIRELY:
            return
        nul_data = with_nul(form)
        if nul_data is not None:
            self.post_nul(client, label, form, nul_data)
        if reason:
            return
        text_fields = sum(1 for f in form.fields if form.is_text(f)) or 1
        # Every field far past any column, up to 1 MB, 3 MB a post (3 bytes a Thai character).
        size = min(ONE_MB, POST_BUDGET // (3 * text_fields))
        untouched = form.data()
        for variant, data in (
            ("huge", with_huge_numbers(form)),
            ("oversize", with_oversize(form, size)),
        ):
            if data == untouched:
                continue  # no field of that kind: the post would be the form as it is
            response = client.post(form.action, data)
            self.counts["posts"] += 1
            if response.status_code >= 500:
                self.failures[variant].append(f"{label}: {response.status_code}")

    def post_nul(self, client: Client, label: str, form: Form, data: dict) -> None:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(form.action, data)
        self.counts["posts"] += 1
        fields = sum(len(values) for values in data.values())
        if fields > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
            # Django refuses the post before anyone reads it (TooManyFieldsSent): a 400 too. A
            # plan the sweep's own posts made long enough meets it in the admin.
            self.too_many_fields.append(f"{label}: {fields} fields")
            if response.status_code != 400:
                self.failures["nul"].append(f"{label}: {response.status_code} {_title(response)}")
        elif response.status_code != 400 or MESSAGE_NUL not in response.content.decode():
            self.failures["nul"].append(f"{label}: {response.status_code} {_title(response)}")
        written = [q["sql"][:60] for q in queries.captured_queries if _is_write(q["sql"])]
        if written:
            self.failures["nul"].append(f"{label}: written {written}")

    def ask_queries(self) -> None:
        for (who, path), names in sorted(self.queries.items()):
            names.discard("")
            if not names:
                continue
            client = self.clients[who]
            response = client.get(path, dict.fromkeys(names, f"1{NUL}"))
            if response.status_code != 400 or MESSAGE_NUL not in response.content.decode():
                self.failures["query"].append(f"{who} GET {path} NUL in {sorted(names)}")
            # An admin list refuses unknown filters as a whole: one parameter at a time there.
            queries = (
                [{n: HUGE} for n in sorted(names)]
                if "/admin/" in path
                else [dict.fromkeys(names, HUGE)]
            )
            for query in queries:
                response = client.get(path, query)
                self.counts["gets"] += 1
                if response.status_code >= 500:
                    self.failures["query"].append(f"{who} GET {path}?{sorted(query)}: 5xx")


def _title(response: Any) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(errors="replace"), re.S)
    return found.group(1).strip() if found else ""


def _is_write(sql: str) -> bool:
    head = sql.lstrip().upper()
    return head.startswith(WRITES) and not any(t in sql for t in BOOKKEEPING_TABLES)


def _users(demo: Any) -> dict[str, Client]:
    """Staff and approver of the demo agency, then a site administrator (who reaches all)."""
    from django.contrib.auth import get_user_model

    clients = {}
    superuser = get_user_model().objects.create_superuser("sweeper", "s@example.invalid", "x")
    for who, user in (
        ("staff", demo.users["demo-staff"]),
        ("approver", demo.users["demo-approver"]),
        ("site_admin", superuser),
    ):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[who] = client
    return clients


@pytest.mark.django_db
def test_every_form_and_query_survives_hostile_input(demo, media_root, fast_pdf):
    sweep = Sweep(_users(demo))
    paths = sweep.pages(Samples(demo, media_root))
    sweep.walk(paths)
    sweep.ask_queries()
    print(sweep.counts, sweep.too_many_fields)
    # The sweep reads what it says it reads: the admin and the staff pages hold forms.
    assert sweep.counts["forms"] > 50, sweep.counts
    wrong = {variant: found for variant, found in sweep.failures.items() if found}
    assert not wrong, "\n".join(f"[{v}] {line}" for v, found in wrong.items() for line in found)
