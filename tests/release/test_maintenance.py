"""The maintenance switch: while the file MAINTENANCE_FILE names exists, every address answers
a Thai 503 page (Retry-After) — except /healthz/, which load balancers and operators still ask."""

from __future__ import annotations

import pytest

from ita_portal.maintenance import MAINTENANCE_MESSAGE, MAINTENANCE_TITLE, RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db

ADDRESSES = ["/", "/admin/", "/admin/login/", "/reports/pathumthani-2/2562/", "/api/"]


@pytest.fixture
def switch(settings, tmp_path):
    settings.MAINTENANCE_FILE = tmp_path / "maintenance"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = ""
    return settings.MAINTENANCE_FILE


def test_without_the_file_the_portal_answers_as_usual(switch, anonymous_client):
    assert anonymous_client.get("/").status_code == 200
    assert anonymous_client.get("/admin/login/").status_code == 200


@pytest.mark.parametrize("address", ADDRESSES)
def test_with_the_file_every_address_answers_the_thai_maintenance_page(
    switch, anonymous_client, address
):
    switch.write_text("")
    response = anonymous_client.get(address)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert MAINTENANCE_TITLE in page and MAINTENANCE_MESSAGE in page
    assert '<html lang="th">' in page


def test_writes_are_refused_too_even_for_a_signed_in_user(switch, staff_client):
    switch.write_text("")
    assert staff_client.post("/admin/logout/").status_code == 503
    assert staff_client.get("/admin/").status_code == 503


def test_healthz_still_answers(switch, anonymous_client):
    switch.write_text("")
    response = anonymous_client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_removing_the_file_reopens_the_portal_without_a_restart(switch, anonymous_client):
    switch.write_text("")
    assert anonymous_client.get("/").status_code == 503
    switch.unlink()
    assert anonymous_client.get("/").status_code == 200
