"""An OIT evidence file chosen with an error elsewhere on the page is held and saved once corrected."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita_portal.lib.held_uploads import HELD_MESSAGE
from oit.models import EvidenceFile
from tests.edit_lock import form_of
from tests.imaging import pdf_bytes
from tests.oit.test_pdf_uploads import FORM, media  # noqa: F401


def test_an_evidence_file_survives_a_bad_link_and_is_saved_under_its_name(
    staff_client,
    evidence_rows,
    media,  # noqa: F811
):
    evidence = evidence_rows["O1"]
    url = reverse("admin:oit_evidence_change", args=[evidence.pk])
    data = form_of(staff_client, url, FORM)
    data["due_date"] = ["ไม่ใช่วันที่"]
    data["files-TOTAL_FORMS"] = ["1"]
    data["files-0-file"] = SimpleUploadedFile("แผนปฏิบัติการ.pdf", pdf_bytes(1), "application/pdf")
    data["files-0-evidence"] = [str(evidence.pk)]
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert HELD_MESSAGE.format(name="แผนปฏิบัติการ.pdf") in refused.content.decode()
    token = re.search(r'name="files-0-file__held" value="([^"]+)"', refused.content.decode())

    data = form_of(staff_client, url, FORM)
    data.update(
        {
            "files-TOTAL_FORMS": ["1"],
            "files-0-file__held": [token.group(1)],
            "files-0-title": [""],
            "files-0-evidence": [str(evidence.pk)],
        }
    )
    assert staff_client.post(url, data).status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.file_original_name == "แผนปฏิบัติการ.pdf"
    assert str(stored) == "แผนปฏิบัติการ.pdf"
