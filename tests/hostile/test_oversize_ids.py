"""An id past the database's 64-bit range, in a URL or a query parameter, is a Thai 404, never
a 500 (SQLite raised OverflowError "Python int too large to convert to SQLite INTEGER")."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ita_portal.errors import TITLE_NOT_FOUND
from tests.test_url_walk import SKIPPED, Samples, _clients, named_patterns

HUGE = "99999999999999999999"  # 20 digits: above 2**63 - 1
NUMERIC = {"pk", "year", "version", "assessment_id", "fiscal_year", "object_id", "id"}
# Query parameters read as numbers by the views (the public lists, the workspace, the admin).
NUMERIC_QUERY = ("page", "year", "agency", "cohort", "per_page", "p", "id", "assessment")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def fast_pdf(monkeypatch):
    from tests.reports.conftest import fake_pdf

    monkeypatch.setattr("reports.publishing.render_pdf", fake_pdf)


def _numeric_routes(samples: Samples) -> list[tuple[str, str]]:
    """(name, path with every numeric parameter made HUGE) of each named URL that has one."""
    paths = []
    for name, route in sorted(set(named_patterns())):
        if name in SKIPPED or "(?P<format>" in route:
            continue
        kwargs = samples.kwargs(name, route)
        params = [p for p in kwargs or {} if p in NUMERIC]
        if not params:
            continue
        for param in params:
            paths.append((f"{name}[{param}]", _with_huge(name, kwargs, param)))
    return paths


def _with_huge(name: str, kwargs: dict[str, Any], param: str) -> str:
    """The URL with HUGE in place of one parameter (reverse() itself refuses such a value)."""
    marker = 7777777777
    return reverse(name, kwargs={**kwargs, param: marker}).replace(str(marker), HUGE)


def _answering(demo: Any) -> dict[str, Client]:
    """The walk's clients, answering a server error with its page rather than raising it."""
    clients = _clients(demo)
    for client in clients.values():
        client.raise_request_exception = False
    return clients


@pytest.mark.django_db
def test_a_huge_id_in_any_url_is_a_thai_404(demo, media_root, fast_pdf):
    samples = Samples(demo, media_root)
    clients = _answering(demo)
    answers = {}
    for key, path in _numeric_routes(samples):
        for who, client in clients.items():
            response = client.get(path)
            if response.status_code >= 500 or response.status_code == 200:
                answers[f"{who} {key} {path}"] = response.status_code
    assert not answers, "\n".join(f"{k}: {v}" for k, v in sorted(answers.items()))


def _queries(name: str) -> list[dict[str, str]]:
    """The query strings to try on one URL: every numeric parameter at once, except on an
    admin list, whose unknown filters are refused as a whole (so one parameter at a time)."""
    if name.endswith("_changelist"):
        return [{parameter: HUGE} for parameter in NUMERIC_QUERY]
    return [dict.fromkeys(NUMERIC_QUERY, HUGE)]


@pytest.mark.django_db
def test_a_huge_number_in_a_query_parameter_is_never_a_500(demo, media_root, fast_pdf):
    samples = Samples(demo, media_root)
    clients = _answering(demo)
    failures = {}
    for name, route in sorted(set(named_patterns())):
        # PDFs read no query and take seconds to render: left out.
        if name in SKIPPED or "(?P<format>" in route or route.endswith(".pdf"):
            continue
        path = reverse(name, kwargs=samples.kwargs(name, route))
        for who, client in clients.items():
            # Only pages that answer read their query (not a login redirect, a 403 or a 405).
            if client.get(path).status_code != 200:
                continue
            for query in _queries(name):
                response = client.get(path, query)
                if response.status_code >= 500:
                    failures[f"{who} {path}?{'&'.join(query)}"] = response.status_code
    assert not failures, "\n".join(f"{k}: {v}" for k, v in sorted(failures.items()))


@pytest.mark.parametrize(
    "path",
    [
        f"/reports/pathumthani-2/2562/v{HUGE}.pdf",
        f"/plans/{HUGE}/",
        f"/committees/orders/{HUGE}/",
    ],
)
def test_a_huge_id_is_the_thai_404(client, demo, path):
    client.force_login(demo.users["demo-staff"])
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert TITLE_NOT_FOUND in response.content.decode()


@pytest.mark.parametrize("path", [f"/api/results/{HUGE}/", f"/api/indicator-scores/{HUGE}/"])
def test_the_api_answers_its_own_404(client, db, path):
    """The probe of issue 24 (a 500 on SQLite): the API's JSON 404, as for any missing row."""
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_huge_admin_filter_is_an_answer_in_thai(client, demo):
    """An admin list filtered by an id no row has: no rows (PostgreSQL) or the Thai 404 (SQLite
    cannot even ask), never a 500."""
    client.force_login(demo.users["demo-staff"])
    client.raise_request_exception = False
    response = client.get(f"/admin/assessments/assessment/?agency={HUGE}")
    assert response.status_code in {200, 404}
    assert 'lang="th"' in response.content.decode()
