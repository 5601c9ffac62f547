"""Two people edit the same assessment: the later, stale form overwrites nothing and keeps its input."""

from __future__ import annotations

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment, IndicatorScore
from ita_portal.lib import admin_locking
from ita_portal.lib.admin_locking import ERROR_STALE_EDIT
from tests.actionplans.formdata import admin_form_data

FORM = "assessment_form"


def change_url(assessment: Assessment) -> str:
    return reverse("admin:assessments_assessment_change", args=[assessment.pk])


def form_of(client: Client, assessment: Assessment) -> dict[str, list[str]]:
    response = client.get(change_url(assessment))
    assert response.status_code == 200
    return admin_form_data(response.content.decode(), FORM)


def conflict_cells(html: str, kind: str) -> list[str]:
    return re.findall(rf'<td class="edit-conflict-{kind}">(.*?)</td>', html, flags=re.S)


def saved(assessment: Assessment, number: int) -> IndicatorScore:
    return IndicatorScore.objects.get(assessment=assessment, indicator__number=number)


def test_the_second_of_two_editors_is_told_sees_the_first_ones_values_and_loses_nothing(
    staff_client, approver_client, seed_assessment
):
    url = change_url(seed_assessment)
    staff_form = form_of(staff_client, seed_assessment)
    approver_form = form_of(approver_client, seed_assessment)

    ten = 9  # the inline rows follow the indicator numbers
    staff_form[f"scores-{ten}-score"] = ["80.00"]
    staff_form["scores-1-narrative"] = ["บทวิเคราะห์ของเจ้าหน้าที่"]
    assert staff_client.post(url, staff_form).status_code == 302

    approver_form[f"scores-{ten}-score"] = ["70.00"]
    approver_form["foreword"] = ["คำนำที่ผู้บริหารพิมพ์"]
    response = approver_client.post(url, approver_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert ERROR_STALE_EDIT in html
    # The other person's values beside the user's own.
    assert "80.00" in conflict_cells(html, "saved") and "70.00" in conflict_cells(html, "yours")
    assert "บทวิเคราะห์ของเจ้าหน้าที่" in " ".join(conflict_cells(html, "saved"))
    # Nothing of the stale form was written; the first save stands.
    assert saved(seed_assessment, 10).score == Decimal("80.00")
    assert saved(seed_assessment, 2).narrative == "บทวิเคราะห์ของเจ้าหน้าที่"
    assert Assessment.objects.get(pk=seed_assessment.pk).foreword != "คำนำที่ผู้บริหารพิมพ์"
    # Everything the approver typed is in the form shown again; what only the staff member
    # changed (the narrative) is taken into it, so saving again does not undo it.
    shown = admin_form_data(html, FORM)
    assert shown[f"scores-{ten}-score"] == ["70.00"]
    assert shown["foreword"] == ["คำนำที่ผู้บริหารพิมพ์"]
    assert shown["scores-1-narrative"] == ["บทวิเคราะห์ของเจ้าหน้าที่"]

    # Saving that form again, knowingly, puts the approver's values in and keeps the staff's.
    assert approver_client.post(url, shown).status_code == 302
    assert saved(seed_assessment, 10).score == Decimal("70.00")
    assert Assessment.objects.get(pk=seed_assessment.pk).foreword == "คำนำที่ผู้บริหารพิมพ์"
    assert saved(seed_assessment, 2).narrative == "บทวิเคราะห์ของเจ้าหน้าที่"


def test_a_form_without_its_version_is_treated_as_stale(staff_client, seed_assessment):
    data = form_of(staff_client, seed_assessment)
    del data["edit_version"]
    data["scores-9-score"] = ["10.00"]
    response = staff_client.post(change_url(seed_assessment), data)
    assert response.status_code == 200
    assert ERROR_STALE_EDIT in response.content.decode()
    assert saved(seed_assessment, 10).score == Decimal("79.02")


def test_an_import_or_service_write_makes_an_open_form_stale(staff_client, seed_assessment, demo):
    from assessments import services

    data = form_of(staff_client, seed_assessment)
    services.assessment_set_scores(assessment=seed_assessment, scores={10: Decimal("60")})
    data["scores-9-score"] = ["65.00"]
    response = staff_client.post(change_url(seed_assessment), data)
    assert response.status_code == 200
    assert saved(seed_assessment, 10).score == Decimal("60.00")


def test_a_score_import_makes_an_open_form_stale(staff_client, seed_assessment):
    from assessments.imports.score_import import scores_import_file
    from tests.assessments.test_score_import import csv_bytes, row

    data = form_of(staff_client, seed_assessment)
    scores = [str(saved(seed_assessment, n).score) for n in range(1, 10)] + ["60.00"]
    scores_import_file(data=csv_bytes([row("pathumthani-2", scores=scores)]), filename="s.csv")
    data["scores-9-score"] = ["65.00"]
    response = staff_client.post(change_url(seed_assessment), data)
    assert response.status_code == 200
    assert ERROR_STALE_EDIT in response.content.decode()
    assert saved(seed_assessment, 10).score == Decimal("60.00")


def test_the_claim_at_save_refuses_a_form_that_passed_its_check_just_before_another_save(
    staff_client, approver_client, seed_assessment, monkeypatch
):
    """The race: the check reads the old version, the other save commits, then this one writes."""
    url = change_url(seed_assessment)
    staff_form = form_of(staff_client, seed_assessment)
    approver_form = form_of(approver_client, seed_assessment)
    staff_form["scores-9-score"] = ["80.00"]
    assert staff_client.post(url, staff_form).status_code == 302

    real = admin_locking.current_version
    checks: list[int] = []

    def read_before_the_other_commit(model, pk):
        checks.append(1)
        now = real(model, pk)
        return now - 1 if len(checks) == 1 else now

    monkeypatch.setattr(admin_locking, "current_version", read_before_the_other_commit)
    approver_form["scores-9-score"] = ["70.00"]
    response = approver_client.post(url, approver_form)
    assert response.status_code == 200
    assert ERROR_STALE_EDIT in response.content.decode()
    assert len(checks) == 2  # the first pass was rolled back at the claim, the second told
    assert saved(seed_assessment, 10).score == Decimal("80.00")


@pytest.mark.postgres
def test_two_saves_at_the_same_moment_keep_one_and_tell_the_other(transactional_db, demo):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections writing at once")
    assessment = demo.assessments["pathumthani-2"]
    clients = []
    for username in ("demo-staff", "demo-approver"):
        client = Client()
        client.force_login(demo.users[username])
        clients.append(client)
    forms = [form_of(client, assessment) for client in clients]
    for form, value in zip(forms, ("81.00", "71.00"), strict=True):
        form["scores-9-score"] = [value]
    start = threading.Barrier(2)
    outcomes: dict[str, int] = {}

    def save(client: Client, form: dict[str, list[str]], value: str) -> None:
        try:
            start.wait()
            outcomes[value] = client.post(change_url(assessment), form).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(c, f, f["scores-9-score"][0]))
        for c, f in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == [200, 302]
    winner = next(value for value, status in outcomes.items() if status == 302)
    assert saved(assessment, 10).score == Decimal(winner)
