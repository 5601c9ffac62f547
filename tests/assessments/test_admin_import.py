"""The admin score-sheet import: permission, agency scoping, preview, confirm — seen through HTTP."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Assessment
from assessments.score_import import ERROR_NOT_ALLOWED

IMPORT_URL = "/admin/assessments/scoresheet/import/"
PROCESS_URL = "/admin/assessments/scoresheet/process_import/"
HEADER = ["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]]
SCORES = ["92.10", "88.40", "90.05", "86.70", "84.20", "91.30", "86.10", "85.00", "80.55", "72.40"]


def upload(*codes: str) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for code in codes:
        writer.writerow([code, "หน่วยงาน", "2562", *SCORES])
    return SimpleUploadedFile("scores.csv", buffer.getvalue().encode("utf-8"), "text/csv")


def grant_import(user) -> None:
    user.user_permissions.add(Permission.objects.get(codename="import_scoresheet"))


def seed_score(code: str, number: int) -> Decimal:
    return Assessment.objects.get(agency__code=code).scores.get(indicator__number=number).score


@pytest.fixture
def importer_client(demo, staff_client):
    """The seed agency's staff member, given the import permission."""
    grant_import(demo.users["demo-staff"])
    return staff_client


def test_anonymous_visitors_are_sent_to_login(anonymous_client, demo):
    response = anonymous_client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_import_permission_get_403(staff_client):
    assert staff_client.get(IMPORT_URL).status_code == 403
    response = staff_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2")}
    )
    assert response.status_code == 403
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")


def test_a_viewer_with_the_permission_but_no_editing_role_gets_403(demo, client):
    from django.contrib.auth import get_user_model

    from assessments.models import Role
    from assessments.services import membership_grant

    viewer = get_user_model().objects.create_user("viewer", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=demo.agencies["pathumthani-2"], role=Role.VIEWER)
    grant_import(viewer)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403


def test_the_import_page_opens_for_a_permitted_staff_member(importer_client):
    response = importer_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert "official_total" in response.content.decode()


def test_process_import_refuses_get(importer_client):
    assert importer_client.get(PROCESS_URL).status_code == 405


def test_an_agencys_staff_cannot_import_into_another_agency(importer_client):
    response = importer_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2", "demo-other")}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [3]
    assert result.invalid_rows[0].error_dict == {
        "agency_code": [ERROR_NOT_ALLOWED.format(code="demo-other")]
    }
    assert "confirm_form" not in response.context
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")
    assert seed_score("demo-other", 1) == Decimal("92.10")


def test_staff_preview_then_confirm_an_import_of_their_own_agency(importer_client):
    response = importer_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2")}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["update"]
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")  # the preview wrote nothing

    confirm = response.context["confirm_form"]
    response = importer_client.post(PROCESS_URL, dict(confirm.initial))
    assert response.status_code == 302
    assert seed_score("pathumthani-2", 1) == Decimal("92.10")


def test_a_site_admin_imports_a_file_of_several_agencies(site_admin_client, demo):
    response = site_admin_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2", "demo-other")}
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert site_admin_client.post(PROCESS_URL, dict(confirm.initial)).status_code == 302
    assert seed_score("pathumthani-2", 10) == Decimal("72.40")


EXPORT_URL = "/admin/assessments/scoresheet/export/"


def grant_export(user) -> None:
    user.user_permissions.add(Permission.objects.get(codename="export_scoresheet"))


def exported_codes(response) -> list[str]:
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return [row["agency_code"] for row in rows]


def test_the_admin_export_needs_the_export_permission(demo, staff_client, anonymous_client):
    assert anonymous_client.get(EXPORT_URL + "?year=2562").status_code == 302
    assert staff_client.get(EXPORT_URL + "?year=2562").status_code == 403


def test_the_admin_export_holds_only_the_users_agencies(demo, staff_client, site_admin_client):
    grant_export(demo.users["demo-staff"])
    response = staff_client.get(EXPORT_URL + "?year=2562&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert exported_codes(response) == ["pathumthani-2"]
    everything = site_admin_client.get(EXPORT_URL + "?year=2562")
    assert sorted(exported_codes(everything)) == ["demo-other", "pathumthani-2"]
    assert staff_client.get(EXPORT_URL + "?year=2599").status_code == 404
    assert staff_client.post(EXPORT_URL + "?year=2562").status_code == 405


def test_the_changelist_offers_import_and_export_to_permitted_users(demo, importer_client):
    grant_export(demo.users["demo-staff"])
    response = importer_client.get("/admin/assessments/scoresheet/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/admin/assessments/scoresheet/import/" in body
    assert EXPORT_URL in body


def test_the_demo_approver_may_import_for_its_own_agency_only(approver_client):
    assert approver_client.get(IMPORT_URL).status_code == 200
    response = approver_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2")}
    )
    assert response.status_code == 200 and "confirm_form" in response.context
    refused = approver_client.post(IMPORT_URL, {"format": "0", "import_file": upload("demo-other")})
    assert "confirm_form" not in refused.context
