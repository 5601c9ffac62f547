"""Issue 20's acceptance on the demo: demo-supervisor's console and CSV list the ESA's schools."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from assessments.demo import SEED_AGENCY_CODE
from assessments.models import Agency

pytestmark = pytest.mark.django_db

YEAR = 2562


def _client(demo, name: str) -> Client:
    client = Client()
    client.force_login(demo.users[name])
    return client


@pytest.fixture
def school_codes(demo_published) -> list[str]:
    demo = demo_published
    esa = demo.agencies[SEED_AGENCY_CODE]
    codes = sorted(Agency.objects.filter(parent=esa).values_list("code", flat=True))
    assert len(codes) == 4
    return codes


def test_demo_supervisor_sees_every_demo_school_with_its_level_and_state(demo, school_codes):
    client = _client(demo, "demo-supervisor")
    response = client.get(reverse("supervision:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "supervision:console", args=[SEED_AGENCY_CODE, YEAR]
    )
    rows = response.context["data"].rows
    assert sorted(r.code for r in rows) == school_codes
    scored = [r for r in rows if r.total is not None]
    assert len(scored) == 3 and all(r.level_name for r in scored)  # school 1 has no scores yet
    assert len({r.stage for r in rows}) >= 3
    assert any(r.movement for r in scored)  # against the demo's ๒๕๖๑ totals
    page = response.content.decode()
    for row in rows:
        assert row.name in page and row.stage_label in page


def test_demo_supervisor_csv_has_one_row_per_school(demo, school_codes):
    client = _client(demo, "demo-supervisor")
    response = client.get(reverse("supervision:export_csv", args=[SEED_AGENCY_CODE, YEAR]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["รหัสหน่วยงาน"] for r in rows) == school_codes


@pytest.mark.parametrize("name", ["demo-staff", "demo-approver", "demo-school-staff", "demo-other"])
def test_the_demo_cast_without_the_role_gets_404(demo, school_codes, name):
    client = _client(demo, name)
    urls = [
        reverse("supervision:index"),
        reverse("supervision:console", args=[SEED_AGENCY_CODE, YEAR]),
        reverse("supervision:export_xlsx", args=[SEED_AGENCY_CODE, YEAR]),
        reverse("supervision:unit", args=[SEED_AGENCY_CODE, YEAR, school_codes[2]]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_admin_index_leads_a_supervisor_to_the_console(demo):
    supervise = reverse("supervision:index")
    page = _client(demo, "demo-supervisor").get(reverse("admin:index")).content.decode()
    assert f'href="{supervise}"' in page
    staff_page = _client(demo, "demo-staff").get(reverse("admin:index")).content.decode()
    assert f'href="{supervise}"' not in staff_page
