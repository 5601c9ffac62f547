"""A published PDF is served only while its bytes match the SHA-256 recorded at publication.

Altered (or missing) in the media storage: the Thai 503 page instead of the altered bytes, at every address
that serves it (/reports/…/report.pdf, /vN.pdf, /media/…), and an ERROR event naming the agency
and the version. A client's current copy still revalidates to 304 without the file being read.
`manage.py verify_published` checks every stored PDF and fails listing the ones that differ.
"""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse

from ita_portal.errors import MESSAGE_PDF_ALTERED
from ita_portal.lib.media import read_bytes
from reports.integrity import EVENT_ALTERED
from reports.management.commands.verify_published import ALL_MATCH, MISMATCH
from reports.models import ReportPublication
from reports.publishing import report_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


@pytest.fixture
def published(demo, approved_plan) -> ReportPublication:
    return report_publish(assessment=approved_plan, user=demo.users["demo-approver"])


def _read(publication: ReportPublication) -> bytes:
    """The stored PDF's bytes, read through the media storage (a folder or a bucket)."""
    return read_bytes(publication.pdf.name)


def _remove(publication: ReportPublication) -> None:
    default_storage.delete(publication.pdf.name)
    assert not default_storage.exists(publication.pdf.name)


def _alter(publication: ReportPublication) -> bytes:
    """Change one byte of the stored PDF (same size, as a quiet tampering would)."""
    data = bytearray(_read(publication))
    data[-2] ^= 1
    _remove(publication)
    assert default_storage.save(publication.pdf.name, ContentFile(bytes(data))) == (
        publication.pdf.name
    )
    return bytes(data)


def addresses(publication: ReportPublication) -> list[str]:
    args = {"code": publication.assessment.agency.code, "year": publication.assessment.fiscal_year}
    return [
        reverse("reports:report_pdf", kwargs=args),
        reverse("reports:report_version_pdf", kwargs={**args, "version": publication.version}),
        reverse("reports:media", kwargs={"path": publication.pdf.name}),
    ]


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_the_unaltered_pdf_is_served_at_every_address(anonymous_client, published):
    original = _read(published)
    for url in addresses(published):
        response = anonymous_client.get(url)
        assert (url, response.status_code, body(response)) == (url, 200, original)


@pytest.mark.parametrize("where", [0, 1, 2], ids=["latest", "version", "media"])
def test_an_altered_pdf_is_refused_in_thai_and_logged(anonymous_client, published, caplog, where):
    altered = _alter(published)
    url = addresses(published)[where]
    with caplog.at_level(logging.ERROR, logger="reports.integrity"):
        response = anonymous_client.get(url)
    assert response.status_code == 503
    content = body(response)
    assert altered not in content and b"%PDF" not in content
    assert MESSAGE_PDF_ALTERED in content.decode()
    (record,) = [r for r in caplog.records if r.name == "reports.integrity"]
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert message.startswith(EVENT_ALTERED)
    assert f"agency={published.assessment.agency.code}" in message
    assert f"version={published.version}" in message


def test_a_missing_pdf_is_refused_in_thai(anonymous_client, published):
    _remove(published)
    response = anonymous_client.get(addresses(published)[0])
    assert response.status_code == 503
    assert MESSAGE_PDF_ALTERED in body(response).decode()


def test_a_current_copy_revalidates_without_reading_the_file(anonymous_client, published):
    url = addresses(published)[1]
    first = anonymous_client.get(url)
    assert first.status_code == 200
    # Gone from the storage: a 304 that still answers proves the file was not read for it.
    _remove(published)
    again = anonymous_client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and body(again) == b""


def test_the_command_passes_when_every_pdf_matches(published):
    out = io.StringIO()
    call_command("verify_published", stdout=out)
    assert ALL_MATCH.format(count=1) in out.getvalue()


def test_the_command_fails_listing_each_altered_or_missing_pdf(demo, approved_plan, published):
    approved_plan.foreword = "คำนำฉบับที่สอง"
    approved_plan.save()
    second = report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    _alter(published)
    _remove(second)
    with pytest.raises(CommandError) as failed:
        call_command("verify_published", stdout=io.StringIO())
    text = str(failed.value)
    code = published.assessment.agency.code
    assert MISMATCH.split("{")[0] in text
    assert f"{code} {published.assessment.fiscal_year} v{published.version}" in text
    assert f"{code} {second.assessment.fiscal_year} v{second.version}" in text
