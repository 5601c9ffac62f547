"""Checking evidence links: the Celery task (inline), the command, the periodic re-check, and the
address rules as configured. Only a server of the test's own on 127.0.0.1 is contacted."""

from __future__ import annotations

import datetime as dt
import io
import socket

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from ita_portal.celery import app
from ita_portal.lib import linkcheck
from oit import selectors, services, tasks
from oit.models import EvidenceLink, LinkCheck, url_digest

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_local(settings):
    settings.LINKCHECK_ALLOW_PRIVATE = True
    settings.LINKCHECK_TIMEOUT_SECONDS = 1


@pytest.fixture
def linked(staff_user, evidence_rows, local_server):
    base, _ = local_server
    services.evidence_set_links(user=staff_user, evidence=evidence_rows["O1"], urls=[f"{base}/o1"])
    services.evidence_set_links(
        user=staff_user,
        evidence=evidence_rows["O2"],
        urls=[f"{base}/missing", "https://evidence.invalid/o2"],
    )
    services.evidence_set_links(
        user=staff_user, evidence=evidence_rows["O3"], urls=[f"{base}/loop"]
    )
    return base


def test_the_task_checks_every_link_of_the_assessment_and_stores_the_results(
    allow_local, seed_assessment, linked
):
    summary = tasks.check_assessment_links.delay(seed_assessment.pk).get()
    assert summary == {"checked": 4, "ok": 1, "broken": 3, "slow": 0, "skipped": 0}
    ok = LinkCheck.objects.get(url_hash=url_digest(f"{linked}/o1"))
    assert (ok.ok, ok.status_code, ok.content_type) == (True, 200, "text/html; charset=utf-8")
    assert ok.response_ms is not None and ok.checked_at is not None and ok.tls_valid is None
    missing = LinkCheck.objects.get(url_hash=url_digest(f"{linked}/missing"))
    assert (missing.ok, missing.status_code, missing.message) == (False, 404, "เว็บไซต์ตอบรหัส 404")
    problems = {(code, link.url) for code, link in selectors.link_problems(seed_assessment)}
    assert problems == {
        ("O2", f"{linked}/missing"),
        ("O2", "https://evidence.invalid/o2"),
        ("O3", f"{linked}/loop"),
    }


def test_without_the_allow_setting_the_local_server_is_never_contacted(
    settings, seed_assessment, linked, local_server
):
    settings.LINKCHECK_ALLOW_PRIVATE = False
    _, state = local_server
    services.evidence_check_links(assessment=seed_assessment)
    assert state.requests == []
    refused = LinkCheck.objects.get(url_hash=url_digest(f"{linked}/o1"))
    assert (refused.ok, refused.error) == (False, linkcheck.PRIVATE_ADDRESS)


def test_the_command_prints_the_summary_and_each_broken_link(allow_local, seed_agency, linked):
    out = io.StringIO()
    call_command("check_evidence", seed_agency.code, "๒๕๖๒", stdout=out)
    text = out.getvalue()
    assert "ตรวจ 4 ลิงก์: ใช้ได้ 1 ใช้ไม่ได้ 3 ตอบช้า 0" in text
    assert f"O2 {linked}/missing — เว็บไซต์ตอบรหัส 404" in text
    assert "O3" in text and linkcheck.MESSAGES[linkcheck.REDIRECT_LOOP] in text


def test_the_command_refuses_an_unknown_agency_or_year_in_thai(seed_agency):
    with pytest.raises(
        CommandError, match="ไม่พบผลการประเมินของหน่วยงาน “nobody” ปีงบประมาณ พ.ศ. 2562"
    ):
        call_command("check_evidence", "nobody", "2562")
    with pytest.raises(CommandError, match="ปีงบประมาณต้องเป็นตัวเลข"):
        call_command("check_evidence", seed_agency.code, "ปีนี้")


def test_the_periodic_recheck_takes_only_links_not_checked_recently(
    allow_local, seed_assessment, linked, local_server
):
    _, state = local_server
    # Only this test's links: the demo's ๒๕๖๓ evidence points at the portal itself.
    EvidenceLink.objects.exclude(evidence__assessment=seed_assessment).delete()
    services.evidence_check_links(assessment=seed_assessment)
    LinkCheck.objects.filter(url_hash=url_digest(f"{linked}/missing")).update(
        checked_at=timezone.now() - dt.timedelta(hours=25)
    )
    before = len(state.requests)
    summary = tasks.recheck_stale_links.delay().get()
    assert summary["checked"] == 1
    assert state.requests[before:] == ["/missing"]


def test_the_recheck_is_on_the_beat_schedule_and_names_a_registered_task():
    entry = django_settings.CELERY_BEAT_SCHEDULE["oit-recheck-evidence-links"]
    assert entry["task"] == tasks.recheck_stale_links.name
    assert entry["task"] in app.tasks


def test_a_reserved_name_is_stored_invalid_without_a_lookup(
    monkeypatch, staff_user, seed_assessment, evidence_rows
):
    services.evidence_set_links(
        user=staff_user, evidence=evidence_rows["O4"], urls=["https://plan.example/2562.pdf"]
    )
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: pytest.fail("DNS lookup"))
    services.evidence_check_links(assessment=seed_assessment)
    check = LinkCheck.objects.get()
    assert (check.ok, check.error) == (False, linkcheck.RESERVED_NAME)
