"""Follow-up reports are added in the admin during the year, with evidence checked by content."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actionplans import services
from actionplans.models import ProgressReport
from ita_portal.backup import media_files
from ita_portal.lib import thai
from ita_portal.lib.media import read_bytes
from ita_portal.lib.pdf_check import ERROR_NOT_PDF
from tests.imaging import pdf_bytes

ADD = "admin:actionplans_progressreport_add"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form(item, **extra):
    return {
        "item": item.pk,
        "reported_on": "2020-08-01",
        "status": "in_progress",
        "percent": 50,
        "note": "ดำเนินการแล้วครึ่งหนึ่ง",
        "evidence_url": "",
        **extra,
    }


def test_staff_report_progress_on_an_approved_plan_with_a_pdf(
    staff_client, approved_plan, media, demo
):
    item = approved_plan.items.first()
    pdf = SimpleUploadedFile("รายงาน.pdf", pdf_bytes(1), "application/pdf")
    response = staff_client.post(reverse(ADD), form(item, evidence_file=pdf))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.reported_by == demo.users["demo-staff"]
    assert report.evidence_file.name.startswith("actionplans/evidence/")
    assert report.evidence_file.name.endswith(".pdf") and "รายงาน" not in report.evidence_file.name


def test_evidence_that_is_neither_pdf_nor_image_is_refused(staff_client, approved_plan, media):
    item = approved_plan.items.first()
    fake = SimpleUploadedFile("evidence.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = staff_client.post(reverse(ADD), form(item, evidence_file=fake))
    assert response.status_code == 200
    assert services.ERROR_EVIDENCE_TYPE in response.content.decode()
    assert ProgressReport.objects.count() == 0
    assert media_files() == []


def test_bytes_behind_a_pdf_header_are_refused_as_no_real_pdf(staff_client, approved_plan, media):
    item = approved_plan.items.first()
    fake = SimpleUploadedFile(
        "รายงาน.pdf", b"%PDF-1.4\nnot a pdf at all\n%%EOF\n", "application/pdf"
    )
    response = staff_client.post(reverse(ADD), form(item, evidence_file=fake))
    assert response.status_code == 200
    assert ERROR_NOT_PDF in response.content.decode()
    assert ProgressReport.objects.count() == 0
    assert media_files() == []


def test_an_outsider_cannot_report_on_the_seed_agencys_items(outsider_client, approved_plan):
    item = approved_plan.items.first()
    response = outsider_client.post(reverse(ADD), form(item))
    assert response.status_code == 200  # the form refuses the item: not one of the choices
    assert ProgressReport.objects.count() == 0


def test_a_phone_photo_as_evidence_is_kept_upright_small_and_without_its_location(
    staff_client, approved_plan, media
):
    from PIL import Image

    from tests.imaging import has_no_camera_data, jpeg_with_gps

    item = approved_plan.items.first()
    photo = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps((3000, 2000), 6), "image/jpeg")
    assert staff_client.post(reverse(ADD), form(item, evidence_file=photo)).status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence_file.name.endswith(".jpg")
    with Image.open(io.BytesIO(read_bytes(report.evidence_file.name))) as stored:
        assert has_no_camera_data(stored)
        assert stored.size == (1333, 2000), "turned upright, long side at print size"
    # A new photo on the report's own page is cleaned the same way.
    again = SimpleUploadedFile("IMG_0002.jpg", jpeg_with_gps((800, 600)), "image/jpeg")
    change = reverse("admin:actionplans_progressreport_change", args=[report.pk])
    assert staff_client.post(change, form(item, evidence_file=again)).status_code == 302
    report.refresh_from_db()
    with Image.open(io.BytesIO(read_bytes(report.evidence_file.name))) as stored:
        assert has_no_camera_data(stored) and stored.size == (800, 600)


def offered_items(client) -> dict[str, str]:
    """The progress form's item choices: value → label (the empty choice left out)."""
    import re
    from html import unescape

    page = client.get(reverse(ADD)).content.decode()
    select = page.split('name="item"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select, re.S)
    return {value: unescape(label) for value, label in options}


def test_the_form_offers_only_rows_of_approved_plans_each_named_once(staff_client, approved_plan):
    from actionplans.models import ActionPlan, PlanItem

    # Two rows of one indicator answering the same issue (test setup): still told apart.
    twin = approved_plan.items.first()
    PlanItem.objects.create(
        plan=approved_plan,
        indicator=twin.indicator,
        order=twin.order,
        assessment_issues=twin.assessment_issues,
    )
    offered = offered_items(staff_client)
    approved = PlanItem.objects.filter(
        plan__status=ActionPlan.Status.APPROVED,
        plan__assessment__agency=approved_plan.assessment.agency,
    )
    assert set(offered) == {str(pk) for pk in approved.values_list("pk", flat=True)}
    assert offered, "the demo plan is approved"
    labels = list(offered.values())
    assert len(set(labels)) == len(labels), "no label twice"
    item = approved_plan.items.select_related("indicator").first()
    assessment = approved_plan.assessment
    year = thai.digits(assessment.plan_year, assessment.use_thai_digits)
    assert f"แผนปีงบประมาณ พ.ศ. {year}" in offered[str(item.pk)]
    assert assessment.agency.display_short_name in offered[str(item.pk)]


def test_rows_of_a_plan_awaiting_approval_are_neither_offered_nor_accepted(
    staff_client, submitted_plan
):
    item = submitted_plan.items.first()
    assert str(item.pk) not in offered_items(staff_client)
    response = staff_client.post(reverse(ADD), form(item))
    assert response.status_code == 200
    assert services.ERROR_PROGRESS_PLAN_NOT_APPROVED in response.content.decode()
    assert ProgressReport.objects.count() == 0


def test_the_service_refuses_progress_on_a_plan_not_approved(submitted_plan, demo):
    import datetime as dt

    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(
            item=submitted_plan.items.first(),
            user=demo.users["demo-staff"],
            reported_on=dt.date(2020, 8, 1),
            status="in_progress",
            percent=50,
        )
    assert services.ERROR_PROGRESS_PLAN_NOT_APPROVED in refused.value.messages
    assert ProgressReport.objects.count() == 0
