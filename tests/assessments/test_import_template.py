"""The score-file template: the import's own columns and the user's agencies, filled and read back."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from .test_admin_import import IMPORT_URL, SCORES, grant_import, pending_folder  # noqa: F401

TEMPLATE_URL = "/admin/assessments/scoresheet/import-template/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer_client(demo, staff_client):
    grant_import(demo.users["demo-staff"])
    return staff_client


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_template_has_the_import_columns_and_only_the_users_agencies(importer_client):
    response = importer_client.get(TEMPLATE_URL, {"year": "๒๕๖๒", "format": "csv"})
    assert response.status_code == 200
    assert 'filename="ita-scores-template-2562.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response.content)
    assert header[:3] == ["agency_code", "agency_name", "fiscal_year"]
    assert [c for c in header if c.startswith("i")] == [f"i{n}" for n in range(1, 11)]
    assert [row[0] for row in rows] == ["pathumthani-2"]
    assert rows[0][2] == "2562" and rows[0][3:13] == [""] * 10


def test_a_filled_template_is_accepted_by_the_import(importer_client):
    header, row = read_csv(
        importer_client.get(TEMPLATE_URL, {"year": "2562", "format": "csv"}).content
    )
    row[3:13] = SCORES
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, row])
    upload = SimpleUploadedFile("filled.csv", buffer.getvalue().encode("utf-8"), "text/csv")
    page = importer_client.post(IMPORT_URL, {"import_file": upload, "format": "0"})
    html = page.content.decode()
    assert page.status_code == 200 and "นำเข้าไม่ได้" not in html and "ยืนยันการนำเข้า" in html


def test_the_xlsx_template_opens_with_the_same_columns(importer_client):
    response = importer_client.get(TEMPLATE_URL, {"year": "2562", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["agency_code", "agency_name", "fiscal_year"]
    assert values[1][0] == "pathumthani-2"


def test_who_may_download_it(demo, anonymous_client, staff_client, importer_client):
    assert anonymous_client.get(TEMPLATE_URL, {"year": "2562"}).status_code == 302
    # Without the import permission the template is refused too.
    grant = demo.users["demo-staff"].user_permissions
    grant.clear()
    assert staff_client.get(TEMPLATE_URL, {"year": "2562"}).status_code == 403
    grant_import(demo.users["demo-staff"])
    assert importer_client.get(TEMPLATE_URL, {"year": "1999"}).status_code == 404
    assert importer_client.get(TEMPLATE_URL, {"year": "2562", "format": "json"}).status_code == 404
