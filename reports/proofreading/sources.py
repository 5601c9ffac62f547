"""Every text staff wrote for one assessment's report, with where it is, and its findings."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from django.db.models import Model, Prefetch

from actionplans.models import ActionPlan, PlanActivity, PlanItem
from assessments.models import Assessment, IndicatorScore
from committees.models import CommitteeOrder, Meeting
from ita_portal.lib.caching import cache_get, cache_set

from .spelling import Checker, Finding, TextSource, base_lexicon, proofread
from .vocabulary import portal_words


def _label(model: type[Model] | Model, field: str) -> str:
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def _fields(obj: Model, names: tuple[str, ...], where: str) -> Iterator[TextSource]:
    for name in names:
        text = getattr(obj, name) or ""
        if text.strip():
            yield TextSource(field=_label(obj, name), object=where, text=text)


def _assessment_texts(assessment: Assessment) -> Iterator[TextSource]:
    where = f"ผลการประเมิน {assessment.agency.display_short_name} ปีงบประมาณ {assessment.fiscal_year}"
    yield from _fields(assessment, ("foreword", "introduction"), where)
    for analysis in assessment.tool_analyses.select_related("tool").order_by("tool__order"):
        yield from _fields(analysis, ("interpretation",), f"เครื่องมือ {analysis.tool.code}")
    scores = IndicatorScore.objects.filter(assessment=assessment).select_related("indicator")
    for score in scores.order_by("indicator__number"):
        where = f"ตัวชี้วัดที่ {score.indicator.number} {score.indicator.name}"
        yield from _fields(score, ("narrative", "assessment_issues", "development_issues"), where)


def _plan_texts(assessment: Assessment) -> Iterator[TextSource]:
    plan = (
        ActionPlan.objects.filter(assessment=assessment)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related("indicator")
                .order_by("indicator__number", "order", "id")
                .prefetch_related(
                    Prefetch("activities", queryset=PlanActivity.objects.order_by("order", "id"))
                ),
            )
        )
        .first()
    )
    if plan is None:
        return
    yield from _fields(plan, ("title", "introduction"), "แผนปฏิบัติการ")
    positions: dict[int, int] = {}
    for item in plan.items.all():
        number = item.indicator.number
        positions[number] = positions.get(number, 0) + 1
        where = f"แผน ตัวชี้วัดที่ {number} รายการที่ {positions[number]}"
        yield from _fields(item, ("assessment_issues",), where)
        for index, activity in enumerate(item.activities.all(), start=1):
            yield from _fields(
                activity, ("text", "schedule_text", "target"), f"{where} กิจกรรมที่ {index}"
            )


def _committee_texts(assessment: Assessment) -> Iterator[TextSource]:
    orders = CommitteeOrder.objects.filter(assessment=assessment).prefetch_related("members")
    for order in orders.order_by("year", "number"):
        where = f"คำสั่งที่ {order.number}/{order.year}"
        yield from _fields(
            order, ("subject", "preamble", "duties", "closing", "signer_title"), where
        )
        for member in order.members.all():
            yield from _fields(member, ("position",), f"{where} กรรมการลำดับที่ {member.sequence}")
    for meeting in Meeting.objects.filter(committee__assessment=assessment).order_by("date"):
        yield from _fields(
            meeting, ("title", "place", "summary", "source"), f"การประชุม {meeting.date:%Y-%m-%d}"
        )


def staff_texts(assessment: Assessment) -> list[TextSource]:
    """The texts of the report that staff typed (foreword, narratives, issues, plan, order)."""
    return [
        *_assessment_texts(assessment),
        *_plan_texts(assessment),
        *_committee_texts(assessment),
    ]


def assessment_findings(assessment: Assessment) -> list[Finding]:
    """Probable misspellings in every text staff wrote for the assessment's report.

    Cached by the texts and the portal's words (checking takes seconds): an edit anywhere
    gives a new key, so a cached list is never stale.
    """
    sources = staff_texts(assessment)
    words = portal_words(assessment)
    digest = hashlib.sha256(
        json.dumps(
            [[s.field, s.object, s.text] for s in sources] + sorted(words), ensure_ascii=False
        ).encode()
    ).hexdigest()
    key = f"proofread:{assessment.pk}:{digest}"
    cached = cache_get(key)  # a cache that is down costs the seconds of checking, not the page
    if cached is not None:
        return [Finding(**row) for row in cached]
    findings = proofread(sources, Checker(base_lexicon(), words))
    cache_set(key, [f.as_dict() for f in findings], timeout=24 * 3600)
    return findings
