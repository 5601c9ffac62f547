"""Publishing freezes a version; only approvers publish, only with an approved plan; bulk jobs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from reports.models import PublicationJob, ReportPublication
from reports.publishing import (
    ERROR_NOT_APPROVER,
    ERROR_PLAN_NOT_APPROVED,
    ERROR_REASON_REQUIRED,
    report_publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def publish_url(assessment):
    return reverse("reports:report_publish", args=[assessment.pk])


def public_pdf_url(assessment, version=None):
    args = {"code": assessment.agency.code, "year": assessment.fiscal_year}
    if version is None:
        return reverse("reports:report_pdf", kwargs=args)
    return reverse("reports:report_version_pdf", kwargs={**args, "version": version})


def public_bytes(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_an_approver_publishes_a_frozen_version(approver_client, approved_plan, anonymous_client):
    response = approver_client.post(publish_url(approved_plan))
    assert response.status_code == 302
    publication = ReportPublication.objects.get(assessment=approved_plan)
    assert publication.version == 1 and publication.sha256 and publication.html
    approved_plan.refresh_from_db()
    assert approved_plan.status == Assessment.Status.PUBLISHED
    response = anonymous_client.get(public_pdf_url(approved_plan, 1))
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert 'filename="ita-report-2562-v1.pdf"' in disposition
    assert "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99" in disposition  # "รายงาน"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_may_not_publish(staff_client, approved_plan):
    response = staff_client.post(publish_url(approved_plan))
    assert response.status_code == 403
    assert not ReportPublication.objects.exists()


def test_another_agency_cannot_see_the_publish_action(outsider_client, approved_plan):
    assert outsider_client.post(publish_url(approved_plan)).status_code == 404


def test_anonymous_is_sent_to_login(anonymous_client, approved_plan):
    response = anonymous_client.post(publish_url(approved_plan))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_a_post_publishes(approver_client, approved_plan):
    # A GET is the confirmation page (tests/reports/test_publish_confirmation.py).
    assert approver_client.get(publish_url(approved_plan)).status_code == 200
    assert not ReportPublication.objects.exists()


def test_publishing_without_an_approved_plan_is_refused(approver_client, unapproved_plan):
    response = approver_client.post(publish_url(unapproved_plan), follow=True)
    assert ERROR_PLAN_NOT_APPROVED in response.content.decode()
    assert not ReportPublication.objects.exists()


def test_the_service_refuses_staff(demo, approved_plan):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as refused:
        report_publish(assessment=approved_plan, user=demo.users["demo-staff"])
    assert str(refused.value) == ERROR_NOT_APPROVER


def test_an_edit_changes_the_public_pdf_only_when_republished(
    approver_client,
    anonymous_client,
    approved_plan,
):
    approver_client.post(publish_url(approved_plan))
    before = public_bytes(anonymous_client, public_pdf_url(approved_plan))
    page_before = anonymous_client.get(
        reverse("reports:report", args=[approved_plan.agency.code, approved_plan.fiscal_year])
    ).content

    approved_plan.foreword = "คำนำฉบับแก้ไขหลังเผยแพร่"
    approved_plan.save()
    assert public_bytes(anonymous_client, public_pdf_url(approved_plan)) == before
    page_after = anonymous_client.get(
        reverse("reports:report", args=[approved_plan.agency.code, approved_plan.fiscal_year])
    ).content
    assert page_after == page_before and "คำนำฉบับแก้ไขหลังเผยแพร่".encode() not in page_after

    approver_client.post(publish_url(approved_plan))
    after = public_bytes(anonymous_client, public_pdf_url(approved_plan))
    assert after != before
    assert (
        "คำนำฉบับแก้ไขหลังเผยแพร่".encode()
        in anonymous_client.get(
            reverse("reports:report", args=[approved_plan.agency.code, approved_plan.fiscal_year])
        ).content
    )
    # The first version stays downloadable at its own stable URL.
    assert public_bytes(anonymous_client, public_pdf_url(approved_plan, 1)) == before


def test_the_version_history_is_listed(approver_client, staff_client, approved_plan):
    approver_client.post(publish_url(approved_plan))
    approved_plan.foreword = "คำนำฉบับที่สอง"
    approved_plan.save()
    approver_client.post(publish_url(approved_plan))
    page = staff_client.get(reverse("reports:report_manage", args=[approved_plan.pk]))
    assert page.status_code == 200
    versions = [p.version for p in page.context["versions"]]
    assert versions == [2, 1]
    for publication in ReportPublication.objects.all():
        assert publication.sha256[:16] in page.content.decode()


def test_unpublishing_needs_a_reason_and_hides_every_version(
    approver_client,
    anonymous_client,
    approved_plan,
):
    approver_client.post(publish_url(approved_plan))
    url = reverse("reports:report_unpublish", args=[approved_plan.pk])
    response = approver_client.post(url, {"reason": "  "}, follow=True)
    assert ERROR_REASON_REQUIRED in response.content.decode()
    assert anonymous_client.get(public_pdf_url(approved_plan, 1)).status_code == 200

    approver_client.post(url, {"reason": "พบข้อมูลคะแนนผิด"})
    assert anonymous_client.get(public_pdf_url(approved_plan, 1)).status_code == 404
    publication = ReportPublication.objects.get()
    assert publication.unpublish_reason == "พบข้อมูลคะแนนผิด"
    # Its stored file is not reachable through the media URL either.
    media = reverse("reports:media", args=[publication.pdf.name])
    assert anonymous_client.get(media).status_code == 404


def test_staff_may_not_unpublish(approver_client, staff_client, approved_plan):
    approver_client.post(publish_url(approved_plan))
    url = reverse("reports:report_unpublish", args=[approved_plan.pk])
    assert staff_client.post(url, {"reason": "x"}).status_code == 403
    assert ReportPublication.objects.get().is_live


def test_a_site_admin_publishes_a_whole_year_inline_with_progress(
    site_admin_client,
    approved_plan,
):
    url = reverse("reports:bulk_publish")
    assert site_admin_client.get(url).status_code == 200
    response = site_admin_client.post(url, {"fiscal_year": approved_plan.fiscal_year})
    job = PublicationJob.objects.get()
    assert response["Location"] == reverse("reports:publication_job", args=[job.pk])
    # No broker in the tests: the Celery task ran inline before the redirect.
    assert job.status == PublicationJob.Status.FINISHED
    assert (job.total, job.done, job.failed) == (1, 1, 0)
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1
    page = site_admin_client.get(response["Location"])
    assert page.status_code == 200 and "http-equiv" not in page.content.decode()
    assert "เผยแพร่แล้ว 1 จาก 1 ฉบับ" in page.content.decode()


def test_bulk_publishing_is_for_site_admins_only(approver_client, anonymous_client):
    url = reverse("reports:bulk_publish")
    assert approver_client.get(url).status_code == 403
    assert approver_client.post(url, {"fiscal_year": 2562}).status_code == 403
    assert anonymous_client.get(url).status_code == 302
    assert not PublicationJob.objects.exists()


def test_a_running_job_page_refreshes_itself(site_admin_client, demo):
    job = PublicationJob.objects.create(fiscal_year=2562, total=3, done=1)
    page = site_admin_client.get(reverse("reports:publication_job", args=[job.pk]))
    assert '<meta http-equiv="refresh" content="2">' in page.content.decode()


def test_a_reopened_plan_publishes_its_last_approved_version(demo, approved_plan):  # noqa: F811
    from actionplans.models import ActionPlan
    from actionplans.services import actionplan_reopen, actionplan_update
    from reports.publishing import render_preview

    approver, staff = demo.users["demo-approver"], demo.users["demo-staff"]
    plan = ActionPlan.objects.get(assessment=approved_plan)
    plan = actionplan_reopen(plan=plan, user=approver, comment="ปรับแผนกลางปี")
    actionplan_update(plan=plan, user=staff, introduction="ข้อความนำที่ยังไม่ได้อนุมัติ")

    # The staff preview shows the plan as it is now; the publication its approved version.
    preview, _report = render_preview(approved_plan, mode="web")
    assert "ข้อความนำที่ยังไม่ได้อนุมัติ" in preview
    publication = report_publish(assessment=approved_plan, user=approver)
    assert "ข้อความนำที่ยังไม่ได้อนุมัติ" not in publication.html
    assert "แนวทางในการพัฒนาสู่การปฏิบัติ" in publication.html
