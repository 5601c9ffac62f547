"""The public result pages of a year with two issuers: links carry ?issuer=, the open data lists both."""

from __future__ import annotations

import html
import re

import pytest

from assessments.models import Assessment
from ita_portal.errors import TITLE_NOT_FOUND
from tests.assessments.issuer_data import YEAR, publish_two_issuers

PUBLIC_PATHS = ("/ranking/", "/open-data/")


@pytest.fixture
def two_issuers(db):
    publish_two_issuers()


def public_links(response) -> list[str]:
    """The page's links to the ranking pages and the open data (the menu's own links aside)."""
    assert response.status_code == 200
    body = response.content.decode()
    content = body[body.index("<main") :]
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', content)]
    return [h for h in hrefs if h.startswith(PUBLIC_PATHS) or h.startswith("?")]


def test_following_the_links_from_the_ovec_ranking_stays_on_ovec(two_issuers, anonymous_client):
    year_links = public_links(anonymous_client.get(f"/ranking/{YEAR}/?issuer=ovec"))
    assert f"/ranking/{YEAR}/colleges/?issuer=ovec" in year_links
    assert f"/open-data/{YEAR}.csv?issuer=ovec" in year_links
    assert f"/open-data/{YEAR}.json?issuer=ovec" in year_links
    # The switcher's link to the NACC's list of the year is the only one without ovec.
    assert [link for link in year_links if "issuer=ovec" not in link] == [f"/ranking/{YEAR}/"]

    cohort = anonymous_client.get(f"/ranking/{YEAR}/colleges/?issuer=ovec&per_page=25")
    cohort_links = public_links(cohort)
    assert f"/ranking/{YEAR}/agency/college-00/?issuer=ovec" in cohort_links
    assert f"/ranking/{YEAR}/?issuer=ovec" in cohort_links  # the breadcrumb
    assert any("page=2" in link for link in cohort_links)  # the pagination
    assert any("sort=name" in link for link in cohort_links)  # the column sort
    assert [link for link in cohort_links if "issuer=ovec" not in link] == [f"/ranking/{YEAR}/"]
    assert '<input type="hidden" name="issuer" value="ovec">' in cohort.content.decode()

    next_page = anonymous_client.get(f"/ranking/{YEAR}/colleges/?issuer=ovec&per_page=25&page=2")
    assert "วิทยาลัยเทคนิค 29" in next_page.content.decode()
    agency_links = public_links(
        anonymous_client.get(f"/ranking/{YEAR}/agency/college-00/?issuer=ovec")
    )
    assert agency_links == [f"/ranking/{YEAR}/colleges/?issuer=ovec"]


def test_the_ovec_files_hold_the_colleges_and_say_so_in_their_name(two_issuers, anonymous_client):
    response = anonymous_client.get(f"/open-data/{YEAR}.csv?issuer=ovec")
    assert response.status_code == 200
    assert 'filename="ita-ovec-2569.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    assert "college-00" in body and "office-0" not in body
    nacc = anonymous_client.get(f"/open-data/{YEAR}.csv")
    assert 'filename="ita-2569.csv"' in nacc["Content-Disposition"]
    assert "office-0" in nacc.content.decode("utf-8-sig")
    # Each issuer's file has its own validator: one's copy never answers for the other.
    assert response["ETag"] != nacc["ETag"]


def test_the_nacc_pages_keep_their_plain_addresses_and_offer_the_other_issuer(
    two_issuers, anonymous_client
):
    links = public_links(anonymous_client.get(f"/ranking/{YEAR}/"))
    assert f"/ranking/{YEAR}/offices/" in links
    assert [link for link in links if "issuer=" in link] == [f"/ranking/{YEAR}/?issuer=ovec"]
    body = anonymous_client.get(f"/ranking/{YEAR}/").content.decode()
    assert 'aria-current="page" title="สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ"' in body


def test_a_year_with_one_issuer_has_no_switcher(two_issuers, anonymous_client):
    Assessment.objects.filter(framework__issuer__code="ovec").update(status="draft")
    from assessments.results.published import published_figures_clear

    for assessment in Assessment.objects.filter(framework__issuer__code="ovec"):
        published_figures_clear(assessment=assessment)
    assert 'class="issuers"' not in anonymous_client.get(f"/ranking/{YEAR}/").content.decode()
    assert anonymous_client.get(f"/ranking/{YEAR}/?issuer=ovec").status_code == 404


def test_the_open_data_list_shows_each_issuers_years_under_its_thai_name(
    two_issuers, anonymous_client
):
    response = anonymous_client.get("/open-data/")
    body = response.content.decode()
    nacc, ovec = body.index('id="issuer-nacc"'), body.index('id="issuer-ovec"')
    assert nacc < ovec  # the national list first
    assert "ตามเกณฑ์ของสำนักงานคณะกรรมการการอาชีวศึกษา (สอศ.)" in body
    links = public_links(response)
    assert f"/open-data/{YEAR}.csv?issuer=ovec" in links
    assert f"/ranking/{YEAR}/?issuer=ovec" in links
    assert f"/open-data/{YEAR}.csv" in links
    assert f"/ranking/{YEAR}/" in links
    # From an OVEC page, the OVEC years come first.
    again = anonymous_client.get("/open-data/?issuer=ovec").content.decode()
    assert again.index('id="issuer-ovec"') < again.index('id="issuer-nacc"')


def test_the_ranking_menu_link_goes_to_the_issuers_newest_year(two_issuers, anonymous_client):
    response = anonymous_client.get("/ranking/?issuer=ovec")
    assert response.status_code == 302
    assert response["Location"] == f"/ranking/{YEAR}/?issuer=ovec"
    assert anonymous_client.get("/ranking/")["Location"] == f"/ranking/{YEAR}/"
    # An issuer without published results is sent to the open data (which lists what there is).
    assert anonymous_client.get("/ranking/?issuer=moph")["Location"] == "/open-data/?issuer=moph"


@pytest.mark.parametrize(
    "path",
    [
        f"/ranking/{YEAR}/?issuer=nobody",
        f"/ranking/{YEAR}/colleges/?issuer=nobody",
        f"/ranking/{YEAR}/agency/college-00/?issuer=nobody",
        f"/ranking/{YEAR}/agency/college-00/?issuer=nacc",  # a college is not the NACC's
        f"/open-data/{YEAR}.csv?issuer=nobody",
        "/open-data/?issuer=nobody",
        "/ranking/?issuer=nobody",
        f"/ranking/{YEAR}/?issuer=" + "x" * 41,
        f"/ranking/{YEAR}/?issuer=%3Cscript%3E",
        f"/ranking/{YEAR}/?issuer=%E0%B8%81",
    ],
)
def test_an_unknown_issuer_is_a_thai_404_page(two_issuers, anonymous_client, path):
    response = anonymous_client.get(path, follow=True)
    assert response.status_code == 404
    assert TITLE_NOT_FOUND in response.content.decode()
