"""An order can only be linked to an assessment of an agency the user may edit."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assessment_choices(client) -> list[str]:
    response = client.get(reverse("admin:committees_committeeorder_add"))
    assert response.status_code == 200
    return list(response.context["adminform"].form.fields["assessment"].queryset)


def test_staff_may_link_an_order_to_their_own_assessment(staff_client, seed_assessment):
    choices = assessment_choices(staff_client)
    # Only their agency's assessments: the demo's 2562 one and its 2563 one (for OIT).
    assert seed_assessment in choices
    assert {a.agency_id for a in choices} == {seed_assessment.agency_id}


def test_outsider_is_not_offered_the_seed_agency_s_assessment(outsider_client, seed_assessment):
    choices = assessment_choices(outsider_client)
    assert seed_assessment not in choices
    assert choices  # their own agency's assessment is offered
