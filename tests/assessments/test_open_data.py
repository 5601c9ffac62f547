"""Exports, open-data files and the API: published data only, formula cells neutralised, cacheable."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Agency, Assessment
from assessments.results.exports import columns_for, neutralise, write_csv, write_xlsx
from indicators.models import Framework

COLUMNS = [
    "agency_code",
    "agency_name",
    "fiscal_year",
    "iit_percent",
    "eit_percent",
    "oit_percent",
    "iit_points",
    "eit_points",
    "oit_points",
    "total",
    # The announced total beside the computed one (an official record shows what was announced).
    "official_total",
    "grade",
    "passed",
    "result_level",
    "rank",
    "cohort_size",
]


def publish(assessment) -> None:
    from tests.publishing_helpers import publish_results

    publish_results([assessment])


@pytest.fixture
def published_seed(seed_assessment):
    """The seed agency's 2562 result published; demo-other's stays a draft."""
    publish(seed_assessment)
    return seed_assessment


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_a_lone_dash_for_nothing_is_no_formula_and_stays_a_dash():
    # The supervision export writes "-" for a quarter with nothing to follow up: Excel showed
    # it as '- (the apostrophe is visible in a CSV) although a lone minus runs nothing.
    assert neutralise("-") == "-"
    assert neutralise("-1") == "'-1"


def test_numbers_and_plain_text_are_left_alone():
    assert neutralise(Decimal("-5.06")) == Decimal("-5.06")
    assert neutralise("สพป.ปทุมธานี") == "สพป.ปทุมธานี"


def test_csv_and_xlsx_cells_starting_with_equals_are_neutralised():
    from openpyxl import load_workbook

    rows = [{"agency_name": '=HYPERLINK("http://evil.invalid","x")', "total": Decimal("89.07")}]
    data = write_csv(["agency_name", "total"], rows)
    assert data.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed[1] == ['\'=HYPERLINK("http://evil.invalid","x")', "89.07"]
    sheet = load_workbook(io.BytesIO(write_xlsx(["agency_name", "total"], rows))).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil.invalid","x")'
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == pytest.approx(89.07)


def test_an_agency_name_starting_with_equals_is_neutralised_in_the_export(published_seed, tmp_path):
    Agency.objects.filter(code="pathumthani-2").update(name="=cmd|' /C calc'!A0")
    call_command("export_results", "--year", "2562", "--output", str(tmp_path / "x.csv"))
    text = (tmp_path / "x.csv").read_bytes().decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text


def test_export_columns_follow_the_issue(demo):
    assert columns_for(Framework.objects.get(fiscal_year=2562)) == COLUMNS


def test_export_results_in_json_and_xlsx(published_seed, tmp_path):
    out = io.StringIO()
    call_command("export_results", "--year", "๒๕๖๒", "--format", "json", stdout=out)
    rows = {r["agency_code"]: r for r in json.loads(out.getvalue())}
    seed = rows["pathumthani-2"]
    assert (seed["total"], seed["grade"], seed["passed"], seed["result_level"]) == (
        89.07,
        "A",
        True,
        "",
    )
    assert (seed["rank"], seed["cohort_size"]) == (1, 2)  # the demo cohort holds two agencies
    with pytest.raises(CommandError):
        call_command("export_results", "--year", "2562", "--format", "xlsx")
    call_command(
        "export_results", "--year", "2562", "--format", "xlsx", "--output", str(tmp_path / "x.xlsx")
    )
    assert (tmp_path / "x.xlsx").read_bytes()[:2] == b"PK"
    with pytest.raises(CommandError):
        call_command("export_results", "--year", "2599")


def test_open_data_lists_only_years_with_published_results(published_seed, anonymous_client):
    response = anonymous_client.get("/open-data/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/open-data/2562.csv" in body
    assert "/open-data/2563.csv" not in body


def test_unpublished_results_never_appear_in_open_data(published_seed, anonymous_client):
    response = anonymous_client.get("/open-data/2562.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == COLUMNS
    assert [r["agency_code"] for r in rows] == ["pathumthani-2"]
    assert (rows[0]["total"], rows[0]["passed"], rows[0]["rank"]) == ("89.07", "true", "1")
    data = json.loads(anonymous_client.get("/open-data/2562.json").content)
    assert [r["agency_code"] for r in data] == ["pathumthani-2"]


def test_a_year_without_published_results_is_404(demo, anonymous_client):
    assert anonymous_client.get("/open-data/2562.csv").status_code == 404
    assert anonymous_client.get("/open-data/2599.json").status_code == 404


def test_open_data_files_are_cacheable(published_seed, anonymous_client):
    first = anonymous_client.get("/open-data/2562.csv")
    assert first["ETag"] and first["Last-Modified"]
    again = anonymous_client.get("/open-data/2562.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # Publishing another result changes the file and its ETag.
    publish(Assessment.objects.get(agency__code="demo-other"))
    changed = anonymous_client.get("/open-data/2562.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"demo-other" in changed.content


def test_open_data_refuses_post_and_unknown_formats(published_seed, anonymous_client):
    assert anonymous_client.post("/open-data/2562.csv").status_code == 405
    assert anonymous_client.get("/open-data/2562.xml").status_code == 404


# --- API -------------------------------------------------------------------------------------


def test_the_api_lists_published_results_only(published_seed, anonymous_client):
    response = anonymous_client.get("/api/results/?year=2562")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    result = data["results"][0]
    assert (result["agency"], result["total"], result["grade"]) == ("pathumthani-2", "89.07", "A")
    assert result["tools"]["IIT"] == {"percent": "91.98", "points": "27.59"}
    other = Assessment.objects.get(agency__code="demo-other")
    assert anonymous_client.get(f"/api/results/{other.pk}/").status_code == 404
    assert anonymous_client.get(f"/api/results/{published_seed.pk}/").status_code == 200


def test_the_api_agencies_years_and_scores_are_published_data_only(
    published_seed, anonymous_client
):
    agencies = anonymous_client.get("/api/agencies/").json()
    assert [a["code"] for a in agencies["results"]] == ["pathumthani-2"]
    assert anonymous_client.get("/api/agencies/demo-other/").status_code == 404
    years = anonymous_client.get("/api/years/").json()
    assert [y["fiscal_year"] for y in years["results"]] == [2562]
    scores = anonymous_client.get("/api/indicator-scores/?year=2562").json()
    assert scores["count"] == 10
    assert {s["agency"] for s in scores["results"]} == {"pathumthani-2"}
    assert scores["results"][0] == {
        "agency": "pathumthani-2",
        "fiscal_year": 2562,
        "indicator": 1,
        "indicator_name": "การปฏิบัติหน้าที่",
        "tool": "IIT",
        "score": "97.09",
    }


def test_the_api_is_paginated(published_seed, anonymous_client):
    data = anonymous_client.get("/api/indicator-scores/?page_size=4").json()
    assert (data["count"], len(data["results"])) == (10, 4)
    assert "page=2" in data["next"]


def test_the_api_is_read_only(published_seed, anonymous_client):
    assert anonymous_client.post("/api/results/", {}).status_code == 405
    assert anonymous_client.delete(f"/api/results/{published_seed.pk}/").status_code == 405


def test_anonymous_api_callers_are_throttled(published_seed, anonymous_client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [anonymous_client.get("/api/years/").status_code for _ in range(3)]
    cache.clear()
    assert statuses == [200, 200, 429]


def test_the_schema_and_the_docs_are_served_without_a_cdn(db, anonymous_client):
    schema = anonymous_client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/results/" in schema.content
    docs = anonymous_client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_an_unknown_issuer_is_a_bad_request_naming_the_parameter(published_seed, anonymous_client):
    for url in ("/api/years/?issuer=no-such-issuer", "/api/years/2562/?issuer=no-such-issuer"):
        response = anonymous_client.get(url)
        assert response.status_code == 400, url
        # As DRF reports a bad field: {"issuer": ["…"]}, the Thai message naming the parameter,
        # the code given and the codes it may be.
        from assessments.public.api.parameters import ERROR_UNKNOWN_ISSUER
        from indicators.models import Issuer

        known = ", ".join(Issuer.objects.order_by("code").values_list("code", flat=True))
        assert "nacc" in known
        assert response.json() == {
            "issuer": [ERROR_UNKNOWN_ISSUER.format(code="no-such-issuer", known=known)]
        }


def test_a_known_issuer_is_answered(published_seed, anonymous_client):
    years = anonymous_client.get("/api/years/?issuer=nacc")
    assert years.status_code == 200
    assert [y["fiscal_year"] for y in years.json()["results"]] == [2562]
    # A known issuer without published years: no years, not a bad request.
    assert anonymous_client.get("/api/years/?issuer=ovec").json()["results"] == []


def test_the_years_list_asks_the_database_a_fixed_number_of_queries(
    published_seed, anonymous_client, django_assert_num_queries
):
    # Before: six, the first reading every issuer code to check the default one.
    with django_assert_num_queries(5):
        # the count, the frameworks, their tools, the tools' indicators, the bands
        assert anonymous_client.get("/api/years/").status_code == 200
    with django_assert_num_queries(6) as queries:
        # one more for ?issuer=: whether that code exists, nothing else
        assert anonymous_client.get("/api/years/?issuer=nacc").status_code == 200
    check = queries.captured_queries[0]["sql"]
    assert "indicators_issuer" in check and "LIMIT 1" in check and "nacc" in check, check


# --- every bad query parameter is a Thai 400 naming it ------------------------------------------


def bad_request(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    return response.json()


@pytest.mark.parametrize("path", ["/api/results/", "/api/indicator-scores/"])
@pytest.mark.parametrize("value", ["abc", "25x2", "-2562", "%2B2562", "25.62", "²", "๒๕๖x"])
def test_a_year_that_is_not_a_number_is_a_bad_request(
    published_seed, anonymous_client, path, value
):
    from assessments.public.api.parameters import ERROR_YEAR_NOT_A_NUMBER

    given = value.replace("%2B", "+")
    assert bad_request(anonymous_client, f"{path}?year={value}") == {
        "year": [ERROR_YEAR_NOT_A_NUMBER.format(value=given)]
    }


def test_the_year_message_says_what_the_parameter_expects():
    from assessments.public.api.parameters import ERROR_YEAR_NOT_A_NUMBER

    message = ERROR_YEAR_NOT_A_NUMBER.format(value="abc")
    assert "year" in message and "ปีงบประมาณ พ.ศ. เป็นตัวเลข เช่น" in message and "๒๕๖๒" in message


@pytest.mark.parametrize("value", ["2499", "2019", "10000", "99999999999", "9" * 20, "9" * 5000])
def test_a_year_out_of_range_is_a_bad_request_not_a_database_error(
    published_seed, anonymous_client, value
):
    from assessments.public.api.parameters import ERROR_YEAR_OUT_OF_RANGE, shown

    message = ERROR_YEAR_OUT_OF_RANGE.format(low=2500, high=9999, value=shown(value))
    for path in ("/api/results/", "/api/indicator-scores/"):
        assert bad_request(anonymous_client, f"{path}?year={value}") == {"year": [message]}
    assert "ค.ศ. ให้บวก 543" in message  # a ค.ศ. year is the likely mistake


@pytest.mark.parametrize(("value", "count"), [("2500", 0), ("2562", 1), ("๒๕๖๒", 1), ("9999", 0)])
def test_a_year_in_range_filters(published_seed, anonymous_client, value, count):
    response = anonymous_client.get(f"/api/results/?year={value}")
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_an_empty_parameter_is_no_filter(published_seed, anonymous_client):
    everything = anonymous_client.get("/api/results/").json()
    for query in ("year=", "year=%20", "agency=", "cohort=", "page=", "page_size=", "format="):
        response = anonymous_client.get(f"/api/results/?{query}")
        assert response.status_code == 200, query
        assert response.json() == everything, query


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/results/?yaer=2562", "yaer"),
        ("/api/results/?ordering=-total", "ordering"),
        ("/api/results/?cursor=cD0x", "cursor"),
        ("/api/results/?limit=5", "limit"),
        ("/api/results/?issuer=nacc", "issuer"),  # results are not filtered by issuer
        ("/api/agencies/?year=2562", "year"),
        ("/api/years/?year=2562", "year"),
        ("/api/indicator-scores/?cohort=demo", "cohort"),
    ],
)
def test_a_parameter_the_view_does_not_take_is_a_bad_request(
    published_seed, anonymous_client, url, name
):
    from assessments.public.api.parameters import ERROR_UNKNOWN_PARAMETER

    [message] = bad_request(anonymous_client, url)[name]
    known = message.split("พารามิเตอร์ที่ใช้ได้: ")[1].rstrip(")").split(", ")
    assert message == ERROR_UNKNOWN_PARAMETER.format(name=name, known=", ".join(known))
    assert name not in known and {"page", "page_size", "format"} <= set(known)


def test_a_detail_takes_no_list_parameters(published_seed, anonymous_client):
    from assessments.public.api.parameters import ERROR_UNKNOWN_PARAMETER

    url = f"/api/results/{published_seed.published_figures.pk}/"
    assert anonymous_client.get(url).status_code == 200
    assert bad_request(anonymous_client, f"{url}?year=abc") == {
        "year": [ERROR_UNKNOWN_PARAMETER.format(name="year", known="format")]
    }
    assert bad_request(anonymous_client, "/api/years/2562/?page=2") == {
        "page": [ERROR_UNKNOWN_PARAMETER.format(name="page", known="issuer, format")]
    }


def test_a_parameter_given_twice_is_a_bad_request(published_seed, anonymous_client):
    from assessments.public.api.parameters import ERROR_REPEATED

    assert bad_request(anonymous_client, "/api/results/?year=2562&year=2563") == {
        "year": [ERROR_REPEATED.format(name="year", count=2)]
    }


def test_every_bad_parameter_is_named_at_once(published_seed, anonymous_client):
    errors = bad_request(anonymous_client, "/api/results/?year=abc&page_size=0&sort=total")
    assert set(errors) == {"year", "page_size", "sort"}


def test_an_unknown_agency_or_cohort_is_a_bad_request(published_seed, anonymous_client):
    from assessments.public.api.parameters import ERROR_UNKNOWN_AGENCY, ERROR_UNKNOWN_COHORT

    for path in ("/api/results/", "/api/indicator-scores/"):
        assert bad_request(anonymous_client, f"{path}?agency=no-such-agency") == {
            "agency": [ERROR_UNKNOWN_AGENCY.format(code="no-such-agency")]
        }
    # An agency without a published result is not one the API names (its detail is a 404).
    assert bad_request(anonymous_client, "/api/results/?agency=demo-other") == {
        "agency": [ERROR_UNKNOWN_AGENCY.format(code="demo-other")]
    }
    for path in ("/api/results/", "/api/agencies/"):
        assert bad_request(anonymous_client, f"{path}?cohort=no-such-group") == {
            "cohort": [ERROR_UNKNOWN_COHORT.format(code="no-such-group")]
        }


def test_a_known_agency_and_cohort_filter(published_seed, anonymous_client):
    cohort = published_seed.agency.cohort.code
    for url in (
        "/api/results/?agency=pathumthani-2",
        f"/api/results/?cohort={cohort}",
        f"/api/agencies/?cohort={cohort}",
        "/api/indicator-scores/?agency=pathumthani-2&page_size=1",
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 200, url
        assert response.json()["count"] >= 1, url


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "²", "9" * 5000])
def test_a_page_that_is_not_a_page_number_is_a_bad_request(published_seed, anonymous_client, value):
    from assessments.public.api.parameters import ERROR_PAGE, shown

    assert bad_request(anonymous_client, f"/api/results/?page={value}") == {
        "page": [ERROR_PAGE.format(value=shown(value))]
    }


def test_a_page_past_the_last_is_not_found(published_seed, anonymous_client):
    from assessments.public.api.parameters import ERROR_PAGE_PAST_END

    # Ten scores, four a page: pages 1 to 3 (the boundary and one past it).
    assert anonymous_client.get("/api/indicator-scores/?page_size=4&page=3").status_code == 200
    assert anonymous_client.get("/api/indicator-scores/?page_size=4&page=๓").status_code == 200
    last = anonymous_client.get("/api/indicator-scores/?page_size=4&page=last").json()
    assert len(last["results"]) == 2 and last["next"] is None
    huge = "9" * 18
    for url, page, pages in (
        ("/api/indicator-scores/?page_size=4&page=4", 4, 3),
        (f"/api/results/?page={huge}", huge, 1),
    ):
        response = anonymous_client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"detail": ERROR_PAGE_PAST_END.format(page=page, pages=pages)}


@pytest.mark.parametrize("name", ["_", "utm_source", "_ts"])
def test_cache_busters_and_campaign_tags_pass(published_seed, anonymous_client, name):
    # What tools add to any URL is not a question the caller asked: answered as without it.
    plain = anonymous_client.get("/api/results/?year=2562")
    tagged = anonymous_client.get(f"/api/results/?year=2562&{name}=1733550000")
    assert tagged.status_code == plain.status_code == 200
    assert tagged.json() == plain.json()


@pytest.mark.parametrize("value", ["abc", "0", "501", "100000", "-4"])
def test_a_page_size_outside_one_to_five_hundred_is_a_bad_request(
    published_seed, anonymous_client, value
):
    from assessments.public.api.parameters import ERROR_PAGE_SIZE

    assert bad_request(anonymous_client, f"/api/indicator-scores/?page_size={value}") == {
        "page_size": [ERROR_PAGE_SIZE.format(value=value, high=500)]
    }


def test_page_sizes_at_the_limits_are_answered(published_seed, anonymous_client):
    for value, rows in (("1", 1), ("500", 10), ("๕๐๐", 10)):
        response = anonymous_client.get(f"/api/indicator-scores/?page_size={value}")
        assert response.status_code == 200, value
        assert len(response.json()["results"]) == rows


def test_an_unknown_format_is_a_bad_request(published_seed, anonymous_client):
    from assessments.public.api.parameters import ERROR_UNKNOWN_FORMAT

    assert bad_request(anonymous_client, "/api/results/?format=xml") == {
        "format": [ERROR_UNKNOWN_FORMAT.format(value="xml", known="json, api")]
    }
    assert anonymous_client.get("/api/results/?format=json").status_code == 200
    assert anonymous_client.get("/api/years/2562/?format=json").status_code == 200
    # A suffix in the path names no address: still a 404.
    assert anonymous_client.get("/api/results.xml").status_code == 404


def test_a_missing_row_is_a_thai_404(published_seed, anonymous_client):
    from django.utils import translation
    from rest_framework.exceptions import NotFound

    with translation.override("th"):
        expected = {"detail": str(NotFound.default_detail)}
    for url in ("/api/years/2599/", "/api/years/99999999999999999999/", "/api/agencies/nope/"):
        response = anonymous_client.get(url)
        assert response.status_code == 404, url
        # Not Django's "No Framework matches the given query.": DRF's Thai "not found".
        assert response.json() == expected, url
        assert not re.search("[A-Za-z]", expected["detail"])


def test_the_schema_documents_the_bad_request(db, anonymous_client):
    schema = anonymous_client.get("/api/schema/?format=json").json()
    for path, operation in (
        ("/api/results/", "get"),
        ("/api/years/", "get"),
        ("/api/years/{fiscal_year}/", "get"),
        ("/api/indicator-scores/", "get"),
    ):
        responses = schema["paths"][path][operation]["responses"]
        assert "400" in responses and "200" in responses, path
        names = {p["name"] for p in schema["paths"][path][operation]["parameters"]}
        assert "format" in names, path
    results = schema["paths"]["/api/results/"]["get"]
    assert {"year", "agency", "cohort", "page", "page_size"} <= {
        p["name"] for p in results["parameters"]
    }
    # The list is still documented as a page of results.
    ok = results["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("PaginatedResultList")
