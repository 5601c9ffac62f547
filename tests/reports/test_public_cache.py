"""Public pages come from the shared cache until what they show changes (issue 23).

The rule every test here checks: what an anonymous visitor is served with the cache on is what
the page renders at that moment with the cache off, right after a publish, a withdrawal, a
reopening and a correction.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from ita_portal.lib import public_cache
from ita_portal.lib.public_cache import HIT_HEADER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]

# The cache is on: each test commits what it writes (`committed`).
PUBLIC_PAGE_CACHE_TESTED = True
ITA_YEAR = 2563  # the demo gives the seed agency public evidence for this year


def public_urls(assessment) -> dict[str, str]:
    """Every kind of public page that shows the assessment's year or agency."""
    code, year = assessment.agency.code, assessment.fiscal_year
    return {
        "home": reverse("reports:home"),
        "search": reverse("reports:home") + "?q=" + assessment.agency.name[:6],
        "agency": reverse("reports:agency", args=[code]),
        "report": reverse("reports:report", args=[code, year]),
        "ita": reverse("reports:ita", args=[code, ITA_YEAR]),
        "ita json": reverse("reports:ita_json", args=[code, ITA_YEAR]),
        "ita embed": reverse("reports:ita_embed", args=[code, ITA_YEAR]),
        "ranking": reverse("assessments:ranking_year", args=[year]),
        "ranking agency": reverse("assessments:ranking_agency", args=[year, code]),
        "open data": reverse("assessments:open_data"),
        "open data csv": reverse("assessments:open_data_file", args=[year, "csv"]),
        "open data json": reverse("assessments:open_data_file", args=[year, "json"]),
    }


