"""Two people edit the same committee order (with its members) or meeting (with its photos):
the later, stale form overwrites nothing and keeps its input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees import services
from committees.models import CommitteeMember, CommitteeOrder, Meeting, MeetingPhoto
from tests.edit_lock import first_saves_then_second_is_refused, form_of, fresh_form_saves

ORDER_FORM = "committeeorder_form"
MEETING_FORM = "meeting_form"


@pytest.fixture
def order(demo, seed_agency) -> CommitteeOrder:
    return CommitteeOrder.objects.get(agency=seed_agency)


@pytest.fixture
def meeting(demo, seed_agency) -> Meeting:
    return Meeting.objects.get(agency=seed_agency)


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def order_url(order: CommitteeOrder) -> str:
    return reverse("admin:committees_committeeorder_change", args=[order.pk])


def meeting_url(meeting: Meeting) -> str:
    return reverse("admin:committees_meeting_change", args=[meeting.pk])


def first_member(order: CommitteeOrder) -> CommitteeMember:
    return order.members.order_by("sequence", "id").first()  # type: ignore[return-value]


def rename_first_member(data: dict) -> None:
    data["members-0-name"] = ["นางสาวแก้ไข ชื่อกรรมการ"]


def test_a_member_changed_by_one_makes_the_others_open_order_stale(
    staff_client, approver_client, order
):
    def change_subject(data: dict) -> None:
        data["subject"] = ["เรื่องที่ผู้อนุมัติพิมพ์"]

    old_subject = order.subject
    shown = first_saves_then_second_is_refused(
        staff_client,
        approver_client,
        order_url(order),
        ORDER_FORM,
        first_edit=rename_first_member,
        second_edit=change_subject,
    )
    order.refresh_from_db()
    assert order.subject == old_subject  # nothing of the stale form written
    assert first_member(order).name == "นางสาวแก้ไข ชื่อกรรมการ"  # the first save stands
    assert order.members.count() == 16
    assert shown["subject"] == ["เรื่องที่ผู้อนุมัติพิมพ์"]  # the user's input kept
    # What only the other person changed is taken into the form: saving it again keeps it.
    assert shown["members-0-name"] == ["นางสาวแก้ไข ชื่อกรรมการ"]
    assert approver_client.post(order_url(order), shown).status_code == 302
    order.refresh_from_db()
    assert order.subject == "เรื่องที่ผู้อนุมัติพิมพ์"
    assert first_member(order).name == "นางสาวแก้ไข ชื่อกรรมการ"


def test_a_fresh_order_form_saves(staff_client, order):
    fresh_form_saves(staff_client, order_url(order), ORDER_FORM, rename_first_member)
    assert first_member(order).name == "นางสาวแก้ไข ชื่อกรรมการ"


def png_upload() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("ภาพ.png", buffer.getvalue(), "image/png")


def add_photo(data: dict) -> None:
    index = int(data["photos-TOTAL_FORMS"][0]) - 1  # the empty extra row
    data[f"photos-{index}-image"] = png_upload()
    data[f"photos-{index}-caption"] = ["ภาพที่เพิ่มก่อน"]
    data[f"photos-{index}-order"] = ["1"]


def test_a_photo_added_by_one_makes_the_others_open_meeting_stale(
    staff_client, approver_client, meeting, media
):
    def change_title(data: dict) -> None:
        data["title"] = ["หัวข้อที่ผู้อนุมัติพิมพ์"]

    old_title = meeting.title
    shown = first_saves_then_second_is_refused(
        staff_client,
        approver_client,
        meeting_url(meeting),
        MEETING_FORM,
        first_edit=add_photo,
        second_edit=change_title,
    )
    meeting.refresh_from_db()
    assert meeting.title == old_title
    assert list(MeetingPhoto.objects.filter(meeting=meeting).values_list("caption", flat=True)) == [
        "ภาพที่เพิ่มก่อน"
    ]
    assert shown["title"] == ["หัวข้อที่ผู้อนุมัติพิมพ์"]


def test_a_photo_caption_changed_by_one_is_not_reverted_by_the_others_stale_form(
    staff_client, approver_client, meeting, media
):
    fresh_form_saves(staff_client, meeting_url(meeting), MEETING_FORM, add_photo)

    def change_caption(data: dict) -> None:
        data["photos-0-caption"] = ["คำบรรยายใหม่"]

    def change_place(data: dict) -> None:
        data["place"] = ["ห้องประชุมอื่น"]

    first_saves_then_second_is_refused(
        staff_client,
        approver_client,
        meeting_url(meeting),
        MEETING_FORM,
        first_edit=change_caption,
        second_edit=change_place,
    )
    assert MeetingPhoto.objects.get(meeting=meeting).caption == "คำบรรยายใหม่"
    assert Meeting.objects.get(pk=meeting.pk).place != "ห้องประชุมอื่น"


def test_a_fresh_meeting_form_saves(staff_client, meeting, media):
    fresh_form_saves(staff_client, meeting_url(meeting), MEETING_FORM, add_photo)
    assert MeetingPhoto.objects.filter(meeting=meeting).count() == 1


def test_a_photo_added_through_the_service_makes_an_open_meeting_form_stale(
    staff_client, demo, meeting, media
):
    data = form_of(staff_client, meeting_url(meeting), MEETING_FORM)
    services.meeting_photo_add(
        user=demo.users["demo-staff"], meeting=meeting, image=png_upload(), caption="จากบริการ"
    )
    data["title"] = ["หัวข้อใหม่"]
    response = staff_client.post(meeting_url(meeting), data)
    assert response.status_code == 200
    assert Meeting.objects.get(pk=meeting.pk).title != "หัวข้อใหม่"
