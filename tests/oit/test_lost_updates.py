"""Two people edit the same OIT evidence (with its links and files): the later, stale form
overwrites nothing and keeps its input; a paste of links makes an open form stale too."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments.models import Role
from assessments.services import membership_grant
from oit import services
from oit.models import Evidence
from tests.edit_lock import first_saves_then_second_is_refused, form_of, fresh_form_saves

FORM = "evidence_form"


@pytest.fixture
def evidence(evidence_rows) -> Evidence:
    return evidence_rows["O1"]


@pytest.fixture
def second_staff_client(seed_agency) -> Client:
    """Another staff member of the seed agency (evidence is edited by staff only)."""
    other = get_user_model().objects.create_user("oit-staff-2", password="x-staff-pass-2")
    membership_grant(user=other, agency=seed_agency, role=Role.STAFF)
    client = Client()
    client.force_login(other)
    return client


def change_url(evidence: Evidence) -> str:
    return reverse("admin:oit_evidence_change", args=[evidence.pk])


def add_link(data: dict) -> None:
    index = int(data["links-TOTAL_FORMS"][0]) - 1  # the empty extra row
    data[f"links-{index}-url"] = ["https://example.go.th/o1"]
    data[f"links-{index}-order"] = ["1"]


def change_text(data: dict) -> None:
    data["text"] = ["ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"]


def urls(evidence: Evidence) -> list[str]:
    return list(evidence.links.values_list("url", flat=True))


def test_a_link_added_by_one_makes_the_others_open_evidence_stale(
    staff_client, second_staff_client, evidence
):
    shown = first_saves_then_second_is_refused(
        staff_client,
        second_staff_client,
        change_url(evidence),
        FORM,
        first_edit=add_link,
        second_edit=change_text,
    )
    assert urls(evidence) == ["https://example.go.th/o1"]
    assert Evidence.objects.get(pk=evidence.pk).text != "ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"
    assert shown["text"] == ["ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"]
    # Saved again, knowingly: the user's text goes in, the other person's link stays.
    assert second_staff_client.post(change_url(evidence), shown).status_code == 302
    assert Evidence.objects.get(pk=evidence.pk).text == "ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"
    assert urls(evidence) == ["https://example.go.th/o1"]


def test_a_paste_of_links_makes_an_open_evidence_form_stale(
    staff_client, staff_user, seed_assessment, evidence
):
    data = form_of(staff_client, change_url(evidence), FORM)
    services.evidence_bulk_set_urls(
        user=staff_user, assessment=seed_assessment, text="O1 https://example.go.th/pasted"
    )
    change_text(data)
    response = staff_client.post(change_url(evidence), data)
    assert response.status_code == 200
    assert urls(evidence) == ["https://example.go.th/pasted"]
    assert Evidence.objects.get(pk=evidence.pk).text != "ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"


def test_a_fresh_evidence_form_saves(staff_client, evidence):
    fresh_form_saves(staff_client, change_url(evidence), FORM, add_link)
    fresh_form_saves(staff_client, change_url(evidence), FORM, change_text)
    assert urls(evidence) == ["https://example.go.th/o1"]
    assert Evidence.objects.get(pk=evidence.pk).text == "ข้อความที่เจ้าหน้าที่อีกคนพิมพ์"
