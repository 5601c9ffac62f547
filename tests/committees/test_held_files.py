"""A chosen file survives an error elsewhere on the page, is saved with the corrected form under
its uploader's name, and no one else can take it (from the outside, through the admin)."""

from __future__ import annotations

import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import Meeting, MeetingPhoto
from ita_portal.backup import media_files
from ita_portal.lib import held_uploads
from ita_portal.lib.held_uploads import HELD_MESSAGE
from ita_portal.lib.media import read_bytes
from tests.committees.test_photos import png_bytes, post_photo

THAI_NAME = "ภาพประชุม ครั้งที่ 1.png"
TOKEN = re.compile(r'name="photos-0-image__held" value="([^"]+)"')


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting(demo, seed_agency) -> Meeting:
    return Meeting.objects.get(agency=seed_agency)


def post_meeting(client, meeting: Meeting, *, title: str, upload=None, token: str = ""):
    """The meeting page sent with one new photo row: a chosen file, or a held one's token."""
    extra = {"title": title}
    if token:
        extra["photos-0-image__held"] = token
    return post_photo(client, meeting, upload, **extra)


def held_token(response) -> str:
    found = TOKEN.search(response.content.decode())
    assert found, "the page holds no chosen file"
    return found.group(1)


def test_a_file_chosen_with_an_error_elsewhere_is_shown_as_held_and_saved_once_corrected(
    staff_client, meeting, media
):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    refused = post_meeting(staff_client, meeting, title="", upload=upload)

    assert refused.status_code == 200
    assert HELD_MESSAGE.format(name=THAI_NAME) in refused.content.decode()
    assert MeetingPhoto.objects.count() == 0
    token = held_token(refused)

    saved = post_meeting(staff_client, meeting, title="ประชุมครั้งที่ 1", token=token)

    assert saved.status_code == 302
    photo = MeetingPhoto.objects.get()
    assert photo.image_original_name == THAI_NAME
    assert read_bytes(photo.image.name)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_file_refused_on_its_own_is_not_held(staff_client, meeting, media):
    fake = SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg")
    refused = post_meeting(staff_client, meeting, title="", upload=fake)
    assert "__held" not in refused.content.decode()
    assert not [n for n in media_files() if n.startswith("private/held-uploads/")]


def test_another_member_of_the_agency_cannot_take_a_held_file(
    staff_client, approver_client, meeting, media
):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    token = held_token(post_meeting(staff_client, meeting, title="", upload=upload))

    response = post_meeting(approver_client, meeting, title="ประชุม", token=token)

    assert response.status_code == 200  # the photo row still wants its file
    assert MeetingPhoto.objects.count() == 0
    assert THAI_NAME not in response.content.decode()


def test_an_outsider_cannot_take_a_held_file(staff_client, outsider_client, meeting, media):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    token = held_token(post_meeting(staff_client, meeting, title="", upload=upload))
    response = post_meeting(outsider_client, meeting, title="ประชุม", token=token)
    assert response.status_code == 404
    assert MeetingPhoto.objects.count() == 0


def test_a_forged_token_takes_nothing(staff_client, meeting, media):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    token = held_token(post_meeting(staff_client, meeting, title="", upload=upload))
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = post_meeting(staff_client, meeting, title="ประชุม", token=forged)
    assert response.status_code == 200
    assert MeetingPhoto.objects.count() == 0


def test_a_held_file_expires_and_is_cleaned_up(staff_client, meeting, media, settings):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    token = held_token(post_meeting(staff_client, meeting, title="", upload=upload))
    assert len([n for n in media_files() if n.startswith("private/held-uploads/")]) == 1

    later = time.time() + settings.HELD_UPLOAD_MAX_AGE + 5
    assert held_uploads.remove_expired(now=later) == 1
    assert [n for n in media_files() if n.startswith("private/held-uploads/")] == []
    response = post_meeting(staff_client, meeting, title="ประชุม", token=token)
    assert MeetingPhoto.objects.count() == 0
    assert response.status_code == 200


def test_a_held_file_is_taken_back_on_its_own_page_only(staff_client, meeting, media, demo):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    token = held_token(post_meeting(staff_client, meeting, title="", upload=upload))
    user = demo.users["demo-staff"]
    elsewhere = held_uploads.Holder(user_id=user.pk, page=reverse("admin:committees_meeting_add"))
    here = held_uploads.Holder(
        user_id=user.pk, page=reverse("admin:committees_meeting_change", args=[meeting.pk])
    )
    assert held_uploads.take(token, elsewhere) is None
    assert held_uploads.take(token, here) is not None


def test_the_stored_photo_downloads_under_its_uploaders_name(staff_client, meeting, media):
    upload = SimpleUploadedFile(THAI_NAME, png_bytes(), "image/png")
    assert post_meeting(staff_client, meeting, title="ประชุม", upload=upload).status_code == 302
    photo = MeetingPhoto.objects.get()
    assert THAI_NAME not in photo.image.name  # stored under a generated name

    response = staff_client.get(reverse("reports:media", args=[photo.image.name]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith('inline; filename="file.png"; ')
    assert "filename*=utf-8''%E0%B8%A0%E0%B8%B2%E0%B8%9E" in disposition
