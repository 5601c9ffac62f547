"""The public ITA page of an agency and year: only public evidence, its JSON, its embeddable
variant with the agency's frame-ancestors, the evidence files behind the media rules."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, Role
from assessments.services import membership_grant
from indicators.models import OITItem
from oit import services as oit_services
from oit.models import (
    ERROR_BAD_ORIGIN,
    Evidence,
    PublicPageSetting,
    validate_frame_origins,
)
from reports import publishing
from tests.imaging import tiny_pdf

YEAR = 2563
DEMO_HOST = "https://www.example.invalid/pathumthani-2"


def page_url(code: str = "pathumthani-2", year: int = YEAR) -> str:
    return reverse("reports:ita", args=[code, year])


def json_url(code: str = "pathumthani-2", year: int = YEAR) -> str:
    return reverse("reports:ita_json", args=[code, year])


def embed_url(code: str = "pathumthani-2", year: int = YEAR) -> str:
    return reverse("reports:ita_embed", args=[code, year])


@pytest.fixture
def staff_user(demo):
    return demo.users["demo-staff"]


@pytest.fixture
def year_assessment(demo, seed_agency) -> Assessment:
    """The seed's ๒๕๖๓ assessment, whose evidence the demo gives."""
    return Assessment.objects.get(agency=seed_agency, framework__fiscal_year=YEAR)


def evidence(assessment: Assessment, code: str) -> Evidence:
    return assessment.oit_evidence.select_related("item", "assessment").get(item__code=code)


