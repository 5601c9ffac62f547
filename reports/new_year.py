"""A new year from the last: next year's assessment, committee, draft plan and OIT evidence.

Never overwrites: each part is made only when the next year lacks it (an assessment made by an
import keeps its scores and gets the committee and plan it lacks); when nothing is missing the
action is refused with a message and nothing changes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from actionplans.carry_over import PlanCarryOver, actionplan_carry_over
from assessments import access
from assessments.models import Assessment
from assessments.selectors import issuer_for_agency
from assessments.services import assessment_create
from committees.models import CommitteeOrder
from committees.services import committee_carry_over
from indicators.models import Framework
from indicators.selectors import framework_for
from ita_portal.lib.events import log_event
from ita_portal.lib.users import Person
from oit.carry_over import EvidenceCarryOver, evidence_carry_over

logger = logging.getLogger(__name__)

ERROR_NO_NEXT_FRAMEWORK = (
    "ยังไม่มีกรอบการประเมินของ{issuer} ปีงบประมาณ พ.ศ. {year} "
    "ผู้ดูแลระบบต้องสร้างกรอบการประเมินของปีนั้นก่อน จึงจะสร้างปีถัดไปได้"
)
ERROR_NOTHING_MISSING = (
    "ปีงบประมาณ พ.ศ. {year} มีผลการประเมิน คำสั่งแต่งตั้งคณะกรรมการ แผนปฏิบัติการ "
    "และหลักฐาน OIT ที่คัดลอกได้อยู่แล้ว "
    "จึงไม่ได้สร้างหรือเปลี่ยนแปลงสิ่งใด"
)

# Settings of the report that an agency keeps from year to year.
KEPT_SETTINGS = ("use_thai_digits", "strength_threshold", "discrepancy_display")


@dataclass(frozen=True)
class NewYear:
    assessment: Assessment
    assessment_created: bool
    committee: CommitteeOrder | None  # None: the new year had one, or this year had none
    plan: PlanCarryOver | None  # None: the new year had a plan already
    evidence: EvidenceCarryOver


def _next_framework(assessment: Assessment) -> Framework:
    """The framework of the issuer the agency follows next year (it may change issuer)."""
    year = assessment.fiscal_year + 1
    issuer = issuer_for_agency(assessment.agency, year)
    framework = framework_for(issuer, year)
    if framework is None:
        raise ValidationError(ERROR_NO_NEXT_FRAMEWORK.format(issuer=issuer.name, year=year))
    return framework


def _next_assessment(assessment: Assessment, framework: Framework) -> tuple[Assessment, bool]:
    existing = Assessment.objects.filter(agency=assessment.agency, framework=framework).first()
    if existing is not None:
        return existing, False
    kept = {name: getattr(assessment, name) for name in KEPT_SETTINGS}
    return assessment_create(agency=assessment.agency, framework=framework, **kept), True


def new_year_create(*, assessment: Assessment, user: Person) -> NewYear:
    """Next year's assessment (empty scores), committee and draft plan, from this year's."""
    if not access.can_edit(user, assessment.agency_id):
        raise PermissionDenied(access.ERROR_NOT_ALLOWED)
    framework = _next_framework(assessment)
    with transaction.atomic():
        # Two clicks at once: the second waits here and then finds everything made.
        Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
        target, created = _next_assessment(assessment, framework)
        committee = committee_carry_over(user=user, source=assessment, target=target)
        plan = actionplan_carry_over(source=assessment, target=target, user=user)
        evidence = evidence_carry_over(source=assessment, target=target, user=user)
        if not created and committee is None and plan is None and not evidence.copied:
            raise ValidationError(ERROR_NOTHING_MISSING.format(year=framework.fiscal_year))
    log_event(
        logger,
        "assessment.new_year",
        user=user,
        agency=assessment.agency,
        obj=target,
        source=f"Assessment:{assessment.pk}",
        assessment_created=created,
        committee=committee.pk if committee else "-",
        plan=plan.plan.pk if plan else "-",
        rows_copied=plan.rows_copied if plan else 0,
        rows_left_out=plan.rows_left_out if plan else 0,
        weakness_rows=plan.weakness_rows if plan else 0,
        evidence_copied=len(evidence.copied),
        evidence_unmapped=len(evidence.unmapped),
        evidence_skipped=len(evidence.skipped),
    )
    return NewYear(
        assessment=target,
        assessment_created=created,
        committee=committee,
        plan=plan,
        evidence=evidence,
    )
