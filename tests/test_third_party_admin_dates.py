"""The audit log and the login records in the admin show พ.ศ. years, never the Gregorian one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

pytestmark = pytest.mark.django_db

# 23:30 on 31 December 2025 in Bangkok: 2568 พ.ศ. there, 2025 ค.ศ.; 16:30 UTC.
WHEN = dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)
THAI_DATE = "31 ธันวาคม 2568 23:30 น."


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_buddhist_era(response) -> None:
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert THAI_DATE in text
    assert "2025" not in text and "2026" not in text  # no Gregorian year, not even today's


@pytest.fixture
def log_entry(site_admin_client):
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(LogEntry),
        object_pk="1",
        object_repr="รายการทดสอบ",
        action=LogEntry.Action.UPDATE,
        changes={"name": ["ก", "ข"]},
    )
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=WHEN)
    return entry


def test_the_audit_log_list_shows_the_buddhist_era(site_admin_client, log_entry):
    assert_buddhist_era(site_admin_client.get("/admin/auditlog/logentry/"))


def test_an_audit_log_entry_shows_the_buddhist_era(site_admin_client, log_entry):
    assert_buddhist_era(site_admin_client.get(f"/admin/auditlog/logentry/{log_entry.pk}/change/"))


@pytest.mark.parametrize("model", [AccessAttempt, AccessLog, AccessFailureLog])
def test_the_login_records_show_the_buddhist_era(site_admin_client, model):
    fields = {"username": "demo-staff", "ip_address": "10.1.1.1", "user_agent": "test"}
    if model is AccessAttempt:
        fields |= {"get_data": "", "post_data": "", "failures_since_start": 3}
    record = model.objects.create(**fields)
    model.objects.filter(pk=record.pk).update(attempt_time=WHEN)
    name = model._meta.model_name
    assert_buddhist_era(site_admin_client.get(f"/admin/axes/{name}/"))


def test_the_fixed_moment_is_what_the_test_thinks():
    assert timezone.localtime(WHEN).year == 2025 and timezone.localtime(WHEN).hour == 23
