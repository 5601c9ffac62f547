"""Media on any Django storage: each test runs with media on the file system and on a real
S3-compatible server on 127.0.0.1 (tests/storage_s3.py; `.ci/run` runs `pytest -m storage`)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image

from ita_portal.backup import media_files
from ita_portal.lib import storage_settings
from ita_portal.lib.media import read_bytes
from tests.assessments.test_admin_import import (
    PROCESS_URL,
    grant_import,
    preview,
    seed_score,
)
from tests.reports.test_backup_drill import _wipe_database
from tests.storage_s3 import media_environment

pytestmark = [pytest.mark.storage]


def _png(colour: str, size: tuple[int, int] = (60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def _scan_and_photo(demo, assessment):
    """The signed order as a scanned image and one meeting photo, through the services."""
    from committees import services
    from committees.models import CommitteeOrder, Meeting

    order = CommitteeOrder.objects.filter(assessment=assessment).first()
    assert order is not None, "the demo has an appointment order"
    services.committee_order_scan_attach(
        user=demo.users["demo-staff"],
        order=order,
        upload=SimpleUploadedFile("คำสั่ง.png", _png("white", (600, 848)), "image/png"),
    )
    photo = services.meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=Meeting.objects.filter(committee__assessment=assessment).first(),
        image=SimpleUploadedFile("ประชุม.png", _png("red"), "image/png"),
        caption="ภาพการประชุม",
    )
    return order.scan_pages.get(), photo


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_uploads_are_stored_in_the_configured_storage(media_storage, demo, seed_assessment):
    page, photo = _scan_and_photo(demo, seed_assessment)
    from storages.backends.s3 import S3Storage

    assert isinstance(default_storage._wrapped, S3Storage) == (media_storage == "s3")
    # A file's URL is the access-checked media view on either storage, never a bucket's.
    assert photo.image.url == reverse("reports:media", args=[photo.image.name])
    assert {page.image.name, photo.image.name} <= set(media_files())
    assert read_bytes(photo.image.name)[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_the_media_view_serves_from_the_storage_to_the_agency_only(
    media_storage, demo, seed_assessment, staff_client, outsider_client, anonymous_client
):
    _, photo = _scan_and_photo(demo, seed_assessment)
    url = reverse("reports:media", args=[photo.image.name])
    assert anonymous_client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    response = staff_client.get(url)
    assert response.status_code == 200
    assert _body(response) == read_bytes(photo.image.name)
    again = staff_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    default_storage.delete(photo.image.name)
    assert staff_client.get(url).status_code == 404


@pytest.mark.django_db
def test_publishing_renders_the_stored_scan_and_photo_into_the_pdf_and_serves_it(
    media_storage, demo, seed_assessment, approver_client
):
    from actionplans.models import ActionPlan
    from reports.publishing import report_publish

    _scan_and_photo(demo, seed_assessment)
    # Test setup only: the approval workflow is tested with the action plans.
    ActionPlan.objects.filter(assessment=seed_assessment).update(status=ActionPlan.Status.APPROVED)
    publication = report_publish(assessment=seed_assessment, user=demo.users["demo-approver"])
    stored = read_bytes(publication.pdf.name)
    assert stored.startswith(b"%PDF-")
    # The scan page and the photo, read through the storage by the PDF's fetcher.
    assert stored.count(b"/Subtype /Image") >= 2
    code, year = seed_assessment.agency.code, seed_assessment.fiscal_year
    response = Client().get(f"/reports/{code}/{year}/v{publication.version}.pdf")
    assert response.status_code == 200
    assert _body(response) == stored


@pytest.mark.django_db
def test_a_pending_score_import_waits_in_the_storage_until_confirmed(
    media_storage, settings, demo, staff_client
):
    settings.IMPORT_UPLOAD_DIR = ""  # the default: the storage's private/score-imports/
    grant_import(demo.users["demo-staff"])
    confirm = preview(staff_client, "pathumthani-2").context["confirm_form"]
    token = confirm.initial["import_file_name"]
    assert f"private/score-imports/{token}" in media_files()
    response = staff_client.post(PROCESS_URL, dict(confirm.initial))
    assert response.status_code == 302
    assert seed_score("pathumthani-2", 1) == Decimal("92.10")
    assert f"private/score-imports/{token}" not in media_files()


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_storage_gives_back_every_file(
    media_storage, settings, tmp_path, demo, seed_assessment
):
    settings.BACKUP_ENCRYPTION_RECIPIENTS = []
    settings.BACKUP_ALLOW_UNENCRYPTED = True
    _scan_and_photo(demo, seed_assessment)
    before = {name: read_bytes(name) for name in media_files()}
    assert len(before) >= 3  # the scan as kept, its page image, the photo

    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("ita-backup-*.tar.gz")
    _wipe_database()
    for name in before:
        default_storage.delete(name)
    assert media_files() == []

    call_command("restore", str(archive), stdout=io.StringIO())
    assert {name: read_bytes(name) for name in media_files()} == before


def test_another_process_is_given_the_same_media_storage(media_storage, settings, tmp_path):
    """A Celery worker or a fresh process started by a test gets the test's storage through its
    environment (tests/storage_s3.media_environment), read back by the settings' own helper."""
    environ = media_environment(tmp_path / "media")
    assert storage_settings.media_storage(environ) == settings.STORAGES["default"]
    assert environ["MEDIA_STORAGE"] == media_storage
    assert environ["MEDIA_ROOT"] == str(tmp_path / "media")
