"""OIT evidence files named .pdf are opened before they are kept: bytes behind a PDF header are
refused in Thai on the evidence page and nothing is stored; a real PDF is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita_portal.backup import media_files
from ita_portal.lib.pdf_check import ERROR_NOT_PDF
from oit.models import Evidence, EvidenceFile
from tests.edit_lock import form_of
from tests.imaging import pdf_bytes

FORM = "evidence_form"
FAKES = [
    b"%PDF-1.4\n%%EOF\n",
    b"%PDF-1.7\n" + b"\x00\x01 arbitrary bytes " * 200 + b"\n%%EOF\n",
    b"MZ\x90\x00" + b"\x00" * 100 + b"%PDF-1.4 later in the file\n%%EOF",
]


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def post_file(client, evidence: Evidence, content: bytes):
    url = reverse("admin:oit_evidence_change", args=[evidence.pk])
    data = form_of(client, url, FORM)
    data["files-TOTAL_FORMS"] = ["1"]
    data["files-0-file"] = SimpleUploadedFile("แผนปฏิบัติการ.pdf", content, "application/pdf")
    data["files-0-title"] = ["แผนปฏิบัติการประจำปี"]
    data["files-0-evidence"] = [str(evidence.pk)]
    return client.post(url, data)


@pytest.mark.parametrize("content", FAKES)
def test_a_fake_pdf_is_refused_in_thai_and_nothing_is_stored(
    staff_client, evidence_rows, media, content
):
    response = post_file(staff_client, evidence_rows["O1"], content)
    assert response.status_code == 200
    assert ERROR_NOT_PDF in response.content.decode() or "ไม่ใช่ PDF" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    assert media_files() == []


def test_a_header_and_trailer_alone_get_the_pdf_message(staff_client, evidence_rows, media):
    response = post_file(staff_client, evidence_rows["O1"], FAKES[0])
    assert ERROR_NOT_PDF in response.content.decode()


def test_a_real_pdf_is_kept(staff_client, evidence_rows, media):
    response = post_file(staff_client, evidence_rows["O1"], pdf_bytes(2))
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.file.name.endswith(".pdf")


def test_a_pdf_over_the_page_limit_is_refused(staff_client, evidence_rows, media, settings):
    settings.UPLOAD_PDF_MAX_PAGES = 2
    response = post_file(staff_client, evidence_rows["O1"], pdf_bytes(3))
    assert response.status_code == 200
    assert ERROR_NOT_PDF in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_evidence_holding_a_fake_pdf_stored_before_the_check_cannot_be_made_public(
    staff_client, evidence_rows, media
):
    evidence = evidence_rows["O1"]
    name = default_storage.save("oit/evidence/legacy.pdf", ContentFile(FAKES[0]))
    EvidenceFile.objects.create(evidence=evidence, file=name, title="ไฟล์เก่า")
    url = reverse("admin:oit_evidence_change", args=[evidence.pk])
    data = form_of(staff_client, url, FORM)
    data["public"] = ["on"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert ERROR_NOT_PDF in response.content.decode()
    assert not Evidence.objects.get(pk=evidence.pk).public
