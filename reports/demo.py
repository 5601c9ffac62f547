"""The published report of the seed's demo school that got that far (the supervisor's console
shows one school with its report out). Rendered once: a school with a live version is left alone.
"""

from __future__ import annotations

from assessments.demo import STAGE_PUBLISHED, DemoContext

from .publishing import live_version, report_publish


def load(context: DemoContext) -> None:
    if not context.publish_reports:
        return
    approver = context.users["demo-school-approver"]
    for code, stage in context.schools.items():
        assessment = context.assessments[code]
        if stage == STAGE_PUBLISHED and live_version(assessment.pk) is None:
            report_publish(assessment=assessment, user=approver)
