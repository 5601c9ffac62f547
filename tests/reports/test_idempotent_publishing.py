"""Publishing is idempotent: one version per real change; unchanged content creates nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ita_portal.lib.pdf import document_digest
from reports import publishing
from reports.models import ReportPublication
from reports.publishing import ERROR_UNCHANGED, ReportUnchanged, report_publish

from .conftest import fake_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renders made by publishing."""
    calls: list[str] = []

    def counting(html: str, **kwargs) -> bytes:
        calls.append(html)
        return fake_pdf(html, **kwargs)

    monkeypatch.setattr("reports.publishing.render_pdf", counting)
    return calls


def test_a_double_click_makes_one_version_and_says_so(approver_client, approved_plan):
    url = reverse("reports:report_publish", args=[approved_plan.pk])
    approver_client.post(url)
    response = approver_client.post(url, follow=True)
    assert response.status_code == 200
    assert ERROR_UNCHANGED.format(version=1) in response.content.decode()
    assert ReportPublication.objects.filter(assessment=approved_plan).count() == 1


def test_unchanged_content_is_neither_rendered_nor_stored(demo, approved_plan, renders):
    approver = demo.users["demo-approver"]
    first = report_publish(assessment=approved_plan, user=approver)
    with pytest.raises(ReportUnchanged) as unchanged:
        report_publish(assessment=approved_plan, user=approver)
    assert unchanged.value.publication.pk == first.pk
    assert len(renders) == 1
    assert first.content_sha256 == document_digest(renders[0])


def test_a_real_change_makes_the_next_version(demo, approved_plan):
    approver = demo.users["demo-approver"]
    first = report_publish(assessment=approved_plan, user=approver)
    approved_plan.introduction = "บทนำที่แก้ไขแล้ว"
    approved_plan.save()
    second = report_publish(assessment=approved_plan, user=approver)
    assert (first.version, second.version) == (1, 2)
    assert first.content_sha256 != second.content_sha256 and first.sha256 != second.sha256


def test_after_unpublishing_the_same_content_is_published_again(demo, approved_plan):
    approver = demo.users["demo-approver"]
    report_publish(assessment=approved_plan, user=approver)
    publishing.report_unpublish(assessment=approved_plan, user=approver, reason="ตรวจทานใหม่")
    again = report_publish(assessment=approved_plan, user=approver)
    assert again.version == 2 and again.is_live


def test_a_version_without_a_recorded_digest_is_replaced_once(demo, approved_plan):
    # Versions published before the digest was recorded: the next publication makes one more.
    approver = demo.users["demo-approver"]
    report_publish(assessment=approved_plan, user=approver)
    ReportPublication.objects.update(content_sha256="")
    assert report_publish(assessment=approved_plan, user=approver).version == 2
    with pytest.raises(ReportUnchanged):
        report_publish(assessment=approved_plan, user=approver)


def test_the_digest_follows_linked_files_not_their_location(settings, tmp_path):
    """Media are named by ita-media: URLs and read through the storage (file system or S3)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    css = default_storage.save("a.css", ContentFile(b"p { color: black }"))
    html = f'<link rel="stylesheet" href="ita-media:{css}"><p>ก</p>'
    before = document_digest(html)
    moved = default_storage.save("b.css", ContentFile(b"p { color: black }"))
    assert document_digest(html.replace(f"ita-media:{css}", f"ita-media:{moved}")) == before
    default_storage.delete(css)
    default_storage.save(css, ContentFile(b"p { color: red }"))
    assert document_digest(html) != before
    assert document_digest(html.replace("ก", "ข")) != before
