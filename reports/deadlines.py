"""The due dates of an assessment: its own where set, else its framework year's calendar."""

from __future__ import annotations

import datetime as dt

from assessments.models import Assessment
from indicators.models import CALENDAR_FIELDS

# Calendar field → the workspace step it is the due date of (follow-up quarters by key).
STEP_OF_FIELD = {
    "analysis_due": "analysis",
    "plan_due": "submitted",
    "publication_due": "published",
    "follow_up_q1_due": "follow_up_q1",
    "follow_up_q2_due": "follow_up_q2",
    "follow_up_q3_due": "follow_up_q3",
    "follow_up_q4_due": "follow_up_q4",
}


def deadlines_for(assessment: Assessment) -> dict[str, dt.date]:
    """Step key → due date (framework loaded with the assessment: no query)."""
    framework = assessment.framework
    dates = {}
    for name in CALENDAR_FIELDS:
        value = getattr(assessment, name) or getattr(framework, name)
        if value is not None:
            dates[STEP_OF_FIELD[name]] = value
    return dates
