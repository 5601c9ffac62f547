"""The workspace pages from the outside: who sees which agency, the inbox, the overview."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from actionplans.models import ActionPlan


def submit(assessment):
    ActionPlan.objects.filter(assessment=assessment).update(
        status=ActionPlan.Status.SUBMITTED, submitted_at=timezone.now() - timezone.timedelta(days=3)
    )


def test_anonymous_visitors_are_sent_to_the_login(anonymous_client, demo):
    response = anonymous_client.get(reverse("workspace:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert anonymous_client.get(reverse("workspace:overview")).status_code == 302


def test_staff_land_on_their_agencys_newest_year(staff_client, seed_agency, seed_assessment):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert seed_agency.name in page
    assert "ขั้นต่อไป" in page
    # The newest year with an assessment: the demo's ๒๕๖๓ (OIT evidence), after the seed's ๒๕๖๒.
    newest = seed_agency.assessments.order_by("-framework__fiscal_year").first()
    assert newest.fiscal_year > seed_assessment.fiscal_year
    assert response.context["workspace"].assessment == newest
    # Staff are no approvers: no inbox.
    assert "แผนที่รอการอนุมัติของคุณ" not in page


def test_staff_of_another_agency_get_404_for_this_agencys_workspace(outsider_client, seed_agency):
    url = reverse("workspace:index") + f"?agency={seed_agency.pk}"
    assert outsider_client.get(url).status_code == 404


def test_an_unknown_year_or_a_bad_parameter_is_404(staff_client, seed_agency):
    base = reverse("workspace:index") + f"?agency={seed_agency.pk}"
    assert staff_client.get(base + "&year=2400").status_code == 404
    assert staff_client.get(base + "&year=abc").status_code == 404
    assert staff_client.get(reverse("workspace:index") + "?agency=x").status_code == 404


def test_the_workspace_is_read_only(staff_client):
    assert staff_client.post(reverse("workspace:index")).status_code == 405


def test_the_approver_sees_the_inbox_with_how_long_and_the_count_on_every_admin_page(
    approver_client, seed_assessment, django_assert_max_num_queries
):
    submit(seed_assessment)
    page = approver_client.get(reverse("admin:index")).content.decode()
    assert "แผนที่รอการอนุมัติของคุณ (๑)" in page
    assert "๓ วัน" in page
    other_page = approver_client.get(reverse("admin:actionplans_actionplan_changelist"))
    assert "รออนุมัติ ๑" in other_page.content.decode()


def test_the_header_count_is_one_query(approver_client, seed_assessment, demo):
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from reports.context_processors import approval_inbox_count

    submit(seed_assessment)
    request = RequestFactory().get("/admin/")
    request.user = demo.users["demo-approver"]
    with CaptureQueriesContext(connection) as queries:
        shown = str(approval_inbox_count(request)["approval_inbox_count"])
    assert shown == "๑"
    assert len(queries) == 1


def test_no_count_for_staff_or_without_waiting_plans(
    staff_client, approver_client, seed_assessment
):
    submit(seed_assessment)
    assert "รออนุมัติ ๑" not in staff_client.get(reverse("admin:index")).content.decode()
    ActionPlan.objects.filter(assessment=seed_assessment).update(status=ActionPlan.Status.DRAFT)
    assert "ws-header-count" not in approver_client.get(reverse("admin:index")).content.decode()


def test_site_admins_see_the_overview_linked_from_their_index(site_admin_client, seed_assessment):
    index = site_admin_client.get(reverse("admin:index")).content.decode()
    assert reverse("workspace:overview") in index
    assert site_admin_client.get(reverse("workspace:overview")).status_code == 200
    year = seed_assessment.fiscal_year
    response = site_admin_client.get(reverse("workspace:overview") + f"?year={year}")
    overview = response.context["overview"]
    assert overview.year == seed_assessment.fiscal_year
    assert overview.total == 2
    assert "เผยแพร่แล้ว ๐ จาก ๒ หน่วยงาน" in response.content.decode()


def test_the_overview_filters_by_cohort_and_stage(site_admin_client, seed_assessment, other_agency):
    url = reverse("workspace:overview") + f"?year={seed_assessment.fiscal_year}"
    no_plan = site_admin_client.get(url + "&stage=no_plan").context["overview"]
    assert [r.agency for r in no_plan.rows] == [other_agency.name]
    cohort = seed_assessment.agency.cohort
    by_cohort = site_admin_client.get(url + f"&cohort={cohort.pk}").context["overview"]
    assert all(r.cohort == cohort.name for r in by_cohort.rows)


def test_agency_users_get_403_on_the_overview(staff_client, approver_client):
    assert staff_client.get(reverse("workspace:overview")).status_code == 403
    assert approver_client.get(reverse("workspace:overview")).status_code == 403


def test_a_site_admin_may_open_any_agencys_workspace(site_admin_client, seed_agency):
    url = reverse("workspace:index") + f"?agency={seed_agency.pk}"
    response = site_admin_client.get(url)
    assert response.status_code == 200
    assert response.context["ws_agency"] == seed_agency


def test_the_workspace_shows_the_agencys_overdue_dates_in_the_buddhist_era(
    staff_client, seed_assessment
):
    seed_assessment.analysis_due = timezone.localdate() - timezone.timedelta(days=4)
    seed_assessment.save()
    from assessments.models import IndicatorScore

    IndicatorScore.objects.filter(assessment=seed_assessment).update(narrative="")
    url = reverse("admin:index") + f"?year={seed_assessment.fiscal_year}"
    page = staff_client.get(url).content.decode()
    assert "เลยกำหนดมาแล้ว ๔ วัน" in page
    assert "(เลยกำหนด)" in page


def test_the_workspace_pages_speak_thai(
    staff_client, approver_client, site_admin_client, seed_assessment
):
    from tests.test_admin_thai import assert_thai

    submit(seed_assessment)
    assert_thai(staff_client.get(reverse("admin:index")).content.decode())
    assert_thai(approver_client.get(reverse("admin:index")).content.decode())
    assert_thai(site_admin_client.get(reverse("workspace:overview")).content.decode())


def test_the_overview_costs_the_same_queries_for_2_or_22_agencies(
    site_admin_client, seed_assessment
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Agency, Assessment

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert site_admin_client.get(reverse("workspace:overview")).status_code == 200
        return len(captured)

    before = queries()
    for n in range(20):
        agency = Agency.objects.create(code=f"extra-{n}", name=f"หน่วยงานเพิ่ม {n}")
        Assessment.objects.create(agency=agency, framework=seed_assessment.framework)
    assert queries() == before
