"""Fixtures of the hostile-input sweep: a published report, plans in each workflow state."""

from __future__ import annotations

import pytest

from tests.actionplans.conftest import approved_plan, draft_plan, submitted_plan  # noqa: F401


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_pdf(monkeypatch):
    from tests.reports.conftest import fake_pdf

    monkeypatch.setattr("reports.publishing.render_pdf", fake_pdf)


@pytest.fixture
def published(demo, seed_assessment, media_root, fast_pdf):
    """The seed assessment published once (version 1)."""
    from reports.publishing import report_publish

    return report_publish(assessment=seed_assessment, user=demo.users["demo-approver"])


@pytest.fixture
def reopen_requested(approved_plan, demo):  # noqa: F811
    """The approved demo plan with staff's open request to reopen it."""
    from actionplans import services

    services.actionplan_request_reopen(
        plan=approved_plan, user=demo.users["demo-staff"], reason="ขอแก้ไขกิจกรรม"
    )
    return approved_plan