def visit(client: Client, urls: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    return {name: _seen(client.get(url)) for name, url in urls.items()}


def _seen(response) -> tuple[int, bytes]:
    return response.status_code, response.content


def assert_fresh(client: Client, settings, urls: dict[str, str]) -> dict[str, tuple[int, bytes]]:
    """Each page, asked twice with the cache on, equals the page rendered without the cache."""
    cached = visit(client, urls)
    again = visit(client, urls)
    settings.PUBLIC_PAGE_CACHE = False
    fresh = visit(client, urls)
    settings.PUBLIC_PAGE_CACHE = True
    for name in urls:
        assert cached[name] == fresh[name], f"{name} is stale"
        assert again[name] == fresh[name], f"{name} is stale when cached"
    return fresh


def post(client: Client, url: str, data=None):
    """A staff POST as it happens live: its transaction commits, so the generations it recorded
    are bumped (in a test's transaction, on_commit callbacks run only where asked)."""
    with committed():
        return client.post(url, data or {})


def _commit() -> None:
    """Run the test transaction's on_commit callbacks and drop them, as a commit does."""
    while connection.run_on_commit:
        pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _savepoints, callback, _robust in pending:
            callback()


@contextmanager
def committed():
    """What the block writes is committed at its end, and what the test wrote before it too
    (the fixtures' own changes, which a test's transaction never commits)."""
    _commit()
    try:
        yield
    finally:
        _commit()


def publish(client: Client, assessment) -> None:
    response = post(client, reverse("reports:report_publish", args=[assessment.pk]))
    assert response.status_code == 302


def test_a_publish_shows_on_every_public_page_at_once(
    approver_client, anonymous_client, approved_plan, settings
):
    urls = public_urls(approved_plan)
    before = visit(anonymous_client, urls)
    assert before["report"][0] == 404 and before["ranking"][0] == 404
    visit(anonymous_client, urls)  # now cached
    publish(approver_client, approved_plan)
    after = assert_fresh(anonymous_client, settings, urls)
    changed = {name for name in urls if after[name] != before[name]}
    # Every page shows the new report, its figures or its year (the ITA page links the
    # report of the year before it).
    assert changed == set(urls)


def test_a_withdrawal_shows_on_every_public_page_at_once(
    approver_client, anonymous_client, approved_plan, settings
):
    urls = public_urls(approved_plan)
    publish(approver_client, approved_plan)
    published = assert_fresh(anonymous_client, settings, urls)
    response = post(
        approver_client,
        reverse("reports:report_unpublish", args=[approved_plan.pk]),
        {"reason": "คะแนนผิด"},
    )
    assert response.status_code == 302
    withdrawn = assert_fresh(anonymous_client, settings, urls)
    assert withdrawn["report"][0] == 404
    assert {name for name in urls if withdrawn[name] != published[name]} == set(urls)


def test_a_reopening_and_its_correction_show_on_every_public_page_at_once(
    approver_client, anonymous_client, approved_plan, settings
):
    urls = public_urls(approved_plan)
    publish(approver_client, approved_plan)
    assert_fresh(anonymous_client, settings, urls)
    response = post(
        approver_client,
        reverse("reports:report_reopen", args=[approved_plan.pk]),
        {"reason": "แก้คำนำ"},
    )
    assert response.status_code == 302
    assert_fresh(anonymous_client, settings, urls)
    approved_plan.foreword = "คำนำฉบับแก้ไขหลังเปิดแก้"
    with committed():
        approved_plan.save()
    publish(approver_client, approved_plan)
    corrected = assert_fresh(anonymous_client, settings, urls)
    assert "คำนำฉบับแก้ไขหลังเปิดแก้".encode() in corrected["report"][1]


def test_a_cached_page_costs_no_query_and_answers_304_to_its_etag(
    approver_client, anonymous_client, approved_plan, django_assert_num_queries
):
    publish(approver_client, approved_plan)
    url = reverse("reports:agency", args=[approved_plan.agency.code])
    first = anonymous_client.get(url)
    assert first[HIT_HEADER] == "miss" and first["ETag"]
    with django_assert_num_queries(0):
        second = anonymous_client.get(url)
    assert second[HIT_HEADER] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["ETag"] == first["ETag"] and "Cookie" in second["Vary"]
    with django_assert_num_queries(0):
        unchanged = anonymous_client.get(url, headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""


def test_a_cached_report_page_keeps_its_etag_and_last_modified(
    approver_client, anonymous_client, approved_plan
):
    publish(approver_client, approved_plan)
    url = public_urls(approved_plan)["report"]
    first = anonymous_client.get(url)
    second = anonymous_client.get(url)
    assert second[HIT_HEADER] == "hit"
    for header in ("ETag", "Last-Modified", "Cache-Control"):
        assert second[header] == first[header]
    since = anonymous_client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_another_agencys_report_page_stays_cached_after_a_publish(
    approver_client, anonymous_client, approved_plan, demo_published
):
    from reports.models import ReportPublication

    other = ReportPublication.objects.filter(unpublished_at__isnull=True).first()
    assert other is not None and other.agency_id != approved_plan.agency_id
    url = reverse("reports:report", args=[other.agency.code, other.fiscal_year])
    with committed():
        pass  # the fixtures' own writes
    anonymous_client.get(url)
    publish(approver_client, approved_plan)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    # The lists and rankings, though, are rendered again.
    assert anonymous_client.get(reverse("reports:home"))[HIT_HEADER] == "miss"


def test_signed_in_members_get_their_own_page_never_the_cached_one(
    approver_client, anonymous_client, approved_plan
):
    publish(approver_client, approved_plan)
    url = reverse("reports:home")
    anonymous_client.get(url)
    assert anonymous_client.get(url)[HIT_HEADER] == "hit"
    page = approver_client.get(url)
    assert page.status_code == 200 and HIT_HEADER not in page
    assert "ระบบจัดการข้อมูล" in page.content.decode()  # the signed-in menu
    assert "ระบบจัดการข้อมูล" not in anonymous_client.get(url).content.decode()


def test_a_visitor_with_a_session_or_a_message_is_served_uncached(
    approver_client, anonymous_client, approved_plan
):
    publish(approver_client, approved_plan)
    url = reverse("reports:home")
    anonymous_client.get(url)
    replayed = anonymous_client.get(url)
    assert replayed[HIT_HEADER] == "hit" and not replayed.cookies
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "x"
        assert HIT_HEADER not in visitor.get(url), cookie


def test_a_dead_cache_serves_every_page_uncached(
    approver_client, anonymous_client, approved_plan, monkeypatch
):
    publish(approver_client, approved_plan)

    def down(*args, **kwargs):
        raise RedisConnectionError("connection refused")

    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, down)
    for name, url in public_urls(approved_plan).items():
        response = anonymous_client.get(url)
        assert response.status_code == 200, name
        assert HIT_HEADER not in response
    # A withdrawal with the cache down is made all the same.
    response = post(
        approver_client,
        reverse("reports:report_unpublish", args=[approved_plan.pk]),
        {"reason": "คะแนนผิด"},
    )
    assert response.status_code == 302
    assert anonymous_client.get(public_urls(approved_plan)["report"]).status_code == 404


def _environ(url: str, **extra) -> dict:
    import io
    import sys

    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **extra,
    }


