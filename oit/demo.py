"""The seed agency's OIT evidence for ๒๕๖๓: most items ready or submitted, a few in progress,
one the assessors failed and the agency clarified; most marked public.

The rows are data (fixtures/demo/pathumthani-2-oit.json). Evidence URLs point only at reserved
names (``.invalid``) or at the portal's own pages (``{site}`` is SITE_URL): nothing in the demo
sends the link checker or a visitor to a real host. Written by the import service, as staff;
a reload (load_demo --reset) replaces whatever evidence is there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from assessments import services as assessment_services
from assessments.demo import DemoContext
from assessments.models import Assessment
from assessments.selectors import framework_for_agency

from . import services

OIT_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "pathumthani-2-oit.json"
STAFF = "demo-staff"


def read_oit(path: Path = OIT_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _assessment(context: DemoContext, year: int, code: str) -> Assessment:
    """The year's assessment as the demo makes it: no scores yet (a reload clears them)."""
    agency = context.agencies[code]
    framework = framework_for_agency(agency, year)
    existing = Assessment.objects.filter(agency=agency, framework=framework).first()
    if existing is None:
        return assessment_services.assessment_create(agency=agency, framework=framework)
    scored = existing.scores.filter(score__isnull=False).values_list("indicator__number", flat=True)
    if scored:
        assessment_services.assessment_set_scores(assessment=existing, scores=dict.fromkeys(scored))
    return existing


def _spec(item: dict[str, Any], person: str) -> services.EvidenceSpec:
    site = settings.SITE_URL.rstrip("/")
    return services.EvidenceSpec(
        code=item["code"],
        urls=tuple(url.replace("{site}", site) for url in item["urls"]),
        text=item.get("text", ""),
        state=item["state"],
        public=item["public"],
        unit_name=item.get("unit", ""),
        responsible_person=person,
        preliminary_result=item.get("preliminary_result", ""),
        preliminary_comment=item.get("preliminary_comment", ""),
        clarification=item.get("clarification", ""),
    )


def load(context: DemoContext) -> None:
    data = read_oit()
    assessment = _assessment(context, data["fiscal_year"], data["agency"])
    user = context.users[STAFF]
    # load_demo runs the loaders only on a fresh database or with --reset: edits are undone.
    for evidence in assessment.oit_evidence.all():
        services.evidence_delete(user=user, evidence=evidence)
    services.evidence_import(
        user=user,
        assessment=assessment,
        specs=[_spec(item, data["responsible_person"]) for item in data["items"]],
    )
