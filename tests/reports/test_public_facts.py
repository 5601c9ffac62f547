"""Every public fact has an approved source (issue 24): a staff member's change of the agency's
names or earlier results waits for an approver, the public outputs read the approved value, and
a published report keeps the name it was published with (docs/public-facts.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessments import public_facts
from assessments.models import EarlierResult, PublicFactChange, Role
from assessments.models.assessment import ERROR_EARLIER_YEAR_NOT_PAST, current_assessment_year
from assessments.services import membership_grant
from tests.actionplans.formdata import admin_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

NEW_NAME = "สำนักงานเปลี่ยนชื่อทดสอบใหม่"
NEW_SHORT = "ชื่อย่อใหม่ทดสอบ"
YEAR = 2562  # the seed's published year
ITA_YEAR = 2563  # the seed's year with public ITA evidence


@pytest.fixture
def published(approver_client, approved_plan):
    """The seed's 2562 report published by its approver, with the names of the demo."""
    response = approver_client.post(reverse("reports:report_publish", args=[approved_plan.pk]))
    assert response.status_code == 302
    agency = approved_plan.agency
    agency.refresh_from_db()
    return agency


def agency_url(agency) -> str:
    return reverse("admin:assessments_agency_change", args=[agency.pk])


def facts_url(agency) -> str:
    return reverse("admin:assessments_agency_public_facts", args=[agency.pk])


def form_of(client: Client, agency) -> dict[str, list[str]]:
    return admin_form_data(client.get(agency_url(agency)).content.decode(), "agency_form")


