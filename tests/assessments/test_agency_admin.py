"""The agency's own admin page: its staff and approvers open and change it, others may not."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments.models import Agency, Role
from assessments.services import membership_grant
from tests.actionplans.formdata import admin_form_data


def agency_url(agency: Agency) -> str:
    return reverse("admin:assessments_agency_change", args=[agency.pk])


@pytest.mark.parametrize("client_name", ["staff_client", "approver_client"])
def test_staff_and_approvers_open_and_change_their_own_agency(request, client_name, seed_agency):
    client = request.getfixturevalue(client_name)
    page = client.get(agency_url(seed_agency))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' in body
    data = admin_form_data(body, "agency_form")
    data["head_name"] = ["นายทดสอบ แก้ไขได้"]
    response = client.post(agency_url(seed_agency), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    seed_agency.refresh_from_db()
    assert seed_agency.head_name == "นายทดสอบ แก้ไขได้"


def test_staff_add_a_unit_to_their_own_agency(staff_client, seed_agency):
    data = admin_form_data(
        staff_client.get(agency_url(seed_agency)).content.decode(), "agency_form"
    )
    index = int(data["units-TOTAL_FORMS"][0])
    data["units-TOTAL_FORMS"] = [str(index + 1)]
    data[f"units-{index}-name"] = ["กลุ่มใหม่"]
    data[f"units-{index}-order"] = ["99"]
    data[f"units-{index}-agency"] = [str(seed_agency.pk)]
    assert staff_client.post(agency_url(seed_agency), data).status_code == 302
    assert seed_agency.units.filter(name="กลุ่มใหม่").exists()


def test_a_viewer_may_look_at_the_agency_but_not_change_it(seed_agency):
    viewer = get_user_model().objects.create_user("viewer-agency", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    page = client.get(agency_url(seed_agency))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(agency_url(seed_agency), {"head_name": "ผู้ดูแก้"})
    assert response.status_code == 403
    seed_agency.refresh_from_db()
    assert seed_agency.head_name != "ผู้ดูแก้"


def test_an_outsider_is_answered_as_for_a_missing_agency(outsider_client, seed_agency):
    response = outsider_client.post(agency_url(seed_agency), {"head_name": "คนนอก"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    seed_agency.refresh_from_db()
    assert seed_agency.head_name != "คนนอก"


def test_anonymous_visitor_is_sent_to_login(anonymous_client, seed_agency):
    response = anonymous_client.get(agency_url(seed_agency))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
