"""The home and agency pages never read report HTML, page by year, and cost a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Agency, Assessment
from reports.models import ReportPublication
from reports.selectors import PAGE_SIZE
from tests.publishing_helpers import publish_results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered_every_time(settings):
    # These pin what rendering a page costs; the cached copy (0 queries) is tested in
    # tests/reports/test_public_cache.py.
    settings.PUBLIC_PAGE_CACHE = False


HTML_COLUMN = f'"{ReportPublication._meta.db_table}"."html"'


def publish_many(seed_assessment, count: int, *, start: int = 0) -> list[Agency]:
    """count agencies with a live version 1 of the seed's year (rows only: no rendering)."""
    agencies = Agency.objects.bulk_create(
        Agency(code=f"bulk-{n:04d}", name=f"หน่วยงานทดสอบที่ {n:04d}", short_name=f"ทดสอบ {n}")
        for n in range(start, start + count)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(agency=a, framework=seed_assessment.framework, status="published")
        for a in agencies
    )
    ReportPublication.objects.bulk_create(
        ReportPublication(
            assessment=a,
            version=1,
            published_at=timezone.now(),
            pdf="reports/shared.pdf",
            html="<p>" + "รายงาน" * 10_000 + "</p>",
            sha256="0" * 64,
            is_latest=True,
            agency=a.agency,
            fiscal_year=seed_assessment.fiscal_year,
            agency_name=a.agency.name,
        )
        for a in assessments
    )
    publish_results(assessments)  # the figures frozen as publishing freezes them
    return agencies


