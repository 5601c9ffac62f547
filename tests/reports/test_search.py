"""Public search finds an agency however its digits and spaces were typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Agency
from ita_portal.lib.search import search_stored
from reports import publishing
from reports import selectors as portal

pytestmark = pytest.mark.django_db
# The agency's names as search keys, kept by the database (generated columns).
KEYS = ["search_name", "search_short_name"]


@pytest.mark.parametrize(
    "query",
    ["ปทุมธานี เขต 2", "ปทุมธานี เขต ๒", "สพป. ปทุมธานี เขต 2", "ปทุมธานีเขต2", "สพป.ปทุมธานี"],
)
def test_the_seed_agency_is_found_however_the_query_is_typed(seed_agency, query):
    assert seed_agency.name.endswith("เขต ๒")
    found = search_stored(Agency.objects.all(), query, KEYS)
    assert list(found) == [seed_agency]


def test_another_district_number_is_not_found(seed_agency):
    assert not search_stored(Agency.objects.all(), "ปทุมธานี เขต 3", KEYS).exists()


def test_an_empty_query_filters_nothing(demo):
    assert search_stored(Agency.objects.all(), "   ", KEYS).count() == Agency.objects.count()


@pytest.mark.usefixtures("media_root", "fast_pdf")
def test_the_home_page_finds_a_published_agency_typed_with_arabic_digits(
    approved_plan, demo, anonymous_client
):
    publishing.report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    response = anonymous_client.get(reverse("reports:home"), {"q": "ปทุมธานี  เขต 2"})
    results = response.content.decode().split("ผลการค้นหา")[1]
    assert approved_plan.agency.name in results
    assert portal.search_agencies("สพป. ปทุมธานี เขต ๒").items == [approved_plan.agency]
    assert not portal.search_agencies("ปทุมธานี เขต 3").items
