"""Publishing builds the report once per request, and publishes only what the approver confirmed."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.urls import reverse

from reports import publishing
from reports.models import ReportPublication
from reports.report import builder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

# The demo report (seed assessment, first version). Before: 68 and 112, two builds each. The
# confirmation reads the site's Garuda once; the publication bumps the public cache at commit.
CONFIRMATION_QUERIES = 42
PUBLISH_QUERIES = 84


def url(assessment) -> str:
    return reverse("reports:report_publish", args=[assessment.pk])


def confirmed_digest(page: str) -> str:
    found = re.search(r'name="digest" value="([0-9a-f]{64})"', page)
    assert found, "the confirmation form carries the digest of what it shows"
    return found.group(1)


@pytest.fixture
def builds(monkeypatch):
    """How many times the report is built (its data read and formatted)."""
    made: list[str] = []
    original = builder.build_report

    def counting(*args, **kwargs):
        made.append(kwargs.get("mode", "pdf"))
        return original(*args, **kwargs)

    monkeypatch.setattr(publishing, "build_report", counting)
    return made


def test_the_confirmation_and_the_publication_build_once_each(
    approved_plan, approver_client, builds, django_assert_num_queries
):
    with django_assert_num_queries(CONFIRMATION_QUERIES):
        page = approver_client.get(url(approved_plan)).content.decode()
    assert len(builds) == 1
    ContentType.objects.clear_cache()  # the audit log's content type: read once per process
    with django_assert_num_queries(PUBLISH_QUERIES):
        response = approver_client.post(url(approved_plan), {"digest": confirmed_digest(page)})
    assert response.status_code == 302 and len(builds) == 2
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1


def test_a_change_after_the_confirmation_is_not_published_unseen(approved_plan, approver_client):
    digest = confirmed_digest(approver_client.get(url(approved_plan)).content.decode())
    approved_plan.foreword = "คำนำที่แก้หลังเปิดหน้ายืนยัน"
    approved_plan.save()
    response = approver_client.post(url(approved_plan), {"digest": digest})
    assert response.status_code == 302 and response["Location"] == url(approved_plan)
    assert not ReportPublication.objects.exists()
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert publishing.ERROR_CHANGED_SINCE_CONFIRMED in said
    # Confirmed again, the change is what goes out.
    page = approver_client.get(url(approved_plan)).content.decode()
    approver_client.post(url(approved_plan), {"digest": confirmed_digest(page)})
    published = ReportPublication.objects.get(assessment=approved_plan)
    assert "คำนำที่แก้หลังเปิดหน้ายืนยัน" in published.html


def test_a_forged_confirmation_is_refused_in_thai(approved_plan, approver_client):
    response = approver_client.post(url(approved_plan), {"digest": "<script>"})
    assert not ReportPublication.objects.exists()
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert publishing.ERROR_BAD_CONFIRMATION in said
