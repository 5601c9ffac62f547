"""Publishing, withdrawing and plan decisions each leave one log line saying who did what."""

from __future__ import annotations

import logging

from reports import publishing


def test_publishing_and_withdrawing_are_logged(caplog, demo, approved_plan, fast_pdf, media_root):
    approver = demo.users["demo-approver"]
    with caplog.at_level(logging.INFO, logger="reports.publishing"):
        publishing.report_publish(assessment=approved_plan, user=approver)
        publishing.report_unpublish(assessment=approved_plan, user=approver, reason="แก้ไข")
    lines = [r.getMessage() for r in caplog.records if r.name == "reports.publishing"]
    assert lines[0].startswith(
        "report.publish user=demo-approver agency=pathumthani-2 object=Assessment:"
    )
    assert "outcome=published version=1" in lines[0]
    assert "report.unpublish" in lines[1] and "outcome=withdrawn versions=1" in lines[1]
