"""No machine words on staff and approver pages (issue 21).

A crawl of every admin page of the demo (index, change lists, each registered model's first
change form, its object history and its audit history, the workspace and the inbox) as the demo
staff, the demo approver and a site administrator. The text a person reads on each page (tags,
scripts, styles, attribute values and hidden inputs left out) must hold none of the words a
program writes for itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from actionplans.models import PlanActivity
from ita_portal.lib.thai import MONTHS, MONTHS_ABBR
from tests.test_url_walk import SKIPPED, Samples, fast_pdf, media_root, named_patterns

__all__ = ["fast_pdf", "media_root"]  # fixtures shared with the URL walk

# What the crawl refuses, each with the pattern that finds it in a page's visible text.
MACHINE_WORDS = {
    "None": re.compile(r"\bNone\b"),
    "True/False": re.compile(r"\b(?:True|False)\b"),
    # A Gregorian year where a date is written (after a month's name, or in d/m/yyyy): codes and
    # amounts that happen to hold 20xx are not dates.
    "Gregorian year": re.compile(
        rf"(?:(?:{'|'.join(re.escape(m) for m in MONTHS + MONTHS_ABBR)})\s*|\d/)(?:19|20)\d\d\b"
    ),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "constraint name": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+_(?:unique|ordered|range|check)\b"),
    "lone ID": re.compile(r"(?<![\w-])ID(?![\w-])"),
}


class VisibleText(HTMLParser):
    """The text of a page as a person reads it: no scripts, styles, templates or hidden inputs."""

    SKIPPED = {"script", "style", "template", "noscript", "head"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def machine_words(text: str) -> list[str]:
    """Each machine word found in text, with the line it stands in."""
    found = []
    for line in text.splitlines():
        for label, pattern in MACHINE_WORDS.items():
            if pattern.search(line):
                found.append(f"{label}: {line[:160]}")
    return found


def pages(samples: Samples) -> list[str]:
    """Every staff page the URL walk knows, built from the demo's sample values."""
    found = []
    for name, route in sorted(set(named_patterns())):
        if name in SKIPPED or name.startswith("api:") or "(?P<format>" in route:
            continue
        kwargs = samples.kwargs(name, route)
        if kwargs is not None:
            found.append(reverse(name, kwargs=kwargs))
    return found


def record_changes(samples: Samples) -> list[str]:
    """Changes a year brings (a date set, a box ticked, an amount emptied): their history pages."""
    from django.utils import timezone

    plan = samples.plan
    plan.submitted_at = timezone.now()
    plan.save()
    activity = PlanActivity.objects.filter(item__plan=plan).order_by("pk").first()
    activity.all_units = not activity.all_units
    activity.budget = None
    activity.save()
    return [
        reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_audit", args=[obj.pk])
        for obj in (plan, samples.assessment)
    ]


def crawl(clients: dict[str, Client], urls: list[str]) -> dict[str, list[str]]:
    findings: dict[str, list[str]] = {}
    for who, client in clients.items():
        for url in urls:
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            found = machine_words(visible_text(response.content.decode()))
            if found:
                findings[f"{who} {url}"] = found
    return findings


@pytest.fixture
def clients(demo: Any, db: Any) -> dict[str, Client]:
    from django.contrib.auth import get_user_model

    result = {}
    for role in ("demo-staff", "demo-approver"):
        result[role] = Client()
        result[role].force_login(demo.users[role])
    superuser = get_user_model().objects.create_superuser("crawler", "c@example.invalid", "x")
    result["site-admin"] = Client()
    result["site-admin"].force_login(superuser)
    return result


def test_visible_text_leaves_out_attributes_scripts_and_hidden_inputs():
    html = '<p title="None">ใช่</p><input type="hidden" value="True"><script>x=None</script>'
    assert visible_text(html) == "ใช่"


def test_the_crawl_finds_each_kind_of_machine_word():
    text = (
        "คะแนน: None\nTrue\n2019-12-15: ความคืบหน้า\n“planactivity_range_ordered”\nID\n"
        "อัปโหลดเมื่อ 6 ธันวาคม 2026\n15/12/2019"
    )
    assert len(machine_words(text)) == 7
    assert not machine_words("รหัส 2026-A\n๖ ธันวาคม ๒๕๖๙\nIDEA\nสำนักงาน ก.พ. 2563 หน่วย")


@pytest.mark.django_db
def test_no_staff_or_approver_page_shows_a_machine_word(demo, clients, media_root, fast_pdf):
    samples = Samples(demo, media_root)
    findings = crawl(clients, record_changes(samples) + pages(samples))
    report = "\n".join(f"{page}\n  " + "\n  ".join(lines) for page, lines in findings.items())
    assert not findings, f"machine words on staff pages:\n{report}"


def test_a_progress_report_is_titled_with_a_thai_date():
    import datetime as dt

    from actionplans.models import ProgressReport

    report = ProgressReport(reported_on=dt.date(2019, 12, 15), percent=40)
    assert str(report).startswith("๑๕ ธันวาคม ๒๕๖๒: ")
    assert str(report).endswith(" ๔๐%")
