"""The published PDF comes from the shared public page cache too (issue 23).

Stored under its agency's and the results' generations, only once its bytes matched their
SHA-256, with every header of the download as it was; a withdrawal or a new publication is
served at once, an altered file is never stored, a file over the bound is streamed as before.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from ita_portal.errors import MESSAGE_PDF_ALTERED
from ita_portal.lib.public_cache import HIT_HEADER
from reports.models import ReportPublication
from reports.publishing import report_publish, report_unpublish

from .test_public_cache import _environ, committed
from .test_published_integrity import _alter, _read, body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

# The cache is on: each test commits what it writes (`committed`).
PUBLIC_PAGE_CACHE_TESTED = True


@pytest.fixture
def published(demo, approved_plan) -> ReportPublication:
    with committed():
        return report_publish(assessment=approved_plan, user=demo.users["demo-approver"])


def pdf_urls(publication: ReportPublication) -> dict[str, str]:
    args = {"code": publication.assessment.agency.code, "year": publication.assessment.fiscal_year}
    return {
        "latest": reverse("reports:report_pdf", kwargs=args),
        "version": reverse(
            "reports:report_version_pdf", kwargs={**args, "version": publication.version}
        ),
    }


def headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name != HIT_HEADER}


@pytest.mark.parametrize("which", ["latest", "version"])
def test_a_second_download_is_a_cache_hit_with_the_same_bytes_and_headers(
    anonymous_client, published, django_assert_num_queries, which
):
    url = pdf_urls(published)[which]
    first = anonymous_client.get(url)
    assert first.status_code == 200 and first[HIT_HEADER] == "miss"
    downloaded = body(first)
    assert downloaded == _read(published)
    with django_assert_num_queries(0):
        second = anonymous_client.get(url)
    assert second.status_code == 200 and second[HIT_HEADER] == "hit"
    assert body(second) == downloaded
    assert headers(second) == headers(first)
    assert "filename*=utf-8''" in second["Content-Disposition"]
    # The client's copy revalidates to 304 from the cache, with the same validators.
    for condition in (
        {"if-none-match": first["ETag"]},
        {"if-modified-since": first["Last-Modified"]},
    ):
        with django_assert_num_queries(0):
            unchanged = anonymous_client.get(url, headers=condition)
        assert unchanged.status_code == 304 and body(unchanged) == b""
        for name in ("ETag", "Last-Modified", "Cache-Control"):
            assert unchanged[name] == first[name]


def test_the_wsgi_front_answers_a_stored_pdf(anonymous_client, published):
    from ita_portal.lib.public_cache import front

    def django_app(environ, start_response):
        raise AssertionError("the front should have answered")

    url = pdf_urls(published)["version"]
    rendered = anonymous_client.get(url, headers={"host": "testserver"})
    answered = {}
    content = b"".join(
        front(django_app)(_environ(url), lambda s, h: answered.update(status=s, h=h))
    )
    assert answered["status"] == "200 OK" and content == body(rendered)
    assert {k: v for k, v in answered["h"] if k != HIT_HEADER} == headers(rendered)


def test_a_withdrawn_version_answers_404_at_once(demo, anonymous_client, published, approved_plan):
    urls = pdf_urls(published)
    for url in urls.values():
        anonymous_client.get(url)
        assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    with committed():
        report_unpublish(
            assessment=approved_plan, user=demo.users["demo-approver"], reason="คะแนนผิด"
        )
    for url in urls.values():
        assert anonymous_client.get(url).status_code == 404


def test_a_new_publication_is_downloaded_at_once(demo, anonymous_client, published, approved_plan):
    urls = pdf_urls(published)
    first = body(anonymous_client.get(urls["latest"]))
    assert anonymous_client.get(urls["latest"])[HIT_HEADER] == "hit"
    approved_plan.foreword = "คำนำฉบับที่สอง"
    with committed():
        approved_plan.save()
        second = report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    latest = anonymous_client.get(urls["latest"])
    assert latest.status_code == 200 and latest[HIT_HEADER] == "miss"
    assert body(latest) == _read(second) != first
    assert latest["ETag"] == f'"{second.sha256}"'
    # The first version's own URL still gives its own bytes.
    assert body(anonymous_client.get(urls["version"])) == first


def test_an_altered_pdf_is_never_stored(anonymous_client, published):
    url = pdf_urls(published)["version"]
    original = _read(published)
    _alter(published)
    for _ in range(2):
        refused = anonymous_client.get(url)
        assert refused.status_code == 503 and HIT_HEADER not in refused
        assert MESSAGE_PDF_ALTERED in body(refused).decode()
    # Put right, the file is read and verified again: nothing was stored meanwhile.
    default_storage.delete(published.pdf.name)
    default_storage.save(published.pdf.name, ContentFile(original))
    mended = anonymous_client.get(url)
    assert mended[HIT_HEADER] == "miss" and body(mended) == original


def test_a_pdf_altered_after_it_was_stored_is_served_as_verified(anonymous_client, published):
    """Intended: the stored bytes matched the SHA-256; the nightly check reports the file."""
    url = pdf_urls(published)["version"]
    original = body(anonymous_client.get(url))
    _alter(published)
    again = anonymous_client.get(url)
    assert again[HIT_HEADER] == "hit" and body(again) == original


def test_a_pdf_over_the_bound_is_streamed_every_time(anonymous_client, published, settings):
    url = pdf_urls(published)["version"]
    settings.PUBLIC_PAGE_CACHE_MAX_FILE_BYTES = len(_read(published)) - 1
    for _ in range(2):
        response = anonymous_client.get(url)
        assert response.status_code == 200 and response.streaming
        assert HIT_HEADER not in response and body(response) == _read(published)
    settings.PUBLIC_PAGE_CACHE_MAX_FILE_BYTES = len(_read(published))
    anonymous_client.get(url)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"


def test_a_pdf_asked_with_a_query_string_is_streamed_every_time(anonymous_client, published):
    """Each query string would store one more copy of the file."""
    url = pdf_urls(published)["version"]
    for _ in range(2):
        response = anonymous_client.get(url, {"x": "1"})
        assert response.status_code == 200 and response.streaming
        assert HIT_HEADER not in response and body(response) == _read(published)
    anonymous_client.get(url)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"


def test_signed_in_users_and_visitors_with_cookies_download_as_before(
    approver_client, anonymous_client, published
):
    url = pdf_urls(published)["version"]
    anonymous_client.get(url)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    visitor = Client()
    visitor.cookies["sessionid"] = "x"
    for client in (approver_client, visitor):
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        assert HIT_HEADER not in response and body(response) == _read(published)
