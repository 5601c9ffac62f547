"""Repeated wrong passwords lock that username from that address, for a while, not for ever."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def login(client: Client, username: str, password: str, ip: str = "10.1.1.1"):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_three_failures_lock_the_user_out_even_with_the_right_password(axes_on, demo):
    client = Client()
    for _ in range(3):
        login(client, "demo-staff", "wrong-password")
    response = login(client, "demo-staff", demo.password)
    assert response.status_code == 429


def test_a_colleague_behind_the_same_address_can_still_log_in(axes_on, demo):
    client = Client()
    for _ in range(3):
        login(client, "demo-staff", "wrong-password")
    response = login(Client(), "demo-approver", demo.password)
    assert response.status_code == 302
