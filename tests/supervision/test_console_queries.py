"""The console and its CSV cost the same number of queries for 3 units as for 30."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .factories import make_units

pytestmark = pytest.mark.django_db

# Every state that costs a query of its own: a return, an approved plan, a publication.
STATES = ("returned", "approved", "published")


@pytest.mark.parametrize("name", ["supervision:console", "supervision:export_csv"])
def test_the_query_count_does_not_grow_with_the_units(
    name, supervisor_client, tree, seed_assessment, django_assert_max_num_queries
):
    year = seed_assessment.framework.fiscal_year
    # A group under the supervised ESA: its console lists only the units made here.
    extra = tree.esa.children.create(code="esa-sub", name="กลุ่มโรงเรียนทดสอบ")
    make_units(3, template=seed_assessment, prefix="few", parent=extra, states=STATES)
    url_sub = reverse(name, args=[extra.code, year])
    supervisor_client.get(url_sub)  # the session and caches warm
    with django_assert_max_num_queries(60) as few:
        assert supervisor_client.get(url_sub).status_code == 200
    make_units(27, template=seed_assessment, prefix="many", parent=extra, states=STATES)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = supervisor_client.get(url_sub)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
