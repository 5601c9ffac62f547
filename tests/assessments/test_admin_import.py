"""The admin score-sheet import: permission, agency scoping, preview, confirm — seen through HTTP."""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.imports import reading
from assessments.imports.admin import ERROR_CONFIRM_FAILED, ERROR_NOT_PENDING, MESSAGE_DONE
from assessments.imports.problems import MESSAGE_MORE
from assessments.imports.rows import ERROR_COHORT_MISMATCH, ERROR_NOT_ALLOWED
from assessments.models import Assessment

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
    # The 2562 results the import file holds (the demo also has the seed's 2563, for OIT).
    assessment = Assessment.objects.get(agency__code=code, framework__fiscal_year=2562)
    return assessment.scores.get(indicator__number=number).score


@pytest.fixture(autouse=True)
def pending_folder(settings, tmp_path) -> Path:
    """Uploads waiting for confirmation go to a folder of the test's own."""
    settings.IMPORT_UPLOAD_DIR = tmp_path / "pending"
    return settings.IMPORT_UPLOAD_DIR


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


# --- the confirmation reads only this session's upload ------------------------------------------


def confirm_data(name: str) -> dict[str, str]:
    return {"import_file_name": name, "original_file_name": "scores.csv", "format": "0"}


def preview(client, *codes: str):
    response = client.post(IMPORT_URL, {"format": "0", "import_file": upload(*codes)})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("shape", ["name", "absolute", "traversal", "token-like"])
def test_a_forged_file_name_at_confirm_is_neither_read_nor_deleted(
    importer_client, pending_folder, shape
):
    preview(importer_client, "pathumthani-2")  # a real upload of this session is waiting
    content = upload("pathumthani-2").read()
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
        handle.write(content)
    victim = Path(handle.name)
    token_like = pending_folder / ("f" * 32)
    token_like.write_bytes(content)  # as if another session's upload were waiting
    names = {
        "name": victim.name,
        "absolute": str(victim),
        "traversal": f"../../../..{victim}",
        "token-like": token_like.name,
    }
    try:
        response = importer_client.post(PROCESS_URL, confirm_data(names[shape]))
        assert response.status_code == 400
        assert ERROR_NOT_PENDING in response.content.decode()
        assert victim.read_bytes() == content
        assert token_like.read_bytes() == content
        assert seed_score("pathumthani-2", 1) == Decimal("97.09")
    finally:
        victim.unlink()


def test_another_users_upload_cannot_be_confirmed_and_stays_for_its_owner(
    demo, importer_client, site_admin_client, pending_folder
):
    confirm = preview(importer_client, "pathumthani-2").context["confirm_form"]
    token = confirm.initial["import_file_name"]
    assert (pending_folder / token).is_file()
    response = site_admin_client.post(PROCESS_URL, dict(confirm.initial))
    assert response.status_code == 400
    assert (pending_folder / token).is_file()
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")
    assert importer_client.post(PROCESS_URL, dict(confirm.initial)).status_code == 302
    assert seed_score("pathumthani-2", 1) == Decimal("92.10")
    assert not (pending_folder / token).exists()


def test_a_confirmation_cannot_be_replayed(importer_client, pending_folder):
    confirm = preview(importer_client, "pathumthani-2").context["confirm_form"]
    response = importer_client.post(PROCESS_URL, dict(confirm.initial), follow=True)
    assert MESSAGE_DONE.format(summary="สร้างใหม่ 0 รายการ ปรับปรุง 1 รายการ ไม่เปลี่ยนแปลง 0 รายการ") in (
        response.content.decode()
    )
    again = importer_client.post(PROCESS_URL, dict(confirm.initial))
    assert again.status_code == 400
    assert ERROR_NOT_PENDING in again.content.decode()
    assert list(pending_folder.iterdir()) == []


def test_a_refused_preview_keeps_no_file(importer_client, pending_folder):
    preview(importer_client, "demo-other")
    assert not pending_folder.exists() or list(pending_folder.iterdir()) == []


def test_staff_without_the_permission_cannot_confirm(staff_client, pending_folder):
    assert staff_client.post(PROCESS_URL, confirm_data("f" * 32)).status_code == 403


# --- what the pages say ------------------------------------------------------------------------


def test_problems_of_a_preview_are_listed_by_line_and_column_on_the_page(importer_client):
    response = preview(importer_client, "pathumthani-2", "demo-other")
    body = response.content.decode()
    message = ERROR_NOT_ALLOWED.format(code="demo-other")
    assert f"<td>3</td><td>agency_code</td><td>{message}</td>" in body
    assert "พบปัญหา 1 รายการ ไม่มีการบันทึกข้อมูลใด ๆ" in body
    assert "Some rows failed to validate" not in body
    assert "validation-error-count" not in body


