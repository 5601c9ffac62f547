"""Who changed which score, plan or framework, when, from what to what: kept and read-only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from assessments.models import Assessment, IndicatorScore
from ita_portal.lib.audit import history_for
from tests.assessments.test_admin_access import _scores_post


def audit_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_audit", args=[obj.pk])


@pytest.fixture
def edited(staff_client, seed_assessment) -> Assessment:
    """Staff change indicator 10 from 79.02 to 81.25 through the admin."""
    change = reverse("admin:assessments_assessment_change", args=[seed_assessment.pk])
    response = staff_client.post(change, _scores_post(seed_assessment, {10: "81.25"}))
    assert response.status_code == 302
    return seed_assessment


def test_a_score_edit_is_recorded_with_its_author_and_both_values(edited, demo):
    score = IndicatorScore.objects.get(assessment=edited, indicator__number=10)
    entry = history_for(edited).get(object_pk=str(score.pk))
    assert entry.actor == demo.users["demo-staff"]
    assert entry.action == LogEntry.Action.UPDATE
    assert [Decimal(v) for v in entry.changes["score"]] == [Decimal("79.02"), Decimal("81.25")]


def test_the_approver_reads_the_history_of_the_assessment(edited, approver_client):
    response = approver_client.get(audit_url(edited))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ประวัติการแก้ไข" in page and "demo-staff" in page and "81.25" in page


def test_staff_outsiders_and_visitors_do_not(edited, staff_client, outsider_client, client):
    url = audit_url(edited)
    assert staff_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_change_page_links_to_the_history_for_approvers_only(
    edited, approver_client, staff_client
):
    change = reverse("admin:assessments_assessment_change", args=[edited.pk])
    assert audit_url(edited) in approver_client.get(change).content.decode()
    assert audit_url(edited) not in staff_client.get(change).content.decode()


def test_nothing_in_the_history_can_be_edited_or_deleted(edited, site_admin_client):
    entry = history_for(edited).first()
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert site_admin_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    assert site_admin_client.post(change, {"changes": "{}"}).status_code == 403
    assert site_admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_a_framework_edit_is_in_the_framework_history(site_admin_client, db):
    from indicators.models import Framework

    framework = Framework.objects.get(fiscal_year=2568)
    framework.name = "กรอบการประเมิน ๒๕๖๘ (แก้ไข)"
    framework.save()
    response = site_admin_client.get(audit_url(framework))
    assert response.status_code == 200
    assert "กรอบการประเมิน ๒๕๖๘ (แก้ไข)" in response.content.decode()


def test_the_history_reads_in_thai_words(approver_client, demo):
    """No None, True/False, ISO date or field name: labels, ใช่/ไม่ใช่, "—" and พ.ศ. dates."""
    import datetime as dt

    from django.utils import timezone

    from actionplans.models import ActionPlan, PlanActivity

    plan = ActionPlan.objects.filter(assessment__agency__code="pathumthani-2").first()
    plan.submitted_at = timezone.make_aware(dt.datetime(2019, 12, 15, 9, 30))
    plan.save()
    activity = PlanActivity.objects.filter(item__plan=plan).order_by("pk").first()
    activity.all_units = not activity.all_units
    activity.save()
    page = approver_client.get(audit_url(plan)).content.decode()
    assert "เสนอเมื่อ" in page and "๑๕ ธ.ค. ๒๕๖๒ ๐๙:๓๐ น." in page
    assert "และทุกกลุ่ม/หน่วย" in page and ("ใช่ → ไม่ใช่" in page or "ไม่ใช่ → ใช่" in page)
    for machine in ("None", "True", "False", "2019-12-15", "submitted_at"):
        assert machine not in page
