"""Business events: one readable line in development, one JSON object per line in production."""

from __future__ import annotations

import json
import logging

from django.contrib.auth import get_user_model

from ita_portal.lib.events import log_event
from ita_portal.lib.logs import JsonFormatter


class _Agency:
    code = "pathumthani-2"


def test_an_event_line_names_the_user_agency_object_and_outcome(caplog, db):
    user = get_user_model()(username="demo-approver")
    logger = logging.getLogger("tests.events")
    with caplog.at_level(logging.INFO, logger="tests.events"):
        log_event(logger, "report.publish", user=user, agency=_Agency(), obj=user, version=2)
    assert caplog.records[0].getMessage() == (
        "report.publish user=demo-approver agency=pathumthani-2 object=User:None outcome=ok"
        " version=2"
    )


def test_the_json_formatter_writes_one_object_with_the_event_fields(caplog):
    logger = logging.getLogger("tests.events")
    with caplog.at_level(logging.INFO, logger="tests.events"):
        log_event(logger, "plan.approve", agency="a-1", outcome="approved", version=3)
    line = JsonFormatter().format(caplog.records[0])
    assert "\n" not in line
    data = json.loads(line)
    assert data["event"] == "plan.approve"
    assert (data["agency"], data["outcome"], data["user"]) == ("a-1", "approved", "-")
    assert data["details"] == {"version": 3}
    assert data["level"] == "INFO" and data["logger"] == "tests.events"
