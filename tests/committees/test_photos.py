"""Meeting photos: checked by content, size-limited, stored under generated names; nothing kept on refusal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees.models import Meeting, MeetingPhoto
from committees.uploads import ERROR_NOT_IMAGE, ERROR_TOO_LARGE
from ita_portal.backup import media_files
from tests.imaging import jpeg_with_gps


def png_bytes(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_jpeg(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


@pytest.fixture
def meeting(demo, seed_agency) -> Meeting:
    return Meeting.objects.get(agency=seed_agency)


def stored_files(root: Path) -> list[str]:
    """The names the media storage holds (the test's folder, or its S3 prefix)."""
    return media_files()


def post_photo(client, meeting: Meeting, upload: SimpleUploadedFile | None, **fields: str):
    data = {
        "agency": meeting.agency_id,
        "committee": meeting.committee_id or "",
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "place": meeting.place,
        "chair": meeting.chair,
        "summary": meeting.summary,
        "author": meeting.author,
        "source": meeting.source,
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
        "photos-0-image": upload,
        "photos-0-caption": "ภาพการประชุม",
        "photos-0-order": 1,
        "photos-0-meeting": meeting.pk,
        # The version the page was opened at (the edit lock).
        "edit_version": Meeting.objects.get(pk=meeting.pk).lock_version,
        **fields,
    }
    if upload is None:
        del data["photos-0-image"]
    return client.post(reverse("admin:committees_meeting_change", args=[meeting.pk]), data)


def test_a_text_file_renamed_jpg_is_refused_and_nothing_is_stored(staff_client, meeting, media):
    fake = SimpleUploadedFile("photo.jpg", b"this is not an image at all", "image/jpeg")
    response = post_photo(staff_client, meeting, fake)
    assert response.status_code == 200
    assert ERROR_NOT_IMAGE in response.content.decode()
    assert MeetingPhoto.objects.count() == 0
    assert stored_files(media) == []


def test_an_image_over_the_size_limit_is_refused_and_nothing_is_stored(
    staff_client, meeting, media, settings
):
    big = noisy_jpeg((300, 300))
    settings.UPLOAD_IMAGE_MAX_BYTES = len(big) - 1
    response = post_photo(staff_client, meeting, SimpleUploadedFile("big.jpg", big, "image/jpeg"))
    assert response.status_code == 200
    assert ERROR_TOO_LARGE.split("{")[0] in response.content.decode()
    assert MeetingPhoto.objects.count() == 0
    assert stored_files(media) == []


def test_a_real_image_is_stored_under_a_generated_name_with_its_real_type(
    staff_client, meeting, media
):
    # A PNG named .jpg is an image: kept, but stored as .png under a generated name.
    upload = SimpleUploadedFile("../../evil name.jpg", png_bytes(), "image/jpeg")
    response = post_photo(staff_client, meeting, upload)
    assert response.status_code == 302
    photo = MeetingPhoto.objects.get()
    name = Path(photo.image.name)
    assert name.parent == Path("committees/photos")
    assert name.suffix == ".png" and len(name.stem) == 32 and "evil" not in name.name
    assert stored_files(media) == [photo.image.name]


def test_photos_are_served_to_the_agency_only(staff_client, outsider_client, meeting, media, demo):
    from committees import services

    photo = services.meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=meeting,
        image=SimpleUploadedFile("a.png", png_bytes(), "image/png"),
    )
    url = reverse("committees:photo", args=[photo.key])
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert outsider_client.get(url).status_code == 404


def test_the_service_refuses_a_non_image_too(meeting, media, demo):
    from django.core.exceptions import ValidationError

    from committees import services

    with pytest.raises(ValidationError) as caught:
        services.meeting_photo_add(
            user=demo.users["demo-staff"],
            meeting=meeting,
            image=SimpleUploadedFile("x.jpg", b"%PDF-1.4 not an image", "image/jpeg"),
        )
    assert ERROR_NOT_IMAGE in caught.value.messages
    assert stored_files(media) == []


# ---------------------------------------------------------------------------------------------
# Image bombs and location data (issue 10)


def bomb_png(side: int = 9400) -> bytes:
    """A 9400 × 9400 PNG that is small on disk (one bit per pixel, all blank)."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_9400_pixel_square_png_is_refused_in_thai_and_nothing_is_stored(
    staff_client, meeting, media
):
    from committees.uploads import ERROR_TOO_MANY_PIXELS

    data = bomb_png()
    assert len(data) < 300 * 1024  # small on disk: only its pixel count is a bomb
    response = post_photo(staff_client, meeting, SimpleUploadedFile("b.png", data, "image/png"))
    assert response.status_code == 200
    assert ERROR_TOO_MANY_PIXELS.split("{")[0] in response.content.decode()
    assert MeetingPhoto.objects.count() == 0
    assert stored_files(media) == []


def test_the_service_refuses_the_image_bomb_too(meeting, media, demo):
    from django.core.exceptions import ValidationError

    from committees import services

    with pytest.raises(ValidationError):
        services.meeting_photo_add(
            user=demo.users["demo-staff"],
            meeting=meeting,
            image=SimpleUploadedFile("b.png", bomb_png(), "image/png"),
        )
    assert stored_files(media) == []


def test_the_pixel_limit_is_a_setting(staff_client, meeting, media, settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 40 * 30 - 1
    upload = SimpleUploadedFile("a.png", png_bytes((40, 30)), "image/png")
    assert post_photo(staff_client, meeting, upload).status_code == 200
    assert MeetingPhoto.objects.count() == 0


def test_a_camera_photo_is_stored_upright_at_print_size_without_its_location(
    staff_client, meeting, media, settings
):
    from PIL import ExifTags

    settings.UPLOAD_IMAGE_STORE_MAX_SIDE = 1000
    # Orientation 6: the camera was turned; the stored photo is turned upright (taller than wide).
    upload = SimpleUploadedFile("camera.jpg", jpeg_with_gps((3000, 2000), 6), "image/jpeg")
    response = post_photo(staff_client, meeting, upload)
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = MeetingPhoto.objects.get()
    with Image.open(default_storage.open(photo.image.name)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (667, 1000)
        exif = stored.getexif()
        assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in exif
        assert "exif" not in stored.info


def test_a_photo_added_through_the_service_loses_its_location_too(meeting, media, demo):
    from PIL import ExifTags

    from committees import services

    photo = services.meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=meeting,
        image=SimpleUploadedFile("camera.jpg", jpeg_with_gps((800, 600)), "image/jpeg"),
    )
    with Image.open(default_storage.open(photo.image.name)) as stored:
        assert stored.size == (800, 600)  # already under print size: not enlarged
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_large_png_is_stored_downscaled_as_png(staff_client, meeting, media, settings):
    settings.UPLOAD_IMAGE_STORE_MAX_SIDE = 500
    upload = SimpleUploadedFile("wide.png", png_bytes((2000, 400)), "image/png")
    assert post_photo(staff_client, meeting, upload).status_code == 302
    photo = MeetingPhoto.objects.get()
    assert photo.image.name.endswith(".png")
    with Image.open(default_storage.open(photo.image.name)) as stored:
        assert (stored.format, stored.size) == ("PNG", (500, 100))
