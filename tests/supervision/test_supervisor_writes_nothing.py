"""Issue 20's acceptance: the supervisor changes nothing anywhere, and nothing unpublished leaks.

demo-supervisor (a member, so is_staff: the admin lets it in) POSTs to every named URL of the
portal, the admin and the API, built by the URL walk (tests/test_url_walk.py) from the seed
ESA's sample values and again from its published school's and an unpublished one's (PUT, PATCH
and DELETE too on the API); every answer must refuse (login, 403, 404, 405; in the admin a page
that writes nothing), and no row of any table may differ afterwards. Then: nothing of the
unpublished schools reaches the supervisor through the API, the search or the open data, and
the console's CSV holds the ESA's subtree only.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from assessments.demo import OTHER_AGENCY_CODE, SEED_AGENCY_CODE
from tests.test_url_walk import SKIPPED, Samples, named_patterns

pytestmark = pytest.mark.django_db

YEAR = 2562
PUBLISHED_SCHOOL = "pathumthani-2-school-4"
UNPUBLISHED_SCHOOLS = ("pathumthani-2-school-1", "pathumthani-2-school-2", "pathumthani-2-school-3")
REFUSED = {403, 404, 405}
# Not data: who is signed in, the lockout's attempt log.
UNWATCHED_APPS = {"sessions", "axes"}
# Logging out would turn every later request into an anonymous one (a 302 that proves nothing).
NOT_POSTED = SKIPPED | {"admin:logout", "logout"}


class SchoolSamples(Samples):
    """The walk's sample values with a school's assessment and plan (the rows a supervisor reads
    in the console), the supervised ESA as the console's agency and the school as its unit."""

    def __init__(self, base: Samples, school_code: str) -> None:
        from actionplans.models import ActionPlan
        from assessments.models import Assessment

        self.__dict__.update(base.__dict__)
        self.base = base
        self.assessment = Assessment.objects.select_related("agency__cohort").get(
            agency__code=school_code, framework__fiscal_year=YEAR
        )
        self.plan = ActionPlan.objects.filter(assessment=self.assessment).first()

    def value(self, name: str, param: str) -> Any:
        if name.startswith("supervision:") and param == "code":
            return SEED_AGENCY_CODE
        if param == "cohort":  # a school is in no cohort: the ranking of the seed's
            return self.base.value(name, param)
        return super().value(name, param)


