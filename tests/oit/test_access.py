"""Who sees and changes OIT evidence, judged by HTTP answers: staff edit, the agency's other
members only look (403 on every write), other agencies get 404, the anonymous go to login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oit.models import Evidence, EvidenceLink

pytestmark = pytest.mark.django_db


def overview(assessment) -> str:
    return reverse("admin:oit_evidence_overview", args=[assessment.pk])


def paste(assessment) -> str:
    return reverse("admin:oit_evidence_paste", args=[assessment.pk])


def change(evidence) -> str:
    return reverse("admin:oit_evidence_change", args=[evidence.pk])


def evidence_post(evidence: Evidence, **changes: str) -> dict[str, str]:
    data = {
        "text": evidence.text,
        "unit": str(evidence.unit_id or ""),
        "responsible_person": evidence.responsible_person,
        "due_date": "",
        "state": evidence.state,
        "notes": evidence.notes,
        "preliminary_result": evidence.preliminary_result,
        "preliminary_comment": "",
        "clarification": "",
        "final_result": evidence.final_result,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        # The version the page was opened at (the edit lock).
        "edit_version": str(Evidence.objects.get(pk=evidence.pk).lock_version),
    }
    data.update(changes)
    return data


def test_anonymous_visitor_is_sent_to_login(anonymous_client, seed_assessment):
    for url in (overview(seed_assessment), reverse("admin:oit_evidence_changelist")):
        response = anonymous_client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_an_outsider_gets_404_for_every_page_and_write(
    outsider_client, seed_assessment, evidence_rows
):
    o1 = evidence_rows["O1"]
    for url in (overview(seed_assessment), paste(seed_assessment), change(o1)):
        assert outsider_client.get(url).status_code == 404, url
    assert (
        outsider_client.post(paste(seed_assessment), {"urls": "O1 https://x.go.th/"}).status_code
        == 404
    )
    assert outsider_client.post(overview(seed_assessment), {"do": "ensure"}).status_code == 404
    assert outsider_client.post(change(o1), evidence_post(o1, state="ready")).status_code == 404
    assert not EvidenceLink.objects.filter(evidence__assessment=seed_assessment).exists()
    assert Evidence.objects.get(pk=o1.pk).state == Evidence.State.NOT_STARTED


def test_an_outsider_lists_none_of_the_seed_agencys_evidence(
    outsider_client, seed_agency, evidence_rows
):
    body = outsider_client.get(reverse("admin:oit_evidence_changelist")).content.decode()
    assert seed_agency.name not in body and str(seed_agency) not in body


@pytest.mark.parametrize("client_name", ["viewer_client", "approver_client"])
def test_viewers_and_approvers_look_but_every_write_is_403(
    request, client_name, seed_assessment, evidence_rows
):
    client = request.getfixturevalue(client_name)
    o1 = evidence_rows["O1"]
    assert client.get(overview(seed_assessment)).status_code == 200
    assert client.get(change(o1)).status_code == 200
    page = client.get(paste(seed_assessment))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()

    assert client.post(paste(seed_assessment), {"urls": "O1 https://x.go.th/"}).status_code == 403
    assert client.post(overview(seed_assessment), {"do": "ensure"}).status_code == 403
    assert client.post(overview(seed_assessment), {"do": "check"}).status_code == 403
    assert client.post(change(o1), evidence_post(o1, state="ready")).status_code == 403
    assert not EvidenceLink.objects.filter(evidence__assessment=seed_assessment).exists()
    assert Evidence.objects.get(pk=o1.pk).state == Evidence.State.NOT_STARTED


def test_staff_create_the_rows_of_every_item_of_the_year(staff_client, seed_assessment):
    response = staff_client.post(overview(seed_assessment), {"do": "ensure"})
    assert response.status_code == 302
    assert seed_assessment.oit_evidence.count() == 43
    again = staff_client.post(overview(seed_assessment), {"do": "ensure"}, follow=True)
    assert "สร้างรายการหลักฐานเพิ่ม 0 ข้อ" in again.content.decode()


def test_staff_edit_an_items_evidence(staff_client, seed_agency, evidence_rows):
    o1 = evidence_rows["O1"]
    unit = seed_agency.units.first()
    response = staff_client.post(
        change(o1),
        evidence_post(
            o1,
            state="ready",
            unit=str(unit.pk),
            responsible_person="นางสาวตัวอย่าง ใจดี",
            **{
                "links-TOTAL_FORMS": "1",
                "links-0-url": "https://www.example.go.th/structure",
                "links-0-order": "1",
            },
        ),
    )
    assert response.status_code == 302
    o1.refresh_from_db()
    assert (o1.state, o1.unit, o1.responsible_person) == ("ready", unit, "นางสาวตัวอย่าง ใจดี")
    assert [link.url for link in o1.links.all()] == ["https://www.example.go.th/structure"]


def test_staff_cannot_give_a_unit_of_another_agency(staff_client, other_agency, evidence_rows):
    from assessments.models import Unit

    foreign = Unit.objects.create(agency=other_agency, name="กลุ่มของหน่วยงานอื่น")
    o1 = evidence_rows["O1"]
    response = staff_client.post(change(o1), evidence_post(o1, unit=str(foreign.pk)))
    assert response.status_code == 200  # not a valid choice
    o1.refresh_from_db()
    assert o1.unit is None


def test_an_unsupported_method_is_405(staff_client, seed_assessment):
    assert staff_client.put(overview(seed_assessment)).status_code == 405
    assert staff_client.delete(paste(seed_assessment)).status_code == 405