def pdf_upload(name: str = "หลักฐาน.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(), "application/pdf")


def test_the_page_shows_public_evidence_and_never_the_rest(anonymous_client, year_assessment):
    public, hidden = evidence(year_assessment, "O1"), evidence(year_assessment, "O11")
    assert public.public and not hidden.public  # as the demo marks them
    response = anonymous_client.get(page_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{DEMO_HOST}/about/structure" in body
    assert "O11" not in body and "operation-2563-6-months" not in body
    assert "ตัวชี้วัดที่ 9" in body and "9.1 ข้อมูลพื้นฐาน" in body
    # The plan for ๒๕๖๓ (approved from the ๒๕๖๒ assessment) and its follow-up.
    assert "ปีงบประมาณ พ.ศ. 2563 และผลการดำเนินการ" in body
    assert 'class="table-scroll"' in body


def test_a_retired_item_and_an_item_made_private_disappear(
    staff_user, anonymous_client, year_assessment
):
    o2 = evidence(year_assessment, "O2")
    oit_services.evidence_update(user=staff_user, evidence=o2, public=False)
    OITItem.objects.filter(pk=evidence(year_assessment, "O3").item_id).update(retired=True)
    body = anonymous_client.get(page_url()).content.decode()
    assert "about/executives" not in body and "about/duties" not in body
    assert "about/structure" in body


@pytest.mark.parametrize(
    ("code", "year"),
    [("nobody", YEAR), ("pathumthani-2", 2570), ("pathumthani-2", 2562), ("demo-other", 2562)],
)
def test_unknown_agencies_and_years_without_public_evidence_are_404(
    anonymous_client, demo, code, year
):
    for url in (page_url(code, year), json_url(code, year), embed_url(code, year)):
        assert anonymous_client.get(url).status_code == 404, url


def test_a_year_whose_evidence_is_all_private_is_404(anonymous_client, year_assessment):
    year_assessment.oit_evidence.update(public=False)
    assert anonymous_client.get(page_url()).status_code == 404
    assert anonymous_client.get(json_url()).status_code == 404


def test_every_visitor_sees_the_same_public_page_and_writes_are_refused(
    anonymous_client,
    staff_client,
    approver_client,
    outsider_client,
    site_admin_client,
    year_assessment,
):
    bodies = []
    for client in (
        anonymous_client,
        staff_client,
        approver_client,
        outsider_client,
        site_admin_client,
    ):
        response = client.get(page_url())
        assert response.status_code == 200
        bodies.append(response.content.decode().count("<tr>"))
        assert client.post(page_url()).status_code == 405
        assert client.post(json_url()).status_code == 405
    assert len(set(bodies)) == 1


def test_the_json_has_the_same_items_as_the_page(anonymous_client, year_assessment):
    data = anonymous_client.get(json_url()).json()
    codes = [
        item["code"]
        for indicator in data["indicators"]
        for sub in indicator["sub_indicators"]
        for item in sub["items"]
    ]
    expected = list(
        year_assessment.oit_evidence.filter(public=True, item__retired=False)
        .order_by("item__order")
        .values_list("item__code", flat=True)
    )
    assert codes == expected and "O11" not in codes and len(codes) >= 30
    body = anonymous_client.get(page_url()).content.decode()
    assert all(f'<th scope="row" class="code">{code}</th>' in body for code in codes)
    assert body.count('<th scope="row" class="code">') == len(codes)
    assert data["agency"] == {"code": "pathumthani-2", "name": year_assessment.agency.name}
    assert data["fiscal_year"] == YEAR
    assert data["follow_up"]["plan_year"] == YEAR and data["follow_up"]["items"]


def test_the_embed_allows_only_the_portal_by_default_and_no_site_chrome(
    anonymous_client, year_assessment
):
    response = anonymous_client.get(embed_url())
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self';" in policy + ";"
    assert "X-Frame-Options" not in response
    body = response.content.decode()
    assert "site-header" not in body and "about/structure" in body
    # The full page keeps the site's own policy: never framed.
    full = anonymous_client.get(page_url())
    assert "frame-ancestors 'none'" in full["Content-Security-Policy"]
    assert full["X-Frame-Options"] == "DENY"


def test_the_embed_names_the_websites_the_agency_set(staff_user, anonymous_client, year_assessment):
    oit_services.page_setting_save(
        user=staff_user,
        setting=PublicPageSetting(
            agency=year_assessment.agency,
            frame_origins="https://www.example.invalid  https://school.example.test:8443",
        ),
    )
    policy = anonymous_client.get(embed_url())["Content-Security-Policy"]
    directive = next(p.strip() for p in policy.split(";") if "frame-ancestors" in p)
    assert directive == (
        "frame-ancestors 'self' https://www.example.invalid https://school.example.test:8443"
    )


@pytest.mark.parametrize(
    "value",
    [
        "https://a.example.invalid; script-src *",
        "https://a.example.invalid/path",
        "javascript:alert(1)",
        "'unsafe-inline'",
        "*",
    ],
)
def test_a_setting_that_is_not_a_list_of_origins_is_refused_in_thai(value):
    with pytest.raises(ValidationError) as caught:
        validate_frame_origins(value)
    assert caught.value.messages == [ERROR_BAD_ORIGIN.format(value=value.split()[0])]


def test_only_the_agencys_staff_and_approvers_set_the_embedding(
    demo, seed_agency, staff_client, outsider_client, approver_client
):
    add = reverse("admin:oit_publicpagesetting_add")
    data = {"agency": seed_agency.pk, "frame_origins": "https://www.example.invalid"}
    assert outsider_client.post(add, data).status_code == 200  # not a valid agency choice
    assert not PublicPageSetting.objects.exists()
    assert staff_client.post(add, data).status_code == 302
    setting = PublicPageSetting.objects.get()
    change = reverse("admin:oit_publicpagesetting_change", args=[setting.pk])
    assert outsider_client.get(change).status_code == 404
    assert approver_client.get(change).status_code == 200
    viewer = get_user_model().objects.create_user("ita-viewer", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    with pytest.raises(Exception) as caught:
        oit_services.page_setting_save(user=viewer, setting=setting)
    assert oit_services.ERROR_SETTING_NOT_ALLOWED in str(caught.value)


def test_public_evidence_files_are_served_to_anyone_private_ones_only_to_members(
    staff_user, anonymous_client, staff_client, outsider_client, year_assessment, media_root
):
    shown = oit_services.evidence_file_add(
        user=staff_user,
        evidence=evidence(year_assessment, "O1"),
        upload=pdf_upload(),
        title="โครงสร้าง",
    )
    hidden = oit_services.evidence_file_add(
        user=staff_user, evidence=evidence(year_assessment, "O11"), upload=pdf_upload()
    )
    shown_url = reverse("reports:media", args=[shown.file.name])
    hidden_url = reverse("reports:media", args=[hidden.file.name])
    body = anonymous_client.get(page_url()).content.decode()
    assert shown_url in body and hidden_url not in body
    assert anonymous_client.get(shown_url).status_code == 200
    assert outsider_client.get(shown_url).status_code == 200
    assert anonymous_client.get(hidden_url).status_code == 404
    assert outsider_client.get(hidden_url).status_code == 404
    assert staff_client.get(hidden_url).status_code == 200
    data = anonymous_client.get(json_url()).json()
    files = [
        f
        for i in data["indicators"]
        for s in i["sub_indicators"]
        for it in s["items"]
        for f in it["files"]
    ]
    assert files == [{"title": "โครงสร้าง", "url": f"http://testserver{shown_url}"}]
    # Made private again: gone for the public at once.
    oit_services.evidence_update(
        user=staff_user, evidence=evidence(year_assessment, "O1"), public=False
    )
    assert anonymous_client.get(shown_url).status_code == 404


def test_the_page_links_only_live_reports_and_the_agency_page_links_the_page(
    demo, approved_plan, fast_pdf, seed_assessment, anonymous_client, media_root
):
    report = reverse("reports:report_version", args=["pathumthani-2", 2562, 1])
    assert report not in anonymous_client.get(page_url()).content.decode()
    publishing.report_publish(assessment=seed_assessment, user=demo.users["demo-approver"])
    assert report in anonymous_client.get(page_url()).content.decode()
    agency_page = anonymous_client.get(reverse("reports:agency", args=["pathumthani-2"]))
    assert page_url() in agency_page.content.decode()
    publishing.report_unpublish(
        assessment=seed_assessment, user=demo.users["demo-approver"], reason="ทดสอบการถอน"
    )
    assert report not in anonymous_client.get(page_url()).content.decode()


# The public ITA page of an anonymous visitor, whatever the number of items:
#   1. the agency by code          2. its assessment of the year
#   3. whether it has public evidence
#   4-6. the public evidence with its items, then their links, then their files
#   7. the approved plan for the year (from the year before's assessment)
#   8-10. the plan's rows with their indicators, their activities, their progress reports
#   11. the live reports of the agency
#   12. the published figures (none here: no level sentence; once published, + the level rule,
#       the framework's rules and the published scores: tests/reports/test_level_outlook.py)
ITA_PAGE_QUERIES = 12


def test_the_page_costs_a_fixed_number_of_queries(
    anonymous_client, year_assessment, django_assert_num_queries
):
    with django_assert_num_queries(ITA_PAGE_QUERIES):
        assert anonymous_client.get(page_url()).status_code == 200
    with django_assert_num_queries(ITA_PAGE_QUERIES + 1):  # + the agency's embedding setting
        assert anonymous_client.get(embed_url()).status_code == 200


def test_the_follow_up_shows_every_activity_of_each_plan_row(anonymous_client, year_assessment):
    from actionplans.models import ActionPlan, PlanActivity

    plan = ActionPlan.objects.get(
        assessment__agency=year_assessment.agency,
        assessment__framework__fiscal_year=YEAR - 1,
        status=ActionPlan.Status.APPROVED,
    )
    activities = list(
        PlanActivity.objects.filter(item__plan=plan)
        .order_by("item__order", "item_id", "order", "id")
        .values_list("text", flat=True)
    )
    rows = plan.items.count()
    assert (len(activities), rows) == (22, 15)  # the demo plan: more activities than rows
    body = anonymous_client.get(page_url()).content.decode()
    table = body.split('class="ita-follow-up"')[1].split("</table>")[0]
    assert table.count("<tr>") == rows + 1  # the heading, then one line per plan row
    assert table.count("<li>") == len(activities)
    texts = "".join(table.split())
    assert all("".join(activity.split()) in texts for activity in activities)
    items = anonymous_client.get(json_url()).json()["follow_up"]["items"]
    assert sum(len(item["activities"]) for item in items) == 22
