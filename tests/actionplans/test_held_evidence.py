"""Progress evidence chosen with an error elsewhere is held and saved once corrected, under the
uploader's name; the change page and the download show that name, never the generated one."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans.models import ProgressReport
from ita_portal.lib.held_uploads import HELD_MESSAGE
from tests.actionplans.test_progress_reports import ADD, form, media  # noqa: F401
from tests.imaging import pdf_bytes

NAME = "รายงานผล ไตรมาส 1.pdf"


def held_after_an_error(client, item) -> tuple[str, str]:
    """The add page sent with evidence and a percentage over 100: (its HTML, the held token)."""
    pdf = SimpleUploadedFile(NAME, pdf_bytes(1), "application/pdf")
    refused = client.post(reverse(ADD), form(item, percent=150, evidence_file=pdf))
    assert refused.status_code == 200
    html = refused.content.decode()
    return html, re.search(r'name="evidence_file__held" value="([^"]+)"', html).group(1)


def test_evidence_survives_an_error_and_keeps_its_name_to_the_download(
    staff_client,
    approved_plan,
    media,  # noqa: F811
):
    item = approved_plan.items.first()
    html, token = held_after_an_error(staff_client, item)
    assert HELD_MESSAGE.format(name=NAME) in html

    saved = staff_client.post(reverse(ADD), form(item, evidence_file__held=token))

    assert saved.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence_file_original_name == NAME
    assert NAME not in report.evidence_file.name
    change = staff_client.get(reverse("admin:actionplans_progressreport_change", args=[report.pk]))
    page = change.content.decode()
    assert f">{NAME}</a>" in page
    assert f">{report.evidence_file.name}</a>" not in page
    download = staff_client.get(reverse("reports:media", args=[report.evidence_file.name]))
    assert download["Content-Disposition"] == (
        "inline; filename=\"file.pdf\"; filename*=utf-8''"
        "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5%20"
        "%E0%B9%84%E0%B8%95%E0%B8%A3%E0%B8%A1%E0%B8%B2%E0%B8%AA%201.pdf"
    )


def test_a_held_evidence_is_not_taken_on_another_users_form(
    staff_client,
    approver_client,
    approved_plan,
    media,  # noqa: F811
):
    item = approved_plan.items.first()
    _, token = held_after_an_error(staff_client, item)
    saved = approver_client.post(reverse(ADD), form(item, evidence_file__held=token))
    assert saved.status_code == 302  # the report is kept, without anyone else's file
    assert not ProgressReport.objects.get().evidence_file
