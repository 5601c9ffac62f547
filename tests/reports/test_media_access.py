"""Meeting photos are public only while the report of their assessment is published."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees import services as committee_services
from committees.models import Meeting
from reports import publishing


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def photo_url(demo, seed_agency, seed_assessment, media_root):
    meeting = Meeting.objects.select_related("committee").get(agency=seed_agency)
    assert meeting.committee is not None and meeting.committee.assessment_id == seed_assessment.pk
    photo = committee_services.meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=meeting,
        image=SimpleUploadedFile("ประชุม.png", png_bytes(), "image/png"),
    )
    return reverse("reports:media", kwargs={"path": photo.image.name})


def test_a_photo_is_public_while_its_report_is_published_and_not_after_withdrawal(
    demo, approved_plan, fast_pdf, photo_url, anonymous_client, staff_client
):
    approver = demo.users["demo-approver"]
    assert anonymous_client.get(photo_url).status_code == 404  # not published yet

    publishing.report_publish(assessment=approved_plan, user=approver)
    assert anonymous_client.get(photo_url).status_code == 200

    publishing.report_unpublish(assessment=approved_plan, user=approver, reason="แก้ไขข้อมูล")
    assert anonymous_client.get(photo_url).status_code == 404
    # The agency's own staff still see their files.
    assert staff_client.get(photo_url).status_code == 200
