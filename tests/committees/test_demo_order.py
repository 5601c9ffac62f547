"""load_demo gives the seed's order ๑๓๓/๒๕๖๓ with its 16 members, and the meeting news as a record."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees import selectors
from committees.models import CommitteeMember, CommitteeOrder, CommitteeRole, Meeting


def test_the_order_reads_as_signed(seed_assessment):
    doc = selectors.order_for_report(seed_assessment)
    assert doc.number_text == "๑๓๓/๒๕๖๓"
    assert doc.heading == "คำสั่งสำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒"
    assert doc.signed_date == doc.effective_date == dt.date(2020, 7, 5)
    assert doc.signed_date_text == "๕ กรกฎาคม พ.ศ. ๒๕๖๓"
    assert doc.subject.startswith("แต่งตั้งคณะกรรมการวิเคราะห์ผลการประเมิน")
    assert len(doc.preamble) == 2 and doc.duties[0].startswith("มีหน้าที่")
    assert doc.signer_title.startswith("ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา")


def test_the_order_has_its_16_members_in_order_with_their_roles(seed_assessment):
    doc = selectors.order_for_report(seed_assessment)
    assert [m.sequence for m in doc.members] == list(range(1, 17))
    assert Counter(m.role for m in doc.members) == {
        "ประธานกรรมการ": 1,
        "รองประธานกรรมการ": 2,
        "กรรมการ": 9,
        "กรรมการและเลขานุการ": 1,
        "กรรมการและผู้ช่วยเลขานุการ": 3,
    }
    assert doc.members[0].sequence_text == "๑"
    assert doc.members[12].name == "นางพวงเพชร แสงส่อง"
    assert doc.members[15].name == "นางวัลลภา สายสุวรรณ"


def test_the_seeds_name_variants_are_one_name(seed_assessment, seed_agency):
    doc = selectors.order_for_report(seed_assessment)
    chair = doc.members[0].name
    assert chair == doc.signer_name == seed_agency.head_name == "นายชนาธิป สำเร็จ"
    meeting = Meeting.objects.get(agency=seed_agency)
    assert meeting.chair == chair
    assert meeting.author == doc.members[14].name == "น.ส.พิไลภรณ์ ตระกูลพันธุ์เลิศ"
    assert "พัฒนาคู" not in doc.members[7].position


def test_the_meeting_news_is_a_meeting_record_of_the_committee(seed_assessment):
    (meeting,) = selectors.meetings_for_report(seed_assessment)
    assert meeting.date == dt.date(2020, 7, 10)
    assert meeting.date_text == "๑๐ กรกฎาคม ๒๕๖๓"
    assert meeting.place == "ห้องประชุมชั้น ๒ สพป.ปทุมธานี เขต ๒"
    assert meeting.photos == ()


def test_load_demo_twice_keeps_one_order_and_one_meeting(load_demo_command, demo):
    load_demo_command()
    load_demo_command()
    assert CommitteeOrder.objects.count() == 1
    assert CommitteeMember.objects.count() == 16
    assert Meeting.objects.count() == 1


def test_an_order_cannot_point_at_another_agencys_assessment(seed_agency, other_agency, demo):
    order = CommitteeOrder.objects.get(agency=seed_agency)
    order.assessment = demo.assessments["demo-other"]
    with pytest.raises(ValidationError):
        order.full_clean()


class TestRoles:
    def test_a_site_administrator_adds_a_role(self, site_admin_client):
        response = site_admin_client.post(
            reverse("admin:committees_committeerole_add"), {"name": "ที่ปรึกษา", "order": 6}
        )
        assert response.status_code == 302
        assert CommitteeRole.objects.filter(name="ที่ปรึกษา").exists()

    def test_agency_staff_cannot_change_the_shared_roles(self, staff_client, demo):
        response = staff_client.post(
            reverse("admin:committees_committeerole_add"), {"name": "ที่ปรึกษา", "order": 6}
        )
        assert response.status_code == 403
        assert not CommitteeRole.objects.filter(name="ที่ปรึกษา").exists()


def test_the_order_page_shows_the_signed_order(staff_client, seed_agency):
    order = CommitteeOrder.objects.get(agency=seed_agency)
    page = staff_client.get(reverse("committees:order", args=[order.pk])).content.decode()
    assert "ที่ ๑๓๓/๒๕๖๓" in page and "สั่ง ณ วันที่ ๕ กรกฎาคม พ.ศ. ๒๕๖๓" in page