def test_the_wsgi_front_answers_a_stored_page_until_it_changes(
    approver_client, anonymous_client, approved_plan, settings, tmp_path
):
    from ita_portal.lib.public_cache import front

    def django_app(environ, start_response):
        raise AssertionError("the front should have answered")

    application = front(django_app)
    publish(approver_client, approved_plan)
    url = public_urls(approved_plan)["agency"]
    rendered = anonymous_client.get(url, headers={"host": "testserver"})  # as a browser sends
    answered = {}
    body = b"".join(application(_environ(url), lambda s, h: answered.update(status=s, h=h)))
    assert answered["status"] == "200 OK" and body == rendered.content
    headers = dict(answered["h"])
    assert headers[HIT_HEADER] == "hit" and headers["ETag"] == rendered["ETag"]
    assert headers["X-Content-Type-Options"] == rendered["X-Content-Type-Options"]
    assert headers["Content-Security-Policy"] == rendered["Content-Security-Policy"]

    fallback = []

    def django_answers(environ, start_response):
        fallback.append(environ["PATH_INFO"])
        return [b""]

    application = front(django_answers)
    # A signed-in visitor, a conditional request, maintenance, then a withdrawal: Django answers.
    application(_environ(url, HTTP_COOKIE="sessionid=x"), None)
    application(_environ(url, HTTP_IF_NONE_MATCH=rendered["ETag"]), None)
    settings.MAINTENANCE_FILE = tmp_path / "maintenance"
    settings.MAINTENANCE_FILE.touch()
    application(_environ(url), None)
    settings.MAINTENANCE_FILE.unlink()
    post(
        approver_client,
        reverse("reports:report_unpublish", args=[approved_plan.pk]),
        {"reason": "คะแนนผิด"},
    )
    application(_environ(url), None)
    assert fallback == [url] * 4


def test_each_search_page_is_stored_under_its_own_cursor(anonymous_client, seed_assessment):
    from reports.selectors import PAGE_SIZE
    from tests.reports.test_portal_queries import _cursor_of, publish_many

    publish_many(seed_assessment, 2 * PAGE_SIZE + 3)
    with committed():
        pass
    first = anonymous_client.get("/", {"q": "ทดสอบ"})
    second_query = {"q": "ทดสอบ", "cursor": _cursor_of(first, "next")}
    second = anonymous_client.get("/", second_query)
    third = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": _cursor_of(second, "next")})
    assert {first[HIT_HEADER], second[HIT_HEADER], third[HIT_HEADER]} == {"miss"}
    again = anonymous_client.get("/", second_query)
    assert again[HIT_HEADER] == "hit" and again.content == second.content
    assert len({first.content, second.content, third.content}) == 3
    # Rendered again (a change), page 1 links the same address: its cursor has no timestamp.
    with committed():
        public_cache.bump_site()
    fresh = anonymous_client.get("/", {"q": "ทดสอบ"})
    assert fresh[HIT_HEADER] == "miss" and _cursor_of(fresh, "next") == second_query["cursor"]
