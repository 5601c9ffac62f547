"""Every named URL of the portal, the admin and the API answers a GET as it did before.

The walk builds each URL from its pattern with sample values taken from the demo, asks it as
an anonymous visitor, as the demo agency's staff and as a site administrator, and compares the
status codes with `tests/data/url_answers.json` (recorded before the apps were reshaped).
A new URL must be added there on purpose: `UPDATE_URL_ANSWERS=new pytest tests/test_url_walk.py`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ANSWERS = Path(__file__).parent / "data" / "url_answers.json"
# Admin views that only make sense with a POST or for another object type.
SKIPPED = {"admin:view_on_site", "admin:logout", "api:api-root"}


def named_patterns(
    patterns: list[Any] | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(qualified name, route text) of every named URL pattern, depth first."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


class Samples:
    """Sample values for URL parameters, from the demo agency (published once)."""

    def __init__(self, demo: Any, media_root: Path) -> None:
        from actionplans.models import ActionPlan
        from assessments.models import Assessment
        from committees import services as committee_services
        from committees.models import CommitteeOrder, Meeting
        from tests.committees.test_photos import png_bytes

        self.assessment = Assessment.objects.select_related("agency__cohort").get(
            agency__code="pathumthani-2", framework__fiscal_year=2562
        )
        self.plan = ActionPlan.objects.get(assessment=self.assessment)
        self.order = CommitteeOrder.objects.get(assessment=self.assessment)
        self.meeting = Meeting.objects.get(agency=self.assessment.agency)
        self.photo = committee_services.meeting_photo_add(
            user=demo.users["demo-staff"],
            meeting=self.meeting,
            image=SimpleUploadedFile("a.png", png_bytes(), "image/png"),
        )
        self.publication = self._publish(demo)
        self.job = self._job()

    def _publish(self, demo: Any) -> Any:
        from reports.publishing import report_publish

        return report_publish(assessment=self.assessment, user=demo.users["demo-approver"])

    def _job(self) -> Any:
        from reports.models import PublicationJob

        return PublicationJob.objects.create(fiscal_year=2562, total=0, status="finished")

    def kwargs(self, name: str, route: str) -> dict[str, Any] | None:
        values: dict[str, Any] = {}
        for param in _params(route):
            value = self.value(name, param)
            if value is None:
                return None
            values[param] = value
        return values

    def value(self, name: str, param: str) -> Any:
        agency = self.assessment.agency
        common = {
            "code": agency.code,
            "year": 2562,
            "version": 1,
            "file_format": "csv",
            "cohort": agency.cohort.code if agency.cohort else "",
            "key": self.photo.key,
            "path": self.publication.pdf.name,
            "app_label": "assessments",
            "fiscal_year": 2562,
            "format": "json",
            "unit_code": agency.code,
        }
        if param == "year" and name.startswith("reports:ita"):
            return 2563  # the year the demo gives public OIT evidence
        if param in common:
            return common[param]
        if param == "pk":
            return self._pk(name)
        if param == "assessment_id":
            return self.assessment.pk
        if param in {"object_id", "id"}:
            return self._admin_object_id(name)
        return None

    def _pk(self, name: str) -> Any:
        namespace = name.split(":")[0]
        if name == "reports:publication_job":
            return self.job.pk
        if name in PUBLISHED_ROWS:
            # The API's results and scores are the frozen rows of the publication, not the
            # assessment: their keys only match the assessment's by the luck of a fresh database.
            return PUBLISHED_ROWS[name](self.assessment)
        by_namespace = {
            "reports": self.assessment.pk,
            "actionplans": self.plan.pk,
            "api": self.assessment.pk,
        }
        if name == "committees:order":
            return self.order.pk
        if name == "committees:meeting":
            return self.meeting.pk
        return by_namespace.get(namespace)

    def _admin_object_id(self, name: str) -> Any:
        for model in admin.site._registry:
            opts = model._meta
            if name.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
                first = model._default_manager.order_by("pk").first()
                # A model without rows in the demo: the admin's answer for a missing object.
                return 999999 if first is None else first.pk
        return None


def _published_score_pk(assessment: Any) -> Any:
    from assessments.models import PublishedScore

    first = PublishedScore.objects.filter(assessment=assessment).order_by("pk").first()
    return None if first is None else first.pk  # an unpublished assessment has none


PUBLISHED_ROWS = {
    "api:indicator-score-detail": _published_score_pk,
}


def _params(route: str) -> list[str]:
    import re

    found = re.findall(r"<(?:\w+:)?(\w+)>", route)
    found += re.findall(r"\(\?P<(\w+)>", route)
    return found


def _clients(demo: Any) -> dict[str, Client]:
    from django.contrib.auth import get_user_model

    staff = Client()
    staff.force_login(demo.users["demo-staff"])
    superuser = get_user_model().objects.create_superuser("walker", "walker@example.invalid", "x")
    site_admin = Client()
    site_admin.force_login(superuser)
    return {"anonymous": Client(), "staff": staff, "site_admin": site_admin}


def walk(demo: Any, media_root: Path) -> dict[str, dict[str, int]]:
    samples = Samples(demo, media_root)
    clients = _clients(demo)
    answers: dict[str, dict[str, int]] = {}
    for name, route in sorted(set(named_patterns())):
        if name in SKIPPED or "(?P<format>" in route:
            continue
        kwargs = samples.kwargs(name, route)
        assert kwargs is not None, f"no sample value for a parameter of {name} ({route})"
        path = reverse(name, kwargs=kwargs)
        # Keyed by the route, not by the name: a URL that moved to another app keeps its address.
        # The admin's app-list route spells out the installed apps: one key whatever they are.
        key = "admin/<app_label>/" if name == "admin:app_list" else route
        # Ids bounded to the database's range (issue 24) are the same addresses as before.
        key = key.replace("<dbint:", "<int:")
        answers[key] = {who: client.get(path).status_code for who, client in clients.items()}
    return answers


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def fast_pdf(monkeypatch):
    from tests.reports.conftest import fake_pdf

    monkeypatch.setattr("reports.publishing.render_pdf", fake_pdf)


@pytest.mark.django_db
def test_every_url_answers_as_before(demo, media_root, fast_pdf):
    answers = walk(demo, media_root)
    expected = json.loads(ANSWERS.read_text()) if ANSWERS.exists() else {}
    update = os.environ.get("UPDATE_URL_ANSWERS")
    if update:
        # "new" records only URLs added on purpose; anything else rewrites every answer.
        recorded = {**answers, **expected} if update == "new" else answers
        ANSWERS.parent.mkdir(exist_ok=True)
        ANSWERS.write_text(json.dumps(recorded, indent=1, sort_keys=True, ensure_ascii=False))
        expected = recorded
    missing = sorted(set(expected) - set(answers))
    added = sorted(set(answers) - set(expected))
    assert not missing, f"URLs that no longer exist: {missing}"
    assert not added, f"new URLs: record them with UPDATE_URL_ANSWERS=new: {added}"
    changed = {k: (expected[k], answers[k]) for k in expected if expected[k] != answers[k]}
    assert not changed, f"URLs that answer differently (before, now): {changed}"