def rename(client: Client, agency) -> None:
    data = form_of(client, agency)
    data["name"], data["short_name"] = [NEW_NAME], [NEW_SHORT]
    response = client.post(agency_url(agency), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def earlier_rows(data: dict[str, list[str]]) -> dict[int, int]:
    """fiscal year → index of its row in the earlier results' formset."""
    total = int(data["earlier_results-TOTAL_FORMS"][0])
    return {int(data[f"earlier_results-{i}-fiscal_year"][0]): i for i in range(total)}


def add_earlier(client: Client, agency, year: int, total: str):
    data = form_of(client, agency)
    index = int(data["earlier_results-TOTAL_FORMS"][0])
    data["earlier_results-TOTAL_FORMS"] = [str(index + 1)]
    data[f"earlier_results-{index}-fiscal_year"] = [str(year)]
    data[f"earlier_results-{index}-total"] = [total]
    data[f"earlier_results-{index}-agency"] = [str(agency.pk)]
    return client.post(agency_url(agency), data)


def decide(client: Client, agency, action: str, reason: str = "") -> list:
    responses = []
    for change in public_facts.pending_changes(agency):
        responses.append(
            client.post(
                facts_url(agency), {"change": change.pk, "action": action, "reason": reason}
            )
        )
    return responses


def public_texts(client: Client, agency) -> dict[str, str]:
    """What the public reads about the agency, output by output."""
    code = agency.code
    return {
        "agency page": client.get(reverse("reports:agency", args=[code])).content.decode(),
        # Both names begin so: the search finds the agency under the name it holds.
        "search": client.get("/", {"q": "สำนักงาน"}).content.decode(),
        "api": json.dumps(client.get(f"/api/agencies/{code}/").json(), ensure_ascii=False),
        "open data": client.get(f"/open-data/{YEAR}.csv").content.decode("utf-8-sig"),
        "ranking": client.get(
            reverse("assessments:ranking_agency", args=[YEAR, code])
        ).content.decode(),
        "ita json": client.get(reverse("reports:ita_json", args=[code, ITA_YEAR])).content.decode(
            "utf-8"
        ),
    }


def pdf_filename(client: Client, agency) -> str:
    response = client.get(reverse("reports:report_pdf", args=[agency.code, YEAR]))
    assert response.status_code == 200
    return unquote(response["Content-Disposition"])


def test_a_staff_rename_waits_and_the_approval_shows_everywhere_at_once(
    staff_client, approver_client, anonymous_client, published
):
    old_name = published.name
    before = public_texts(anonymous_client, published)
    assert all(old_name in text for text in before.values()), [
        k for k, v in before.items() if old_name not in v
    ]
    rename(staff_client, published)
    published.refresh_from_db()
    assert published.name == old_name  # the approved value stays the agency's
    waiting = public_texts(anonymous_client, published)
    for output, text in waiting.items():
        assert NEW_NAME not in text and old_name in text, output
    # The staff see what waits, on the agency's page.
    page = staff_client.get(agency_url(published)).content.decode()
    assert "รออนุมัติ" in page and NEW_NAME in page and NEW_SHORT in page

    assert all(r.status_code == 302 for r in decide(approver_client, published, "approve"))
    after = public_texts(anonymous_client, published)
    for output, text in after.items():
        assert NEW_NAME in text, output
    assert public_facts.pending_changes(published) == []


def test_the_published_report_keeps_the_name_it_was_published_with(
    staff_client, approver_client, anonymous_client, published
):
    published_short = published.display_short_name
    assert published_short in pdf_filename(anonymous_client, published)
    rename(staff_client, published)
    decide(approver_client, published, "approve")
    published.refresh_from_db()
    assert published.name == NEW_NAME
    filename = pdf_filename(anonymous_client, published)
    assert published_short in filename and NEW_SHORT not in filename
    page = anonymous_client.get(reverse("reports:report", args=[published.code, YEAR]))
    html = page.content.decode()
    assert published_short in html and NEW_SHORT not in html and NEW_NAME not in html


def test_a_total_for_the_year_under_way_or_later_is_refused_in_thai(staff_client, seed_agency):
    current = current_assessment_year()
    for year in (current, current + 1, 2570):
        if year < current:
            continue
        response = add_earlier(staff_client, seed_agency, year, "99.99")
        assert response.status_code == 200  # the form again, with the error
        assert ERROR_EARLIER_YEAR_NOT_PAST.format(year=current) in response.content.decode()
    assert not EarlierResult.objects.filter(agency=seed_agency, fiscal_year__gte=current).exists()
    assert not PublicFactChange.objects.filter(agency=seed_agency).exists()


def test_a_site_admin_is_refused_a_future_year_too(site_admin_client, seed_agency):
    response = add_earlier(site_admin_client, seed_agency, current_assessment_year(), "50")
    assert response.status_code == 200
    assert not EarlierResult.objects.filter(
        agency=seed_agency, fiscal_year=current_assessment_year()
    ).exists()


def test_a_changed_earlier_total_waits_for_the_approver(
    staff_client, approver_client, anonymous_client, published
):
    agency_page = reverse("reports:agency", args=[published.code])
    before = anonymous_client.get(agency_page).context["history"]
    earlier = EarlierResult.objects.filter(agency=published).order_by("fiscal_year").first()
    data = form_of(staff_client, published)
    index = earlier_rows(data)[earlier.fiscal_year]
    data[f"earlier_results-{index}-total"] = ["12.34"]
    assert staff_client.post(agency_url(published), data).status_code == 302
    earlier.refresh_from_db()
    assert earlier.total != Decimal("12.34")
    waiting = anonymous_client.get(agency_page)
    assert waiting.context["history"] == before and ">12.34</text>" not in waiting.content.decode()

    decide(approver_client, published, "approve")
    earlier.refresh_from_db()
    assert earlier.total == Decimal("12.34")
    assert ">12.34</text>" in anonymous_client.get(agency_page).content.decode()


def test_a_deleted_earlier_year_waits_and_a_rejection_keeps_it(
    staff_client, approver_client, seed_agency
):
    earlier = EarlierResult.objects.filter(agency=seed_agency).first()
    data = form_of(staff_client, seed_agency)
    data[f"earlier_results-{earlier_rows(data)[earlier.fiscal_year]}-DELETE"] = ["on"]
    assert staff_client.post(agency_url(seed_agency), data).status_code == 302
    assert EarlierResult.objects.filter(pk=earlier.pk).exists()
    (change,) = public_facts.pending_changes(seed_agency)
    assert change.removed and change.fiscal_year == earlier.fiscal_year
    # A rejection needs a reason.
    (no_reason,) = decide(approver_client, seed_agency, "reject")
    assert no_reason.status_code == 302
    assert public_facts.pending_changes(seed_agency) == [change]
    decide(approver_client, seed_agency, "reject", reason="ปีนี้มีผลจริง")
    change.refresh_from_db()
    assert change.status == PublicFactChange.Status.REJECTED and change.reason == "ปีนี้มีผลจริง"
    assert EarlierResult.objects.filter(pk=earlier.pk).exists()


def test_the_proposer_cannot_approve_their_own_change(approver_client, seed_agency, demo):
    old_name = seed_agency.name
    rename(approver_client, seed_agency)
    (change,) = [
        c for c in public_facts.pending_changes(seed_agency) if c.fact == PublicFactChange.Fact.NAME
    ]
    assert change.proposed_by == demo.users["demo-approver"]
    response = approver_client.post(
        facts_url(seed_agency), {"change": change.pk, "action": "approve"}
    )
    assert response.status_code == 403
    seed_agency.refresh_from_db()
    assert seed_agency.name == old_name
    # Nor does their page offer it.
    assert 'value="approve"' not in approver_client.get(facts_url(seed_agency)).content.decode()


def test_staff_see_the_pending_list_but_may_not_decide(staff_client, approver_client, seed_agency):
    # The approver's proposal: four eyes alone would not stop the staff member here.
    rename(approver_client, seed_agency)
    page = staff_client.get(facts_url(seed_agency))
    assert page.status_code == 200 and NEW_NAME in page.content.decode()
    change = public_facts.pending_changes(seed_agency)[0]
    for action in ("approve", "reject"):
        response = staff_client.post(
            facts_url(seed_agency), {"change": change.pk, "action": action, "reason": "x"}
        )
        assert response.status_code == 403
    assert len(public_facts.pending_changes(seed_agency)) == 2


def test_a_viewer_reads_but_may_not_decide_and_outsiders_get_404(
    staff_client, outsider_client, anonymous_client, seed_agency, other_agency
):
    rename(staff_client, seed_agency)
    change = public_facts.pending_changes(seed_agency)[0]
    viewer = get_user_model().objects.create_user("viewer-facts", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert viewer_client.get(facts_url(seed_agency)).status_code == 200
    decision = {"change": change.pk, "action": "approve"}
    assert viewer_client.post(facts_url(seed_agency), decision).status_code == 403
    assert outsider_client.get(facts_url(seed_agency)).status_code == 404
    assert outsider_client.post(facts_url(seed_agency), decision).status_code == 404
    # The change of another agency, asked through the outsider's own agency page: not found.
    assert outsider_client.post(facts_url(other_agency), decision).status_code == 404
    login = anonymous_client.get(facts_url(seed_agency))
    assert login.status_code == 302 and reverse("admin:login") in login["Location"]
    seed_agency.refresh_from_db()
    assert seed_agency.name != NEW_NAME


def test_a_site_admin_renames_directly(site_admin_client, seed_agency):
    rename(site_admin_client, seed_agency)
    seed_agency.refresh_from_db()
    assert seed_agency.name == NEW_NAME
    assert public_facts.pending_changes(seed_agency) == []


def test_a_new_proposal_replaces_the_pending_one(staff_client, seed_agency):
    rename(staff_client, seed_agency)
    data = form_of(staff_client, seed_agency)
    data["name"] = ["ชื่อที่สองทดสอบ"]
    assert staff_client.post(agency_url(seed_agency), data).status_code == 302
    names = [
        c.proposed_text
        for c in public_facts.pending_changes(seed_agency)
        if c.fact == PublicFactChange.Fact.NAME
    ]
    assert names == ["ชื่อที่สองทดสอบ"]


def test_the_approver_finds_the_waiting_changes_in_the_inbox(
    staff_client, approver_client, seed_agency
):
    rename(staff_client, seed_agency)
    page = approver_client.get(reverse("admin:index")).content.decode()
    assert "ข้อมูลสาธารณะที่รออนุมัติ" in page and facts_url(seed_agency) in page
    # Their own proposals are not in their inbox.
    decide(approver_client, seed_agency, "approve")
    rename(approver_client, seed_agency)
    assert (
        facts_url(seed_agency) not in approver_client.get(reverse("admin:index")).content.decode()
    )
