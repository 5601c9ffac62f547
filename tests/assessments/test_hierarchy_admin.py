"""The parent of an agency in the admin: site administrators move agencies (with history);
an agency's own staff cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Agency, AgencyMove
from tests.actionplans.formdata import admin_form_data

pytestmark = pytest.mark.django_db


def agency_url(agency: Agency) -> str:
    return reverse("admin:assessments_agency_change", args=[agency.pk])


@pytest.fixture
def obec(db) -> Agency:
    return Agency.objects.create(code="obec", name="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน")


def test_staff_cannot_change_the_parent(staff_client, seed_agency, obec):
    body = staff_client.get(agency_url(seed_agency)).content.decode()
    assert 'name="parent"' not in body
    data = admin_form_data(body, "agency_form")
    data["parent"] = [str(obec.pk)]
    assert staff_client.post(agency_url(seed_agency), data).status_code == 302
    seed_agency.refresh_from_db()
    assert seed_agency.parent is None
    assert not AgencyMove.objects.exists()


def test_site_admin_moves_an_agency_with_history(site_admin_client, seed_agency, obec):
    school = Agency.objects.create(code="school", name="โรงเรียน", parent=seed_agency)
    body = site_admin_client.get(agency_url(seed_agency)).content.decode()
    assert 'name="parent"' in body
    data = admin_form_data(body, "agency_form")
    data["parent"] = [str(obec.pk)]
    response = site_admin_client.post(agency_url(seed_agency), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    seed_agency.refresh_from_db()
    school.refresh_from_db()
    assert seed_agency.parent == obec
    assert school.tree_path == f"/{obec.pk}/{seed_agency.pk}/{school.pk}/"
    move = AgencyMove.objects.get()
    assert (move.agency, move.from_parent, move.to_parent) == (seed_agency, None, obec)
    assert move.moved_by is not None and move.moved_by.username == "site-admin"
    history = site_admin_client.get(reverse("admin:assessments_agencymove_changelist"))
    assert history.status_code == 200
    assert str(seed_agency) in history.content.decode()


def test_site_admin_cannot_make_a_cycle(site_admin_client, seed_agency):
    school = Agency.objects.create(code="school", name="โรงเรียน", parent=seed_agency)
    data = admin_form_data(
        site_admin_client.get(agency_url(seed_agency)).content.decode(), "agency_form"
    )
    data["parent"] = [str(school.pk)]
    response = site_admin_client.post(agency_url(seed_agency), data)
    assert response.status_code == 200
    assert "เป็นหน่วยงานในสังกัดของ" in response.content.decode()
    seed_agency.refresh_from_db()
    assert seed_agency.parent is None
    assert not AgencyMove.objects.exists()


def test_the_history_is_for_site_administrators_only(staff_client, site_admin_client):
    url = reverse("admin:assessments_agencymove_changelist")
    assert staff_client.get(url).status_code == 403
    assert site_admin_client.get(reverse("admin:assessments_agencymove_add")).status_code == 403


# --- The CSV upload page (site administrators).

IMPORT_URL = "/admin/assessments/agency/import-hierarchy/"


def _upload(client, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("agencies.csv", text.encode("utf-8"), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": upload})


def test_the_upload_page_is_for_site_administrators_only(staff_client, approver_client):
    for client in (staff_client, approver_client):
        assert client.get(IMPORT_URL).status_code == 403
        response = _upload(client, "code,name,parent_code\nnew-root,ใหม่,\n")
        assert response.status_code == 403
    assert not Agency.objects.filter(code="new-root").exists()
    changelist = staff_client.get(reverse("admin:assessments_agency_changelist"))
    assert IMPORT_URL not in changelist.content.decode()


def test_site_admin_uploads_the_hierarchy(site_admin_client, seed_agency):
    changelist = site_admin_client.get(reverse("admin:assessments_agency_changelist"))
    assert IMPORT_URL in changelist.content.decode()
    assert site_admin_client.get(IMPORT_URL).status_code == 200
    response = _upload(
        site_admin_client,
        f"code,name,parent_code\n{seed_agency.code},{seed_agency.name},obec\nobec,สพฐ.,\n",
    )
    assert response.status_code == 302
    seed_agency.refresh_from_db()
    assert seed_agency.parent.code == "obec"
    page = site_admin_client.get(response["Location"]).content.decode()
    assert "นำเข้าลำดับชั้นแล้ว" in page


def test_a_bad_upload_lists_its_lines_and_changes_nothing(site_admin_client, seed_agency):
    response = _upload(site_admin_client, "code,name,parent_code\nx,ก,nowhere\ny,ข,y\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "ไม่มีการเปลี่ยนแปลงใด ๆ" in body and "nowhere" in body and "ต้นสังกัดของตัวเอง" in body
    assert not Agency.objects.filter(code__in=["x", "y"]).exists()


def test_staff_cannot_give_anybody_a_supervisor_membership(staff_client, seed_agency, demo):
    """Memberships (the supervisor's too) are the site administrators' table on the agency page."""
    from assessments.models import Membership, Role

    body = staff_client.get(agency_url(seed_agency)).content.decode()
    assert "memberships-TOTAL_FORMS" not in body
    data = admin_form_data(body, "agency_form")
    data.update(
        {
            "memberships-TOTAL_FORMS": ["1"],
            "memberships-INITIAL_FORMS": ["0"],
            "memberships-0-user": [str(demo.users["demo-other"].pk)],
            "memberships-0-role": [Role.SUPERVISOR],
            "memberships-0-agency": [str(seed_agency.pk)],
        }
    )
    staff_client.post(agency_url(seed_agency), data)
    assert not Membership.objects.filter(
        role=Role.SUPERVISOR, user=demo.users["demo-other"]
    ).exists()


def test_site_admin_gives_a_supervisor_membership(site_admin_client, seed_agency, demo):
    from assessments.models import Membership, Role

    body = site_admin_client.get(agency_url(seed_agency)).content.decode()
    assert "ผู้กำกับติดตาม (ดูหน่วยงานในสังกัด)" in body
    data = admin_form_data(body, "agency_form")
    index = int(data["memberships-TOTAL_FORMS"][0])
    data["memberships-TOTAL_FORMS"] = [str(index + 1)]
    data[f"memberships-{index}-user"] = [str(demo.users["demo-other"].pk)]
    data[f"memberships-{index}-role"] = [Role.SUPERVISOR]
    data[f"memberships-{index}-agency"] = [str(seed_agency.pk)]
    response = site_admin_client.post(agency_url(seed_agency), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.get(user=demo.users["demo-other"], agency=seed_agency).role == (
        Role.SUPERVISOR
    )