def fingerprint() -> dict[str, str]:
    """Every watched table: a digest of all its rows' values."""
    prints = {}
    for model in apps.get_models():
        if model._meta.app_label in UNWATCHED_APPS:
            continue
        rows = model._default_manager.order_by("pk").values_list()
        prints[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return prints


def _admin_body(name: str) -> dict[str, Any]:
    """A change, a confirmed delete and the delete action on every row of the admin's model."""
    body: dict[str, Any] = {"name": "x", "title": "x", "post": "yes"}
    for model in admin.site._registry:
        opts = model._meta
        if name.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
            pks = list(model._default_manager.values_list("pk", flat=True)[:20])
            body.update({"action": "delete_selected", "_selected_action": pks})
    return body


def _refuses(name: str, path: str, response: Any) -> bool:
    """A refusal: 403, 404, 405 or the login page; in the admin also its answers that write
    nothing (the fingerprint checks it): a read-only page or an error form (200), and a
    redirect within the admin (the index for a row it does not show, the same list for an
    action it did not apply, the plans' list for their items)."""
    status = response.status_code
    if status in REFUSED:
        return True
    is_admin = name.startswith("admin:")
    if status == 302:
        to = response["Location"]
        if to.split("?")[0] == resolve_url(settings.LOGIN_URL):
            return True
        return is_admin and to.startswith(reverse("admin:index"))
    return status == 200 and is_admin


def _paths(samples: Samples) -> list[tuple[str, str]]:
    paths = []
    for name, route in sorted(set(named_patterns())):
        if name in NOT_POSTED or "(?P<format>" in route:
            continue
        kwargs = samples.kwargs(name, route)
        if kwargs is not None:
            paths.append((name, reverse(name, kwargs=kwargs)))
    return paths


def _write_everywhere(client: Client, paths: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Each URL's answers to a POST (and to PUT, PATCH, DELETE on the API) that did not refuse."""
    wrong: dict[str, list[str]] = {}
    for name, path in paths:
        body = _admin_body(name) if name.startswith("admin:") else {"name": "x"}
        answers = [("POST", client.post(path, body))]
        if name.startswith("api:"):
            answers += [
                ("PUT", client.put(path, body, content_type="application/json")),
                ("PATCH", client.patch(path, body, content_type="application/json")),
                ("DELETE", client.delete(path)),
            ]
        for method, response in answers:
            if not _refuses(name, path, response):
                wrong.setdefault(f"{name} {path}", []).append(f"{method} {response.status_code}")
    return wrong


@pytest.fixture
def supervisor(demo_published) -> Client:
    user = demo_published.users["demo-supervisor"]
    assert user.is_staff and not user.is_superuser  # a member: the admin lets it in
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def samples(demo_published, tmp_path: Path) -> Samples:
    return Samples(demo_published, tmp_path)


def test_the_supervisor_changes_nothing_anywhere(supervisor, samples):
    unpublished = SchoolSamples(samples, UNPUBLISHED_SCHOOLS[-1])
    everyone = [samples, SchoolSamples(samples, PUBLISHED_SCHOOL), unpublished]
    paths = sorted({path for each in everyone for path in _paths(each)})
    before = fingerprint()
    wrong = _write_everywhere(supervisor, paths)
    changed = sorted(label for label, digest in fingerprint().items() if before[label] != digest)
    assert not changed, f"tables the supervisor changed: {changed}"
    assert not wrong, "URLs that did not refuse the supervisor's writes:\n" + "\n".join(
        f"{k}: {v}" for k, v in sorted(wrong.items())
    )


def _identities(codes: tuple[str, ...]) -> list[str]:
    """What would betray a school: its code, name and short name."""
    from assessments.models import Agency

    rows = Agency.objects.filter(code__in=codes).values_list("code", "name", "short_name")
    assert len(rows) == len(codes)
    return [text for row in rows for text in row if text]


def _public_answers(client: Client) -> dict[str, str]:
    """The API's lists, the search and the open data of the demo year, as the supervisor gets them."""
    from indicators.models import Framework

    urls = [
        reverse(f"api:{name}-list") + "?page_size=500"
        for name in ("agency", "year", "result", "indicator-score")
    ]
    urls.append(reverse("reports:home") + "?q=" + "ตัวอย่าง")
    for issuer in Framework.objects.filter(fiscal_year=YEAR).values_list("issuer__code", flat=True):
        for file_format in ("csv", "json"):
            path = reverse("assessments:open_data_file", args=[YEAR, file_format])
            urls.append(f"{path}?issuer={issuer}")
    answers = {url: client.get(url) for url in urls}
    assert all(r.status_code in {200, 404} for r in answers.values()), answers
    return {url: r.content.decode() for url, r in answers.items() if r.status_code == 200}


def test_nothing_unpublished_of_the_schools_leaks_to_the_supervisor(supervisor):
    answers = _public_answers(supervisor)
    hidden = _identities(UNPUBLISHED_SCHOOLS)
    leaks = {url: [t for t in hidden if t in body] for url, body in answers.items()}
    leaks = {url: found for url, found in leaks.items() if found}
    assert not leaks, f"unpublished schools in the supervisor's public answers: {leaks}"
    # The published school is there: the answers above are the ones that would show the others.
    published = _identities((PUBLISHED_SCHOOL,))
    assert any(published[0] in body for body in answers.values())
    assert any(published[1] in body for body in answers.values())  # its name, in the search


@pytest.mark.parametrize("code", UNPUBLISHED_SCHOOLS)
def test_an_unpublished_school_has_no_public_page_for_the_supervisor(supervisor, code):
    urls = [
        reverse("api:agency-detail", args=[code]),
        reverse("reports:agency", args=[code]),
        reverse("reports:report", args=[code, YEAR]),
        reverse("reports:ita_json", args=[code, YEAR]),
    ]
    assert {url: supervisor.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_the_console_csv_holds_only_the_esas_subtree(supervisor):
    from assessments.hierarchy import descendants
    from assessments.models import Agency

    esa = Agency.objects.get(code=SEED_AGENCY_CODE)
    response = supervisor.get(reverse("supervision:export_csv", args=[SEED_AGENCY_CODE, YEAR]))
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    codes = {row["รหัสหน่วยงาน"] for row in csv.DictReader(io.StringIO(body))}
    assert codes == set(descendants(esa).values_list("code", flat=True))
    other = Agency.objects.get(code=OTHER_AGENCY_CODE)
    assert other.code not in body and other.name not in body
