"""Evidence rules: the item's year, the unit's agency, clarifications, and files checked by content."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from assessments.models import Unit
from indicators.models import OITItem
from ita_portal.backup import media_files
from ita_portal.lib.media import read_bytes
from ita_portal.lib.pdf_check import ERROR_NOT_PDF
from oit import models, services, uploads
from oit.models import Evidence
from tests.imaging import tiny_pdf

pytestmark = pytest.mark.django_db

PDF = tiny_pdf()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(root: Path) -> list[str]:
    """The names the media storage holds (the test's folder, or its S3 prefix)."""
    return media_files()


def test_an_item_of_another_year_is_refused(staff_user, seed_assessment):
    item_2563 = OITItem.objects.get(framework__fiscal_year=2563, code="O1")
    with pytest.raises(ValidationError) as caught:
        services.evidence_save(
            user=staff_user, evidence=Evidence(assessment=seed_assessment, item=item_2563)
        )
    assert caught.value.message_dict["item"] == [
        models.ERROR_ITEM_OTHER_YEAR.format(code="O1", item_year=2563, year=2562)
    ]


def test_a_unit_of_another_agency_is_refused(staff_user, other_agency, evidence_rows):
    foreign = Unit.objects.create(agency=other_agency, name="กลุ่มของหน่วยงานอื่น")
    with pytest.raises(ValidationError) as caught:
        services.evidence_update(user=staff_user, evidence=evidence_rows["O1"], unit=foreign)
    assert caught.value.message_dict["unit"] == [models.ERROR_UNIT_OTHER_AGENCY]


def test_a_clarification_needs_a_failed_preliminary_result(staff_user, evidence_rows):
    o5 = evidence_rows["O5"]
    with pytest.raises(ValidationError) as caught:
        services.evidence_record_clarification(user=staff_user, evidence=o5, text="เผยแพร่แล้ว")
    assert caught.value.message_dict["clarification"] == [models.ERROR_CLARIFICATION_WITHOUT_FAIL]

    o5.refresh_from_db()
    services.evidence_record_preliminary(
        user=staff_user, evidence=o5, result=Evidence.Result.FAILED, comment="ไม่พบช่องทางติดต่อ"
    )
    services.evidence_record_clarification(
        user=staff_user, evidence=o5, text="ช่องทางติดต่ออยู่ท้ายหน้าแรกของเว็บไซต์"
    )
    services.evidence_record_final(user=staff_user, evidence=o5, result=Evidence.Result.PASSED)
    o5.refresh_from_db()
    assert (o5.preliminary_result, o5.final_result, o5.result) == ("failed", "passed", "passed")


def test_only_staff_of_the_agency_write(demo, evidence_rows):
    for username in ("demo-approver", "demo-other"):
        with pytest.raises(PermissionDenied):
            services.evidence_update(
                user=demo.users[username], evidence=evidence_rows["O1"], state="ready"
            )


def test_a_new_row_takes_the_years_due_date_and_it_stays_editable(staff_user, seed_assessment):
    framework = seed_assessment.framework
    framework.oit_due_date = "2019-04-30"
    framework.save()
    seed_assessment.refresh_from_db()
    services.evidence_ensure_rows(user=staff_user, assessment=seed_assessment)
    o1 = seed_assessment.oit_evidence.get(item__code="O1")
    assert str(o1.due_date) == "2019-04-30"
    services.evidence_update(user=staff_user, evidence=o1, due_date="2019-03-31")
    o1.refresh_from_db()
    assert str(o1.due_date) == "2019-03-31"


def test_a_pdf_is_stored_under_a_generated_name(media, staff_user, evidence_rows):
    upload = SimpleUploadedFile("โครงสร้าง ของเรา.exe", PDF, content_type="text/plain")
    stored_file = services.evidence_file_add(
        user=staff_user, evidence=evidence_rows["O1"], upload=upload, title="แผนภูมิโครงสร้าง"
    )
    assert stored_file.file.name.startswith("oit/evidence/")
    assert stored_file.file.name.endswith(".pdf")
    assert "exe" not in stored_file.file.name
    assert len(stored(media)) == 1


def test_an_image_is_accepted_as_evidence(media, staff_user, evidence_rows):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 90, 200)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("chart.pdf", buffer.getvalue())
    stored_file = services.evidence_file_add(
        user=staff_user, evidence=evidence_rows["O1"], upload=upload
    )
    assert stored_file.file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a pdf at all", uploads.ERROR_NOT_ALLOWED_TYPE),
        # A PDF's header on what pdfinfo cannot open: told it is no valid PDF.
        (b"%PDF-1.7\ntruncated without an end", ERROR_NOT_PDF),
        (b"MZ\x90\x00 executable", uploads.ERROR_NOT_ALLOWED_TYPE),
    ],
)
def test_what_is_not_a_pdf_or_an_image_is_refused_and_not_stored(
    media, staff_user, evidence_rows, content, message
):
    with pytest.raises(ValidationError) as caught:
        services.evidence_file_add(
            user=staff_user,
            evidence=evidence_rows["O1"],
            upload=SimpleUploadedFile("evidence.pdf", content),
        )
    assert caught.value.message_dict["file"] == [message]
    assert stored(media) == []


def test_a_file_over_the_limit_is_refused(media, settings, staff_user, evidence_rows):
    settings.UPLOAD_OIT_EVIDENCE_MAX_BYTES = 100
    big = PDF + b"%" + b"x" * 200 + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as caught:
        services.evidence_file_add(
            user=staff_user, evidence=evidence_rows["O1"], upload=SimpleUploadedFile("b.pdf", big)
        )
    assert "เกินขนาดสูงสุด" in caught.value.message_dict["file"][0]
    assert stored(media) == []


def test_the_short_text_is_short(staff_user, evidence_rows):
    with pytest.raises(ValidationError) as caught:
        services.evidence_update(user=staff_user, evidence=evidence_rows["O1"], text="ก" * 2001)
    assert "text" in caught.value.message_dict


def test_a_phone_photo_as_public_evidence_loses_its_location(media, staff_user, evidence_rows):
    from tests.imaging import has_no_camera_data, jpeg_with_gps

    upload = SimpleUploadedFile("IMG_0001.jpg", jpeg_with_gps((1200, 900)))
    stored_file = services.evidence_file_add(
        user=staff_user, evidence=evidence_rows["O1"], upload=upload
    )
    assert stored_file.file.name.endswith(".jpg")
    with Image.open(io.BytesIO(read_bytes(stored_file.file.name))) as image:
        assert has_no_camera_data(image) and image.size == (1200, 900)
    assert len(stored(media)) == 1


def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(
    media, settings, staff_user, evidence_rows
):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("L", (200, 200)).save(buffer, format="PNG")
    with pytest.raises(ValidationError) as caught:
        services.evidence_file_add(
            user=staff_user,
            evidence=evidence_rows["O1"],
            upload=SimpleUploadedFile("big.png", buffer.getvalue()),
        )
    assert "ล้านพิกเซล" in " ".join(caught.value.messages)
    assert stored(media) == []