def queries_of(client, url: str, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


# The home page of an anonymous visitor:
#   1. the fiscal years that have a live report (over the frameworks)
#   2. how many live reports the year shown has (the pager, from publication_listing_idx)
#   3. one page of those reports: agency, year, version, date (no HTML)
HOME_QUERIES = 3
# A search instead of the year's list: the years (1), one page of matching agencies (2), not counted.
SEARCH_QUERIES = 2


def test_the_home_page_costs_the_same_for_1_and_150_reports(
    anonymous_client, seed_assessment, django_assert_num_queries
):
    publish_many(seed_assessment, 1)
    with django_assert_num_queries(HOME_QUERIES):
        anonymous_client.get("/")
    publish_many(seed_assessment, 149, start=1)
    with django_assert_num_queries(HOME_QUERIES):
        page = anonymous_client.get("/")
    assert len(page.context["reports"].items) == PAGE_SIZE
    with django_assert_num_queries(SEARCH_QUERIES):
        anonymous_client.get("/", {"q": "ทดสอบ"})


def test_the_home_page_never_reads_report_html(anonymous_client, seed_assessment):
    publish_many(seed_assessment, 3)
    for sql in queries_of(anonymous_client, "/") + queries_of(anonymous_client, "/", {"q": "ทด"}):
        assert HTML_COLUMN not in sql


def test_the_home_page_shows_one_year_a_page_at_a_time(anonymous_client, seed_assessment):
    publish_many(seed_assessment, PAGE_SIZE + 5)
    first = anonymous_client.get("/").context
    assert first["year"] == seed_assessment.fiscal_year and first["years"] == [first["year"]]
    assert first["reports"].count == PAGE_SIZE + 5 and first["reports"].num_pages == 2
    second = anonymous_client.get("/", {"year": first["year"], "page": 2})
    assert [r.agency_code for r in second.context["reports"].items][
        -1
    ] == f"bulk-{PAGE_SIZE + 4:04d}"
    assert 'rel="prev"' in second.content.decode()
    # An unknown year or page falls back to what exists rather than failing.
    assert anonymous_client.get("/", {"year": "abc", "page": "x"}).status_code == 200
    assert anonymous_client.get("/", {"year": 2400}).context["year"] == first["year"]


@pytest.mark.usefixtures("media_root", "fast_pdf")
def test_only_the_latest_live_version_is_listed(anonymous_client, demo, approved_plan):
    from reports.publishing import report_publish, report_unpublish

    approver = demo.users["demo-approver"]
    report_publish(assessment=approved_plan, user=approver)
    approved_plan.foreword = "คำนำฉบับที่สอง"
    approved_plan.save()
    report_publish(assessment=approved_plan, user=approver)
    rows = anonymous_client.get("/").context["reports"].items
    assert [(r.agency_code, r.version) for r in rows] == [(approved_plan.agency.code, 2)]
    report_unpublish(assessment=approved_plan, user=approver, reason="ผิด")
    assert anonymous_client.get("/").context["reports"] is None
    assert not ReportPublication.objects.filter(is_latest=True).exists()


# The agency page (a warm visit):
#   1. the agency, if it has a live report          2. its latest live version of each year
#   3. the years of its earlier (old-framework) totals
#   4. its earlier totals    5. its totals as published (frozen: never the live scores)
#   6. its latest published assessment
#   7-8. the figures and indicator scores frozen when it was published (position and ranks)
#   9. the years with public OIT evidence (links to its ITA pages)
AGENCY_QUERIES = 9


def test_the_agency_page_costs_the_same_among_1_or_150_agencies(
    anonymous_client, seed_assessment, django_assert_num_queries
):
    (agency,) = publish_many(seed_assessment, 1)
    url = reverse("reports:agency", args=[agency.code])
    # Measured on the second visit: the first one may refresh the year's stored ranking figures.
    anonymous_client.get(url)
    with django_assert_num_queries(AGENCY_QUERIES):
        anonymous_client.get(url)
    publish_many(seed_assessment, 149, start=1)
    anonymous_client.get(url)
    with django_assert_num_queries(AGENCY_QUERIES):
        anonymous_client.get(url)
    assert not [sql for sql in queries_of(anonymous_client, url) if HTML_COLUMN in sql]


def test_search_results_page_without_counting(anonymous_client, seed_assessment):
    publish_many(seed_assessment, PAGE_SIZE + 5)
    first = anonymous_client.get("/", {"q": "ทดสอบ"}).context["agencies"]
    assert len(first.items) == PAGE_SIZE and first.has_next and not first.has_previous
    second = anonymous_client.get("/", {"q": "ทดสอบ", "page": 2})
    assert len(second.context["agencies"].items) == 5
    assert not second.context["agencies"].has_next
    assert 'rel="prev"' in second.content.decode() and "page=1" in second.content.decode()
    beyond = anonymous_client.get("/", {"q": "ทดสอบ", "page": 9})
    assert beyond.status_code == 200 and beyond.context["agencies"].items == []


def test_search_ignores_letter_case_where_letters_have_case(anonymous_client, seed_assessment):
    (agency,) = publish_many(seed_assessment, 1)
    Agency.objects.filter(pk=agency.pk).update(short_name="ITA Office")
    found = anonymous_client.get("/", {"q": "ita off"}).context["agencies"].items
    assert [a.code for a in found] == [agency.code]


def _cursor_of(link_page, rel: str) -> str:
    """The cursor of the pager's prev/next link in a rendered search page."""
    import re
    from urllib.parse import parse_qs, unquote

    html = link_page.content.decode()
    href = re.search(rf'<a href="\?([^"]*)" rel="{rel}">', html).group(1)
    return parse_qs(unquote(href.replace("&amp;", "&")))["cursor"][0]


def test_search_pages_walk_by_cursor_forward_and_back_at_a_constant_cost(
    anonymous_client, seed_assessment, django_assert_num_queries
):
    publish_many(seed_assessment, 3 * PAGE_SIZE + 7)
    first = anonymous_client.get("/", {"q": "ทดสอบ"})
    pages, seen = [first], [a.code for a in first.context["agencies"].items]
    while pages[-1].context["agencies"].has_next:
        cursor = _cursor_of(pages[-1], "next")
        with django_assert_num_queries(SEARCH_QUERIES):
            page = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": cursor})
        pages.append(page)
        seen += [a.code for a in page.context["agencies"].items]
    assert [p.context["agencies"].number for p in pages] == [1, 2, 3, 4]
    assert seen == [f"bulk-{n:04d}" for n in range(3 * PAGE_SIZE + 7)]  # each once, in order
    last = pages[-1]
    assert len(last.context["agencies"].items) == 7 and 'rel="next"' not in last.content.decode()
    # Back from page 4 by the "previous" cursor: page 3's agencies, then page 2's.
    back = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": _cursor_of(last, "prev")})
    assert back.context["agencies"].number == 3
    assert back.context["agencies"].items == pages[2].context["agencies"].items
    back = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": _cursor_of(back, "prev")})
    assert back.context["agencies"].items == pages[1].context["agencies"].items
    # Page 2 links back to page 1's one address (no cursor), as it always did.
    assert '<a href="?q=%E0%B8%97%E0%B8%94%E0%B8%AA%E0%B8%AD%E0%B8%9A&amp;page=1" rel="prev">' in (
        back.content.decode()
    )


@pytest.mark.parametrize("cursor", ["garbage", "x" * 50 + ":abc:def", "%00%ff"])
def test_a_bad_search_cursor_shows_the_first_page_with_a_thai_message(
    anonymous_client, seed_assessment, cursor
):
    from reports.selectors import ERROR_CURSOR

    publish_many(seed_assessment, PAGE_SIZE + 2)
    page = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": cursor})
    assert page.status_code == 200
    assert page.context["agencies"].number == 1 and len(page.context["agencies"].items) == PAGE_SIZE
    assert ERROR_CURSOR in page.content.decode()


def test_an_altered_search_cursor_is_refused(anonymous_client, seed_assessment):
    from django.core import signing

    from reports.selectors import ERROR_CURSOR

    publish_many(seed_assessment, PAGE_SIZE + 2)
    first = anonymous_client.get("/", {"q": "ทดสอบ"})
    good = _cursor_of(first, "next")
    name, pk, number, forward = signing.Signer(salt="reports.search-cursor").unsign_object(good)
    # The same content signed with another salt, or altered, or not signed at all.
    forged = signing.Signer(salt="another").sign_object([name, pk, 99, forward], compress=True)
    for cursor in (forged, good[:-3] + "AAA", good.split(":")[0]):
        page = anonymous_client.get("/", {"q": "ทดสอบ", "cursor": cursor})
        assert page.context["agencies"].number == 1, cursor
        assert ERROR_CURSOR in page.content.decode()
    assert anonymous_client.get("/", {"q": "ทดสอบ", "cursor": good}).context["agencies"].number == 2


def test_search_pages_by_number_stop_where_the_offset_would_grow(anonymous_client, seed_assessment):
    from reports.selectors import ERROR_DEEP_PAGE, SEARCH_NUMBERED_PAGES

    publish_many(seed_assessment, 3)
    allowed = anonymous_client.get("/", {"q": "ทดสอบ", "page": SEARCH_NUMBERED_PAGES})
    assert allowed.context["agencies"].number == SEARCH_NUMBERED_PAGES
    deep = anonymous_client.get("/", {"q": "ทดสอบ", "page": SEARCH_NUMBERED_PAGES + 1})
    assert deep.status_code == 200 and deep.context["agencies"].number == 1
    assert len(deep.context["agencies"].items) == 3
    assert ERROR_DEEP_PAGE in deep.content.decode()
