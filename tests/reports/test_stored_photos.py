"""Images stored before uploads were cleaned lose their location once, and only once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from actionplans.models import ProgressReport
from committees.models import Meeting, MeetingPhoto
from ita_portal.backup import media_files
from ita_portal.lib.media import read_bytes
from reports.stored_photos import clean_stored_photos
from tests.imaging import has_no_camera_data, jpeg_with_gps


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def raw_files(media, demo, approved_plan_of_demo):
    """A meeting photo and a progress photo stored as uploaded (as before the change), and a
    PDF and a small clean PNG that must stay as they are."""
    meeting = Meeting.objects.filter(agency__code="pathumthani-2").first()
    photo = MeetingPhoto.objects.create(
        meeting=meeting, image=SimpleUploadedFile("a.jpg", jpeg_with_gps((3000, 2000), 6))
    )
    item = approved_plan_of_demo.items.first()
    progress = ProgressReport.objects.create(
        item=item,
        reported_on="2020-08-01",
        status="in_progress",
        percent=10,
        evidence_file=SimpleUploadedFile("b.jpg", jpeg_with_gps((800, 600))),
    )
    png = io.BytesIO()
    Image.new("RGB", (50, 40), (1, 2, 3)).save(png, format="PNG")
    clean = ProgressReport.objects.create(
        item=item,
        reported_on="2020-08-02",
        status="in_progress",
        percent=20,
        evidence_file=SimpleUploadedFile("c.png", png.getvalue()),
    )
    pdf = ProgressReport.objects.create(
        item=item,
        reported_on="2020-08-03",
        status="in_progress",
        percent=30,
        evidence_file=SimpleUploadedFile("d.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return photo, progress, clean, pdf


@pytest.fixture
def approved_plan_of_demo(demo):
    from actionplans.models import ActionPlan

    return ActionPlan.objects.get(assessment__agency__code="pathumthani-2")


def _files() -> dict[str, bytes]:
    """Every stored file's name and bytes (the test's folder, or its S3 prefix)."""
    return {name: read_bytes(name) for name in media_files()}


@pytest.mark.django_db(transaction=True)
def test_stored_photos_are_cleaned_once_and_nothing_else_is_touched(media, raw_files):
    photo, progress, clean, pdf = raw_files
    untouched = {clean.evidence_file.name: clean.evidence_file.read(), pdf.evidence_file.name: b""}
    before = _files()

    assert clean_stored_photos(dry_run=True).cleaned == 2
    assert _files() == before, "a dry run changes no file"

    summary = clean_stored_photos()
    assert (summary.cleaned, summary.skipped) == (2, [])
    photo.refresh_from_db()
    progress.refresh_from_db()
    with Image.open(io.BytesIO(read_bytes(photo.image.name))) as image:
        assert has_no_camera_data(image) and image.size == (1333, 2000)
    with Image.open(io.BytesIO(read_bytes(progress.evidence_file.name))) as image:
        assert has_no_camera_data(image) and image.size == (800, 600)
    clean.refresh_from_db()
    assert clean.evidence_file.name in untouched
    assert clean.evidence_file.read() == untouched[clean.evidence_file.name]
    assert len(_files()) == len(before), "the old files are deleted"

    assert clean_stored_photos().cleaned == 0, "a second run changes nothing"


@pytest.mark.django_db(transaction=True)
def test_the_command_reports_in_thai(media, raw_files):
    out = io.StringIO()
    call_command("clean_stored_photos", "--dry-run", stdout=out)
    assert "จะต้องทำ 2 ภาพ" in out.getvalue()