def test_a_confirmation_whose_rows_now_fail_says_so_in_thai_not_import_finished(
    demo, site_admin_client
):
    other = demo.agencies["demo-other"]
    code = other.cohort.code
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[*HEADER, "cohort"], ["demo-other", "x", "2562", *SCORES, code]])
    data = SimpleUploadedFile("scores.csv", buffer.getvalue().encode(), "text/csv")
    response = site_admin_client.post(IMPORT_URL, {"format": "0", "import_file": data})
    confirm = response.context["confirm_form"]
    other.cohort = None  # the agency left its cohort between the preview and the confirmation
    other.save()
    response = site_admin_client.post(PROCESS_URL, dict(confirm.initial))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Import finished" not in body
    assert "นำเข้าแล้ว" not in body
    assert ERROR_CONFIRM_FAILED in body
    mismatch = ERROR_COHORT_MISMATCH.format(code="demo-other", current="-", given=code)
    assert f"<td>2</td><td>cohort</td><td>{mismatch}</td>" in body


def test_more_than_200_problems_are_cut_with_a_count_of_the_rest(site_admin_client):
    codes = [f"nobody-{i}" for i in range(230)]
    body = preview(site_admin_client, *codes).content.decode()
    assert body.count("<td>agency_code</td>") == 200
    assert MESSAGE_MORE.format(count=30) in body


# --- malformed files: a 4xx with a Thai message, nothing written ------------------------------


def post_file(client, name: str, content: bytes):
    file = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(IMPORT_URL, {"format": "0", "import_file": file})


def test_a_duplicate_column_is_a_400_with_a_thai_message(importer_client, pending_folder):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[*HEADER, "i1"], ["pathumthani-2", "x", "2562", *SCORES, "1"]])
    response = post_file(importer_client, "dup.csv", buffer.getvalue().encode())
    assert response.status_code == 400
    assert reading.ERROR_DUPLICATE_COLUMN.format(column="i1") in response.content.decode()
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")
    assert not pending_folder.exists() or list(pending_folder.iterdir()) == []


def test_a_csv_that_is_not_utf8_is_a_400_that_says_how_to_save_it(importer_client):
    content = upload("pathumthani-2").read().replace(b"\xe0\xb8\xab", b"\xcb")  # a cp874 byte
    response = post_file(importer_client, "scores.csv", content)
    body = response.content.decode()
    assert response.status_code == 400
    assert reading.ERROR_FILE_ENCODING in body
    assert "CSV UTF-8" in body
    assert "UnicodeDecodeError" not in body
    assert seed_score("pathumthani-2", 1) == Decimal("97.09")


def test_a_file_over_the_size_limit_is_a_400(importer_client, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = post_file(importer_client, "scores.csv", upload("pathumthani-2").read())
    assert response.status_code == 400
    assert "แฟ้มมีขนาด" in response.content.decode()


def test_a_file_that_is_neither_csv_nor_xlsx_is_a_400(importer_client):
    response = post_file(importer_client, "scores.xls", b"\xd0\xcf\x11\xe0")
    assert response.status_code == 400
    assert reading.ERROR_FILE_TYPE in response.content.decode()


def test_a_waiting_upload_is_not_served_under_media(importer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_UPLOAD_DIR = settings.MEDIA_ROOT / "private" / "score-imports"
    confirm = preview(importer_client, "pathumthani-2").context["confirm_form"]
    token = confirm.initial["import_file_name"]
    assert (settings.IMPORT_UPLOAD_DIR / token).is_file()
    response = importer_client.get(f"/media/private/score-imports/{token}")
    assert response.status_code == 404


def test_the_demo_approver_may_import_for_its_own_agency_only(approver_client):
    assert approver_client.get(IMPORT_URL).status_code == 200
    response = approver_client.post(
        IMPORT_URL, {"format": "0", "import_file": upload("pathumthani-2")}
    )
    assert response.status_code == 200 and "confirm_form" in response.context
    refused = approver_client.post(IMPORT_URL, {"format": "0", "import_file": upload("demo-other")})
    assert "confirm_form" not in refused.context


def test_a_file_chosen_with_no_format_is_held_and_checked_once_the_format_is_given(
    importer_client, settings, tmp_path
):
    from ita_portal.lib.held_uploads import HELD_MESSAGE

    settings.MEDIA_ROOT = tmp_path
    refused = importer_client.post(
        IMPORT_URL, {"format": "", "import_file": upload("pathumthani-2")}
    )
    html = refused.content.decode()
    assert HELD_MESSAGE.format(name="scores.csv") in html
    token = html.split('name="import_file__held" value="')[1].split('"')[0]

    checked = importer_client.post(IMPORT_URL, {"format": "0", "import_file__held": token})

    assert checked.status_code == 200
    assert [row.import_type for row in checked.context["result"].rows] == ["update"]
