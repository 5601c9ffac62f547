"""Published versions are immutable to caches; every download answers conditional GETs with 304."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.http import http_date

from reports.models import ReportPublication
from reports.publishing import report_publish
from reports.views.downloads import CACHE_IMMUTABLE, CACHE_PRIVATE, CACHE_REVALIDATE

from .conftest import fake_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


@pytest.fixture
def published(demo, approved_plan) -> ReportPublication:
    return report_publish(assessment=approved_plan, user=demo.users["demo-approver"])


def urls(publication: ReportPublication) -> dict[str, str]:
    args = {"code": publication.assessment.agency.code, "year": publication.assessment.fiscal_year}
    versioned = {**args, "version": publication.version}
    return {
        "pdf": reverse("reports:report_pdf", kwargs=args),
        "page": reverse("reports:report", kwargs=args),
        "version_pdf": reverse("reports:report_version_pdf", kwargs=versioned),
        "version_page": reverse("reports:report_version", kwargs=versioned),
    }


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize(
    "name, cache_control",
    [
        ("version_pdf", CACHE_IMMUTABLE),
        # The latest version's page gains a "newer version exists" notice when one is published.
        ("version_page", CACHE_REVALIDATE),
        ("pdf", CACHE_REVALIDATE),
        ("page", CACHE_REVALIDATE),
    ],
)
def test_each_public_download_revalidates_to_304_without_a_body(
    anonymous_client, published, name, cache_control
):
    url = urls(published)[name]
    first = anonymous_client.get(url)
    content = body(first)
    assert first.status_code == 200 and len(content) > 0
    assert first["Cache-Control"] == cache_control
    assert first["Last-Modified"] == http_date(int(published.published_at.timestamp()))

    again = anonymous_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and body(again) == b""
    assert again["ETag"] == first["ETag"] and again["Cache-Control"] == cache_control

    since = anonymous_client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304 and body(since) == b""

    other = anonymous_client.get(url, headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200 and body(other) == content


def test_a_superseded_version_page_is_immutable_and_says_so(
    anonymous_client, demo, approved_plan, published
):
    before = anonymous_client.get(urls(published)["version_page"])
    approved_plan.foreword = "คำนำฉบับที่สอง"
    approved_plan.save()
    report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    url = urls(published)["version_page"]
    after = anonymous_client.get(url)
    assert after["Cache-Control"] == CACHE_IMMUTABLE and after["ETag"] != before["ETag"]
    assert "ฉบับนี้ไม่ใช่ฉบับล่าสุด" in after.content.decode()
    # The browser's copy from before the new version is not current any more.
    stale = anonymous_client.get(url, headers={"if-none-match": before["ETag"]})
    assert stale.status_code == 200


def test_the_pdf_etag_is_its_sha256(anonymous_client, published):
    response = anonymous_client.get(urls(published)["version_pdf"])
    assert response["ETag"] == f'"{published.sha256}"'


def test_a_withdrawn_version_is_404_even_to_a_conditional_get(
    demo, approver_client, anonymous_client, published
):
    url = urls(published)["version_pdf"]
    etag = anonymous_client.get(url)["ETag"]
    approver_client.post(
        reverse("reports:report_unpublish", args=[published.assessment_id]), {"reason": "ผิด"}
    )
    assert anonymous_client.get(url, headers={"if-none-match": etag}).status_code == 404


def test_a_repeat_download_of_an_unchanged_draft_is_not_rendered_again(
    staff_client, seed_assessment, monkeypatch
):
    renders: list[str] = []

    def counting(html: str, **kwargs) -> bytes:
        renders.append(html)
        return fake_pdf(html)

    monkeypatch.setattr("reports.views.staff.render_pdf", counting)
    url = reverse("reports:report_preview_pdf", args=[seed_assessment.pk])
    first = staff_client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == CACHE_PRIVATE
    again = staff_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and body(again) == b""
    assert len(renders) == 1
    seed_assessment.foreword = "คำนำใหม่"
    seed_assessment.save()
    changed = staff_client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_media_files_answer_conditional_gets_privately(anonymous_client, published):
    url = reverse("reports:media", args=[published.pdf.name])
    first = anonymous_client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == CACHE_PRIVATE
    again = anonymous_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and body(again) == b""
