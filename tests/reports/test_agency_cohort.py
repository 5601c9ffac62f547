"""A published agency's page shows its latest year against its cohort, indicator by indicator."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def test_the_agency_page_compares_the_published_year_with_the_cohort(
    approved_plan, approver_client, anonymous_client
):
    response = approver_client.post(reverse("reports:report_publish", args=[approved_plan.pk]))
    assert response.status_code == 302
    from assessments.models import Assessment

    # The demo's other agency of the cohort publishes too (set directly: a second plan is not the point).
    from tests.publishing_helpers import publish_results

    publish_results(Assessment.objects.filter(agency__code="demo-other"))
    response = anonymous_client.get(reverse("reports:agency", args=["pathumthani-2"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "ปีงบประมาณ พ.ศ. 2562 เทียบกับกลุ่ม" in body
    assert "ลำดับที่ <strong>1</strong> จาก 2 หน่วยงาน" in body
    # Indicator 1: 97.09 against the cohort's (97.09 + 92.10) / 2 = 94.595 → 94.60.
    assert '<td class="num">94.60</td>' in body
    assert "/ranking/2562/esa-primary/" in body
