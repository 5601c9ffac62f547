"""OIT evidence fixtures: the seed agency's 2562 assessment (43 O-items), a viewer, its evidence rows."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assessments.models import Role
from assessments.services import membership_grant
from oit.models import Evidence
from oit.services import evidence_ensure_rows
from tests.lib.localserver import serve


@pytest.fixture
def viewer_client(demo, seed_agency) -> Client:
    """A viewer (ผู้ดูข้อมูล) of the seed agency."""
    viewer = get_user_model().objects.create_user("oit-viewer", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    return client


@pytest.fixture
def staff_user(demo):
    return demo.users["demo-staff"]


@pytest.fixture
def evidence_rows(seed_assessment, staff_user) -> dict[str, Evidence]:
    """One not-started evidence row per O-item of 2562, by item code."""
    evidence_ensure_rows(user=staff_user, assessment=seed_assessment)
    return {e.item.code: e for e in seed_assessment.oit_evidence.select_related("item")}


@pytest.fixture
def local_server():
    """A web server of the tests' own on 127.0.0.1 (tests/lib/localserver.py): (base URL, state)."""
    with serve() as (base, state):
        yield base, state
