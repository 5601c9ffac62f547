"""Exports, open-data files and the API: published data only, formula cells neutralised, cacheable."""

from __future__ import annotations

import csv
import io
import json
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
        from assessments.public.api.views import ERROR_UNKNOWN_ISSUER
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
    with django_assert_num_queries(6):
        # the issuer, the count, the frameworks, their tools, the tools' indicators, the bands
        assert anonymous_client.get("/api/years/").status_code == 200
