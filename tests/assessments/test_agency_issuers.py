"""Each agency follows one issuer a year, with history; its assessment uses that issuer's framework."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from assessments.imports.score_import import scores_import_file
from assessments.models import AgencyIssuer, Assessment
from assessments.selectors import (
    ERROR_NO_FRAMEWORK_FOR_AGENCY,
    framework_for_agency,
    issuer_for_agency,
    issuer_in_history,
)
from assessments.services import ERROR_DUPLICATE, ERROR_OTHER_ISSUER, assessment_create
from indicators.models import Framework, Issuer
from indicators.selectors import framework_for
from indicators.services import framework_copy
from ita_portal.lib.thai import to_thai_digits

pytestmark = pytest.mark.django_db


def issuer(code: str) -> Issuer:
    return Issuer.objects.get(code=code)


def ovec_framework(year: int) -> Framework:
    source = framework_for("nacc", year)
    assert source is not None
    return framework_copy(source=source, fiscal_year=year, issuer=issuer("ovec"))


def follows(agency, code: str, from_year: int) -> None:
    AgencyIssuer.objects.create(agency=agency, issuer=issuer(code), from_fiscal_year=from_year)


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2561, "default"), (2562, "nacc"), (2568, "nacc"), (2569, "ovec"), (2570, "ovec")],
)
def test_the_issuer_of_a_year_is_the_latest_change_not_after_it(year, expected):
    history = [(2569, "ovec"), (2562, "nacc")]
    assert issuer_in_history(history, year, "default") == expected


def test_an_agency_without_history_follows_the_nacc(other_agency):
    assert not AgencyIssuer.objects.filter(agency=other_agency).exists()
    assert issuer_for_agency(other_agency, 2565).code == "nacc"


def test_an_agency_that_changes_issuer_keeps_its_earlier_years(seed_agency):
    follows(seed_agency, "nacc", 2562)
    follows(seed_agency, "ovec", 2564)
    assert issuer_for_agency(seed_agency, 2563).code == "nacc"
    assert issuer_for_agency(seed_agency, 2564).code == "ovec"
    assert issuer_for_agency(seed_agency.pk, 2599).code == "ovec"


def test_the_framework_of_an_agency_is_its_issuers_of_the_year(seed_agency):
    ovec = ovec_framework(2564)
    follows(seed_agency, "ovec", 2564)
    assert framework_for_agency(seed_agency, 2564) == ovec
    assert framework_for_agency(seed_agency, 2563) == framework_for("nacc", 2563)
    with pytest.raises(ValidationError) as caught:
        framework_for_agency(seed_agency, 2565)
    assert caught.value.messages == [
        ERROR_NO_FRAMEWORK_FOR_AGENCY.format(
            issuer=issuer("ovec").name, year=to_thai_digits(2565), agency=seed_agency
        )
    ]


def test_an_assessment_under_another_issuers_framework_is_refused_in_thai(seed_agency):
    ovec = ovec_framework(2564)
    with pytest.raises(ValidationError) as caught:
        assessment_create(agency=seed_agency, framework=ovec)
    assert caught.value.messages == [
        ERROR_OTHER_ISSUER.format(agency=seed_agency, year=2564, issuer=issuer("nacc").name)
    ]
    assert not Assessment.objects.filter(agency=seed_agency, framework=ovec).exists()


def test_an_agency_has_one_assessment_a_year_whatever_the_issuer(seed_agency):
    nacc_2564 = framework_for("nacc", 2564)
    assessment_create(agency=seed_agency, framework=nacc_2564)
    ovec = ovec_framework(2564)
    follows(seed_agency, "ovec", 2564)  # changed afterwards: the year already has its assessment
    with pytest.raises(ValidationError) as caught:
        assessment_create(agency=seed_agency, framework=ovec)
    assert caught.value.messages == [ERROR_DUPLICATE.format(year=2564)]


def test_an_import_scores_each_agency_under_its_own_issuers_framework(seed_agency, other_agency):
    ovec = ovec_framework(2564)
    follows(other_agency, "ovec", 2564)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["agency_code", "agency_name", "fiscal_year", *[f"i{n}" for n in range(1, 11)]])
    for agency in (seed_agency, other_agency):
        writer.writerow([agency.code, agency.name, "๒๕๖๔", *["90.00"] * 10])
    scores_import_file(data=buffer.getvalue().encode(), filename="scores.csv")
    assert (
        Assessment.objects.get(agency=other_agency, framework__fiscal_year=2564).framework == ovec
    )
    assert Assessment.objects.get(agency=seed_agency, framework__fiscal_year=2564).framework == (
        framework_for("nacc", 2564)
    )
    assert set(
        Assessment.objects.get(agency=other_agency, framework=ovec).scores.values_list(
            "indicator__framework", flat=True
        )
    ) == {ovec.pk}


def test_public_pages_of_a_year_with_two_issuers_name_one_framework(
    seed_assessment, anonymous_client
):
    from tests.publishing_helpers import publish_results

    publish_results([seed_assessment])
    ovec_framework(2562)  # a second framework of 2562, with nothing published
    cohort = seed_assessment.agency.cohort.code
    for url in (
        "/ranking/2562/",
        f"/ranking/2562/{cohort}/",
        "/open-data/2562.csv",
        "/api/years/2562/",
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 200, url
    assert anonymous_client.get("/api/years/2562/").json()["issuer"] == "nacc"
    assert anonymous_client.get("/ranking/2562/?issuer=ovec").status_code == 404
    assert anonymous_client.get("/api/years/2562/?issuer=ovec").status_code == 404


def test_staff_adding_an_assessment_under_another_issuers_framework_get_the_thai_reason(
    staff_client, seed_agency
):
    from django.urls import reverse

    ovec = ovec_framework(2564)
    response = staff_client.post(
        reverse("admin:assessments_assessment_add"),
        {
            "agency": seed_agency.pk,
            "framework": ovec.pk,
            "use_thai_digits": "on",
            "discrepancy_display": "draft",
        },
    )
    assert response.status_code == 200
    expected = ERROR_OTHER_ISSUER.format(agency=seed_agency, year=2564, issuer=issuer("nacc").name)
    assert expected in response.content.decode()
    assert "2564 · สอศ." in response.content.decode()  # the choices name the issuer
    assert not Assessment.objects.filter(agency=seed_agency, framework=ovec).exists()
