"""Malformed paths, forged client addresses and per-process counters: 4xx, never a 500 or a bypass."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.imaging import pdf_bytes

ROOT = Path(__file__).resolve().parent.parent


def test_a_nul_byte_in_a_media_path_is_not_found(db, client):
    assert client.get("/media/reports/1/a%00.pdf").status_code == 404


@pytest.fixture
def evidence_url(demo, seed_assessment, settings, tmp_path):
    from actionplans import services
    from actionplans.models import PlanItem

    settings.MEDIA_ROOT = tmp_path
    item = PlanItem.objects.filter(plan__assessment=seed_assessment).first()
    report = services.progress_report_add(
        item=item,
        user=demo.users["demo-staff"],
        reported_on=dt.date(2020, 1, 15),
        status="in_progress",
        percent=40,
        evidence_file=SimpleUploadedFile("หลักฐาน.pdf", pdf_bytes(1), "application/pdf"),
    )
    return reverse("reports:media", kwargs={"path": report.evidence_file.name})


def test_evidence_of_progress_is_served_to_the_agency_and_the_site_admin(
    evidence_url, staff_client, site_admin_client, outsider_client, client
):
    assert staff_client.get(evidence_url).status_code == 200
    assert site_admin_client.get(evidence_url).status_code == 200
    assert outsider_client.get(evidence_url).status_code == 404
    assert client.get(evidence_url).status_code == 404


def test_a_forged_forwarded_address_does_not_reset_the_api_limit(db, client, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    statuses = [
        client.get("/api/years/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


# Two worker processes of one server, each asking the API twice with a limit of 3 a minute.
WORKER = """
import django, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "ita_portal.settings"
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from rest_framework.throttling import AnonRateThrottle
from rest_framework.test import APIRequestFactory
AnonRateThrottle.THROTTLE_RATES = {"anon": "3/minute"}
throttle = AnonRateThrottle()
request = APIRequestFactory().get("/api/years/", REMOTE_ADDR="198.51.100.7")
request.user = None
print(" ".join(str(throttle.allow_request(request, None)) for _ in range(2)))
"""


def test_the_api_limit_is_counted_across_worker_processes(tmp_path):
    env = {**os.environ, "CACHE_DIR": str(tmp_path / "cache")}
    env.pop("REDIS_CACHE_URL", None)
    answers = [
        subprocess.run(
            [sys.executable, "-c", WORKER], cwd=ROOT, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert [a.returncode for a in answers] == [0, 0], answers[0].stderr + answers[1].stderr
    # A memory per process would allow all four; a shared count refuses the fourth.
    assert [a.stdout.split() for a in answers] == [["True", "True"], ["True", "False"]]
