"""Every error a visitor, a staff member or an approver can meet says in Thai what happened and
what to do, with a way home, and nothing of the internals (DEBUG is False under pytest)."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from ita_portal import errors

pytestmark = pytest.mark.django_db

# What Django, DRF and axes say by default: none of it may reach a user.
ENGLISH = [
    "Not Found",
    "Server Error",
    "Forbidden",
    "Bad Request",
    "Method Not Allowed",
    "Too Many Requests",
    "Request Entity Too Large",
    "CSRF",
    "Account locked",
    "requested resource",
    "internal detail",
    "Traceback",
]
ERROR_URLS = "tests.errors.urls"


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_thai_error_page(response, status: int, heading: str) -> str:
    """The page has the status, the Thai heading, a link home and no English message."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    text = visible_text(html)
    assert heading in text
    assert 'href="/"' in html
    for english in ENGLISH:
        assert english.lower() not in text.lower(), english
    return text


def test_an_unknown_address_answers_a_thai_404(anonymous_client):
    response = anonymous_client.get("/no-such-page/")
    assert_thai_error_page(response, 404, errors.TITLE_NOT_FOUND)


def test_a_missing_agency_answers_a_thai_404(anonymous_client):
    response = anonymous_client.get("/agencies/no-such-agency/")
    assert_thai_error_page(response, 404, errors.TITLE_NOT_FOUND)


def test_a_wrong_method_answers_a_thai_405_and_keeps_the_allow_header(anonymous_client):
    response = anonymous_client.post("/")
    assert_thai_error_page(response, 405, errors.TITLE_METHOD_NOT_ALLOWED)
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_the_api_keeps_answering_json_to_a_wrong_method(anonymous_client):
    response = anonymous_client.post("/api/results/", {})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert re.search("[ก-๙]", response.json()["detail"])


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_forbidden_page_answers_a_thai_403(anonymous_client):
    response = anonymous_client.get("/test-errors/forbidden/")
    assert_thai_error_page(response, 403, errors.TITLE_FORBIDDEN)


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_bad_request_answers_a_thai_400(anonymous_client):
    response = anonymous_client.get("/test-errors/suspicious/")
    assert_thai_error_page(response, 400, errors.TITLE_BAD_REQUEST)


@override_settings(ROOT_URLCONF=ERROR_URLS, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_too_large_answers_a_thai_413(anonymous_client):
    response = anonymous_client.post("/test-errors/form/", {"text": "ก" * 2000})
    assert_thai_error_page(response, 413, errors.TITLE_TOO_LARGE)


@override_settings(ROOT_URLCONF=ERROR_URLS, DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_at_the_limit_is_read(anonymous_client):
    body = "text=" + "a" * 995
    response = anonymous_client.post(
        "/test-errors/form/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200


@override_settings(ROOT_URLCONF=ERROR_URLS)
def test_a_failure_answers_a_thai_500_without_the_details(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    assert_thai_error_page(response, 500, errors.TITLE_SERVER_ERROR)


def test_the_500_page_renders_without_a_request_or_a_database():
    from django.db import connection
    from django.template import loader

    with connection.execute_wrapper(_refuse_queries):  # the database may be what failed
        html = loader.get_template("500.html").render()
    assert errors.TITLE_SERVER_ERROR in html and 'href="/"' in html


def _refuse_queries(*args, **kwargs):
    raise AssertionError("the 500 page ran a query")


def test_a_failed_csrf_check_answers_a_thai_403(demo):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "demo-staff", "password": "x"})
    text = assert_thai_error_page(response, 403, errors.TITLE_CSRF)
    assert "คุกกี้" in text  # what to do: allow cookies and reload the form


def test_a_throttled_api_caller_is_told_in_thai_when_to_come_back(anonymous_client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute"})
    anonymous_client.get("/api/years/")
    response = anonymous_client.get("/api/years/")
    assert response.status_code == 429
    detail = response.json()["detail"]
    assert re.fullmatch(r"[^A-Za-z]*วินาที[^A-Za-z]*", detail), detail
    assert "Retry-After" in response


def test_a_locked_out_official_reads_thai_and_when_to_try_again(settings, demo):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        client.post("/admin/login/", {"username": "demo-staff", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "demo-staff", "password": demo.password})
    text = assert_thai_error_page(response, 429, errors.TITLE_LOCKED_OUT)
    assert "๑๕ นาที" in text  # AXES_COOLOFF_TIME, in Thai digits


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "๐ วินาที"),
        (59, "๕๙ วินาที"),
        (60, "๑ นาที"),
        (15 * 60, "๑๕ นาที"),
        (3600 + 30 * 60, "๑ ชั่วโมง ๓๐ นาที"),
        (86400 + 60, "๑ วัน ๑ นาที"),
    ],
)
def test_the_cool_off_is_said_in_thai_words_and_digits(seconds, words):
    import datetime as dt

    assert errors.thai_duration(dt.timedelta(seconds=seconds)) == words


def test_a_lockout_without_a_cool_off_sends_the_user_to_an_administrator():
    assert errors.page_context("locked_out")["to_do"] == errors.ASK_AN_ADMINISTRATOR


@override_settings(ROOT_URLCONF=ERROR_URLS, DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
def test_a_form_with_too_many_fields_answers_a_thai_page_saying_nothing_was_saved(
    anonymous_client,
):
    response = anonymous_client.post("/test-errors/form/", {f"f{n}": "ก" for n in range(11)})
    text = assert_thai_error_page(response, 400, errors.TITLE_TOO_MANY_FIELDS)
    assert errors.ERROR_PAGES["too_many_fields"].happened in text  # not saved: what to do next
    assert errors.ERROR_PAGES["too_many_fields"].to_do in text
