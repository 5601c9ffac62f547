"""A fake PDF stored before uploads were opened (arbitrary bytes behind "%PDF-") keeps the report
from being published: the confirmation page and the publish button name the item and the file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from oit.models import EvidenceFile
from oit.services import evidence_ensure_rows
from reports.models import ReportPublication
from reports.stored_pdfs import ERROR_BAD_PDF, WHERE_OIT
from tests.imaging import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

TITLE = "แผนปฏิบัติการประจำปี"


def url(assessment) -> str:
    return reverse("reports:report_publish", args=[assessment.pk])


@pytest.fixture
def stored_evidence_file(approved_plan, demo):
    """An OIT evidence file of item O1 stored as before the check: bytes behind a PDF header."""
    evidence_ensure_rows(user=demo.users["demo-staff"], assessment=approved_plan)
    evidence = approved_plan.oit_evidence.get(item__code="O1")
    name = default_storage.save("oit/evidence/legacy.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return EvidenceFile.objects.create(evidence=evidence, file=name, title=TITLE)


def expected_message() -> str:
    return ERROR_BAD_PDF.format(where=WHERE_OIT.format(code="O1"), name=TITLE)


def test_a_stored_fake_pdf_blocks_publishing_with_a_thai_message(
    stored_evidence_file, approved_plan, approver_client
):
    page = approver_client.get(url(approved_plan)).content.decode()
    assert expected_message() in page
    assert "<button" not in page.split("<h1")[1]
    response = approver_client.post(url(approved_plan), follow=True)
    assert response.status_code == 200
    assert expected_message() in response.content.decode()
    assert not ReportPublication.objects.exists()


def test_the_report_publishes_once_the_file_is_replaced_by_a_real_pdf(
    stored_evidence_file, approved_plan, approver_client
):
    stored_evidence_file.file.delete(save=False)
    name = default_storage.save("oit/evidence/real.pdf", ContentFile(pdf_bytes(1)))
    EvidenceFile.objects.filter(pk=stored_evidence_file.pk).update(file=name)
    assert approver_client.post(url(approved_plan)).status_code == 302
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1
