"""Units with a year of results and work in every state, for the console's tests (bulk data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplans.models import ActionPlan, PlanItem, PlanTransition, ProgressReport
from assessments.models import Agency, Assessment, IndicatorScore
from assessments.services import membership_grant
from indicators.models import Framework, OITItem
from oit.models import Evidence, EvidenceLink, LinkCheck, url_digest
from reports.models import ReportPreview, ReportPublication

# What each unit has done, in turn: the console must tell every one apart.
STATES = ("no_plan", "draft", "returned", "submitted", "approved", "published")
BROKEN_URL = "https://example.invalid/broken"


def _scores(assessment: Assessment, template: Assessment, offset: Decimal) -> None:
    IndicatorScore.objects.bulk_create(
        IndicatorScore(
            assessment=assessment,
            indicator=s.indicator,
            score=None if s.score is None else max(Decimal(0), min(Decimal(100), s.score + offset)),
            narrative=s.narrative,
        )
        for s in template.scores.select_related("indicator")
    )


def _plan(assessment: Assessment, state: str) -> None:
    if state == "no_plan":
        return
    status = {
        "draft": ActionPlan.Status.DRAFT,
        "returned": ActionPlan.Status.DRAFT,
        "submitted": ActionPlan.Status.SUBMITTED,
    }.get(state, ActionPlan.Status.APPROVED)
    now = timezone.now()
    plan = ActionPlan.objects.create(
        assessment=assessment,
        status=status,
        submitted_at=now if status != ActionPlan.Status.DRAFT else None,
        approved_at=now if status == ActionPlan.Status.APPROVED else None,
    )
    score = assessment.scores.select_related("indicator").first()
    item = PlanItem.objects.create(plan=plan, indicator=score.indicator)
    if state == "returned":
        PlanTransition.objects.create(
            plan=plan,
            action=PlanTransition.Action.RETURN,
            from_status=ActionPlan.Status.SUBMITTED,
            to_status=ActionPlan.Status.DRAFT,
            comment="ขอให้เพิ่มงบประมาณ",
        )
    if status == ActionPlan.Status.APPROVED:
        ProgressReport.objects.create(
            item=item, reported_on=dt.date(2025, 11, 1), status=ProgressReport.Status.IN_PROGRESS
        )


def _published(assessment: Assessment) -> None:
    ReportPreview.objects.create(assessment=assessment, previewed_at=timezone.now())
    ReportPublication.objects.create(
        assessment=assessment, version=1, published_at=timezone.now(), html="<p>x</p>", sha256="0"
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.PUBLISHED)


def _broken_link(assessment: Assessment) -> None:
    item = OITItem.objects.filter(framework=assessment.framework, retired=False).first()
    evidence = Evidence.objects.create(assessment=assessment, item=item, state=Evidence.State.READY)
    EvidenceLink.objects.create(evidence=evidence, url=BROKEN_URL)
    LinkCheck.objects.update_or_create(
        url_hash=url_digest(BROKEN_URL),
        defaults={"url": BROKEN_URL, "ok": False, "message": "404", "checked_at": timezone.now()},
    )


def make_units(
    count: int,
    *,
    template: Assessment,
    prefix: str = "unit",
    framework: Framework | None = None,
    states: tuple[str, ...] = STATES,
    **agency_fields,
) -> list[Agency]:
    """count agencies, each with an assessment (the template's scores, shifted) in the next state."""
    units = []
    for n in range(count):
        agency = Agency.objects.create(
            code=f"{prefix}-{n:03d}", name=f"โรงเรียนสมมุติ {prefix} {n:03d}", **agency_fields
        )
        assessment = Assessment.objects.create(
            agency=agency, framework=framework or template.framework
        )
        _scores(assessment, template, Decimal(n % 7) * 2 - 6)
        state = states[n % len(states)]
        _plan(assessment, state)
        if state == "published":
            _published(assessment)
        if n % 3 == 0:
            _broken_link(assessment)
        units.append(agency)
    return units


SCHOOL_KIND = "โรงเรียน"


@dataclass
class Tree:
    """OBEC → an ESA with its schools, and a sibling ESA with two schools of its own."""

    obec: Agency
    esa: Agency
    sibling: Agency
    schools: list[Agency]
    sibling_schools: list[Agency]
    empty: Agency  # a school of the ESA without an assessment of the year

    @property
    def units(self) -> list[Agency]:
        return [*self.schools, self.empty]


def make_tree(template: Assessment, schools: int = 6) -> Tree:
    obec = Agency.objects.create(code="obec-test", name="สพฐ. (ทดสอบ)")
    esa = Agency.objects.create(code="esa-test", name="สพป. ทดสอบ เขต ๑", parent=obec)
    sibling = Agency.objects.create(code="esa-sibling", name="สพป. ทดสอบ เขต ๒", parent=obec)
    own = make_units(schools, template=template, prefix="school", parent=esa, kind=SCHOOL_KIND)
    others = make_units(2, template=template, prefix="sibschool", parent=sibling, kind=SCHOOL_KIND)
    empty = Agency.objects.create(
        code="school-new", name="โรงเรียนสมมุติ ตั้งใหม่", parent=esa, kind=SCHOOL_KIND
    )
    return Tree(obec, esa, sibling, own, others, empty)


def make_member(username: str, agency: Agency, role: str, password: str = "x-pass-1"):
    """A user with one role in one agency, granted as the admin grants it."""
    user = get_user_model().objects.create_user(username, f"{username}@example.invalid", password)
    membership_grant(user=user, agency=agency, role=role)
    return user
