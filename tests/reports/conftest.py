"""Fixtures and helpers of the report, publishing and portal tests."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command

from tests.imaging import tiny_pdf


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def fake_pdf(html: str, **_kwargs) -> bytes:
    """A stand-in for WeasyPrint where the test is about publishing, not rendering (speed)."""
    # A PDF readers open: a follow-up report made so is attached as evidence, which is opened.
    return tiny_pdf(b"fake " + hashlib.sha256(html.encode()).hexdigest().encode())


@pytest.fixture
def fast_pdf(monkeypatch):
    monkeypatch.setattr("reports.publishing.render_pdf", fake_pdf)
    monkeypatch.setattr("reports.views.staff.render_pdf", fake_pdf)


@pytest.fixture
def approved_plan(seed_assessment, demo):
    """The seed assessment's action plan, approved (created if the demo has none)."""
    from actionplans.models import ActionPlan
    from actionplans.selectors import latest_approved_plan

    if latest_approved_plan(seed_assessment) is None:
        plan = ActionPlan.objects.filter(assessment=seed_assessment).first()
        if plan is None:
            plan = ActionPlan.objects.create(assessment=seed_assessment, title="แผนทดสอบ")
        # Test setup only: the approval workflow itself is tested with the action plans.
        ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
    assert latest_approved_plan(seed_assessment) is not None
    return seed_assessment


@pytest.fixture
def unapproved_plan(seed_assessment, demo):
    """The seed assessment with its action plan (if any) in draft and no approval snapshot."""
    from actionplans.models import ActionPlan, PlanTransition

    PlanTransition.objects.filter(plan__assessment=seed_assessment).delete()
    ActionPlan.objects.filter(assessment=seed_assessment).update(status=ActionPlan.Status.DRAFT)
    return seed_assessment


@pytest.fixture
def rendered(seed_assessment, tmp_path, media_root):
    """The demo report rendered once by the management command (PDF and its HTML)."""
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    call_command(
        "render_report",
        "pathumthani-2",
        "2562",
        output=str(pdf),
        html=str(html),
        stdout=open("/dev/null", "w"),
    )
    return pdf, html
