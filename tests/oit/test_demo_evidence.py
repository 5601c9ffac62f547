"""The demo's ๒๕๖๓ evidence (reserved names or the portal's own pages only, a disputed item,
a predicted score on the workspace) and the import service it is written with."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment
from oit import selectors, services
from oit.models import Evidence, EvidenceLink

RESERVED = (".invalid", ".example", ".test", ".localhost")


@pytest.fixture
def demo_year(demo, seed_agency) -> Assessment:
    return Assessment.objects.get(agency=seed_agency, framework__fiscal_year=2563)


def test_the_demo_gives_most_2563_items_evidence_most_of_it_public(demo_year):
    rows = list(demo_year.oit_evidence.all())
    items = demo_year.framework.oit_items.filter(retired=False).count()
    assert len(rows) >= items * 0.9
    states = {row.state for row in rows}
    assert {Evidence.State.READY, Evidence.State.SUBMITTED, Evidence.State.IN_PROGRESS} <= states
    assert sum(row.public for row in rows) >= len(rows) * 0.8


def test_the_demo_has_one_disputed_item_with_a_clarification(demo_year):
    (disputed,) = demo_year.oit_evidence.exclude(preliminary_result="")
    assert disputed.preliminary_result == Evidence.Result.FAILED
    assert disputed.preliminary_comment and disputed.clarification


def test_demo_links_point_only_at_reserved_names_or_the_portal(demo_year):
    portal = urlsplit(settings.SITE_URL).hostname
    hosts = {urlsplit(url).hostname for url in EvidenceLink.objects.values_list("url", flat=True)}
    assert hosts and all(h == portal or h.endswith(RESERVED) for h in hosts), hosts


def test_the_workspace_shows_the_demos_predicted_score(staff_client, demo_year):
    score = selectors.predicted_score(demo_year)
    assert score is not None and 0 < score.prediction.percent < 100
    assert score.basis == selectors.BASIS_RESULTS  # the assessors' preliminary result is in
    body = staff_client.get(
        reverse("admin:oit_evidence_overview", args=[demo_year.pk])
    ).content.decode()
    assert selectors.BASIS_LABELS[selectors.BASIS_RESULTS] in body


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_items(demo, demo_year):
    staff = demo.users["demo-staff"]
    specs = [
        services.EvidenceSpec(code="O26", urls=("https://hr.example.invalid/o26",)),
        services.EvidenceSpec(code="O37", urls=("ftp://x.example.invalid/",)),
        services.EvidenceSpec(code="O1"),
        services.EvidenceSpec(code="O99"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.evidence_import(user=staff, assessment=demo_year, specs=specs)
    messages = caught.value.messages
    assert len(messages) == 3
    assert messages[0].startswith("O37: ")
    assert messages[1] == "O1: " + services.ERROR_IMPORT_HAS_EVIDENCE.format(code="O1")
    assert messages[2] == "O99: " + services.ERROR_IMPORT_UNKNOWN_ITEM.format(code="O99", year=2563)
    assert not demo_year.oit_evidence.filter(item__code="O26").exists()
    assert services.evidence_import(user=staff, assessment=demo_year, specs=specs[:1]) == 1


def test_only_the_agencys_staff_import(demo, demo_year):
    with pytest.raises(services.PermissionDenied):
        services.evidence_import(
            user=demo.users["demo-approver"],
            assessment=demo_year,
            specs=[services.EvidenceSpec(code="O26")],
        )
