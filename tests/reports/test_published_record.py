"""A published result is an official record: locked, reopened only by an approver with a
reason, and the public reads the figures frozen with the version, never the live rows."""

from __future__ import annotations

import threading
import urllib.request
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, AssessmentReopening
from assessments.selectors import agency_history
from reports import publishing
from tests.assessments.test_admin_access import _scores_post

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def published(demo, approved_plan, fast_pdf, media_root) -> Assessment:
    publishing.report_publish(assessment=approved_plan, user=demo.users["demo-approver"])
    approved_plan.refresh_from_db()
    return approved_plan


def public_totals(client) -> tuple[str, str, str]:
    api = client.get("/api/results/?year=2562&agency=pathumthani-2").json()["results"][0]
    csv_text = client.get("/open-data/2562.csv").content.decode("utf-8-sig")
    ranking = client.get("/ranking/2562/agency/pathumthani-2/").content.decode()
    return api["total"], csv_text, ranking


def test_staff_cannot_change_a_published_result(published, staff_client):
    change = reverse("admin:assessments_assessment_change", args=[published.pk])
    response = staff_client.post(change, _scores_post(published, {1: "50.00"}))
    assert response.status_code == 403
    with pytest.raises(ValidationError) as caught:
        services.assessment_set_scores(assessment=published, scores={1: Decimal("50")})
    assert services.ERROR_LOCKED in caught.value.messages
    assert published.scores.get(indicator__number=1).score == Decimal("97.09")


def test_only_an_approver_reopens_and_the_reason_is_kept(
    published, staff_client, outsider_client, approver_client, client
):
    url = reverse("reports:report_reopen", args=[published.pk])
    assert staff_client.post(url, {"reason": "แก้คะแนน"}).status_code == 403
    assert outsider_client.post(url, {"reason": "แก้คะแนน"}).status_code == 404
    assert client.post(url, {"reason": "แก้คะแนน"}).status_code == 302  # to the login page
    assert approver_client.post(url, {"reason": ""}).status_code == 302
    assert not AssessmentReopening.objects.exists()  # no reason, no reopening
    assert approver_client.post(url, {"reason": "คะแนนตัวชี้วัดที่ ๑ พิมพ์ผิด"}).status_code == 302
    published.refresh_from_db()
    assert published.status == Assessment.Status.REOPENED
    reopening = AssessmentReopening.objects.get()
    assert (reopening.reason, reopening.reopened_by.username) == (
        "คะแนนตัวชี้วัดที่ ๑ พิมพ์ผิด",
        "demo-approver",
    )


def test_the_public_keeps_the_published_figures_until_a_new_version(published, demo, client):
    assert public_totals(client)[0] == "89.07"
    services.assessment_reopen(
        assessment=published, user=demo.users["demo-approver"], reason="แก้คะแนน"
    )
    services.assessment_set_scores(
        assessment=published,
        scores={1: Decimal("50.00")},
        texts={1: {"development_issues": "ทบทวนการปฏิบัติหน้าที่"}},  # now a weak indicator
    )
    total, csv_text, ranking = public_totals(client)
    assert total == "89.07" and ",89.07," in csv_text and "89.07" in ranking
    publishing.report_publish(assessment=published, user=demo.users["demo-approver"])
    total, csv_text, _ranking = public_totals(client)
    assert total != "89.07" and Decimal(total) < Decimal("89.07")
    assert f",{total}," in csv_text


def test_the_agency_page_shows_the_published_total_while_reopened(published, demo, client):
    page = client.get(reverse("reports:agency", args=["pathumthani-2"])).content.decode()
    assert "89.07" in page
    services.assessment_reopen(
        assessment=published, user=demo.users["demo-approver"], reason="แก้คะแนน"
    )
    # A correction of the announced total while reopened (the admin form's field).
    Assessment.objects.filter(pk=published.pk).update(official_total=Decimal("88.01"))
    (live,) = [row.total for row in agency_history(published.agency) if row.fiscal_year == 2562]
    assert live != Decimal("89.07")  # the staff's correction, not yet published
    page = client.get(reverse("reports:agency", args=["pathumthani-2"])).content.decode()
    assert "89.07" in page and f"{live:.2f}" not in page


def test_public_pages_write_nothing_after_an_edit(published, demo, client):
    services.assessment_reopen(
        assessment=published, user=demo.users["demo-approver"], reason="แก้คะแนน"
    )
    services.assessment_set_scores(assessment=published, scores={2: Decimal("70.00")})
    with CaptureQueriesContext(connection) as queries:
        public_totals(client)
        client.get("/ranking/2562/")
        client.get("/api/indicator-scores/?year=2562")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_public_gets_after_an_edit_all_succeed(
    live_server, demo, approved_plan, fast_pdf, media_root
):
    approver = demo.users["demo-approver"]
    publishing.report_publish(assessment=approved_plan, user=approver)
    services.assessment_reopen(assessment=approved_plan, user=approver, reason="แก้คะแนน")
    services.assessment_set_scores(assessment=approved_plan, scores={3: Decimal("71.00")})
    paths = ["/open-data/2562.csv", "/api/results/?year=2562", "/ranking/2562/"]
    statuses: list[int] = []

    def fetch(path: str) -> None:
        try:
            with urllib.request.urlopen(live_server.url + path, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=fetch, args=(paths[n % 3],)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20


def test_a_score_file_cannot_change_a_published_result(published):
    from assessments.imports.score_import import ScoreImportError, scores_import_file

    header = "agency_code,agency_name,fiscal_year," + ",".join(f"i{n}" for n in range(1, 11))
    scores = [str(s.score) for s in published.scores.order_by("indicator__number")]
    scores[0] = "50.00"
    data = f"{header}\npathumthani-2,สพป.ปทุมธานี เขต ๒,2562,{','.join(scores)}\n".encode()
    with pytest.raises(ScoreImportError) as caught:
        scores_import_file(data=data, filename="fix.csv")
    assert [p.message for p in caught.value.problems] == [services.ERROR_LOCKED]
    assert published.scores.get(indicator__number=1).score == Decimal("97.09")
