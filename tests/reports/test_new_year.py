"""A new year from the last: next year's assessment, committee and draft plan, never overwriting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actionplans.models import ActionPlan, PlanActivity, PlanItem, PlanTransition, ProgressReport
from actionplans.services import ERROR_NO_NEW_WEAKNESS, actionplan_weakness_rows_propose
from assessments.models import Assessment, IndicatorScore, Membership, Role
from assessments.selectors import framework_for_agency
from assessments.services import assessment_create
from committees.models import CommitteeOrder
from indicators.models import OITItem
from indicators.selectors import default_issuer, framework_for
from oit.carry_over import LINE_UNMAPPED
from oit.models import Evidence, EvidenceLink
from reports.new_year import ERROR_NO_NEXT_FRAMEWORK, ERROR_NOTHING_MISSING, new_year_create
from reports.views.staff import MESSAGE_EVIDENCE_NOT_CARRIED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_next_year_yet(seed_assessment):
    """The demo also holds the seed agency's ๒๕๖๓ year (its OIT evidence): these tests start
    from a year whose next one does not exist yet."""
    Assessment.objects.filter(
        agency=seed_assessment.agency, framework__fiscal_year=seed_assessment.fiscal_year + 1
    ).delete()


@pytest.fixture
def staff(demo):
    return demo.users["demo-staff"]


@pytest.fixture
def followed_plan(seed_assessment, staff):
    """The seed plan approved, with progress reported on its first row."""
    plan = ActionPlan.objects.get(assessment=seed_assessment)
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.APPROVED)
    item = plan.items.order_by("id").first()
    ProgressReport.objects.create(
        item=item, reported_on=dt.date(2563, 1, 15), status="done", percent=100
    )
    return plan


def _next(seed_assessment) -> Assessment | None:
    return Assessment.objects.filter(
        agency=seed_assessment.agency, framework__fiscal_year=seed_assessment.fiscal_year + 1
    ).first()


def _rows(plan: ActionPlan) -> list[tuple]:
    return [
        (i.indicator.number, i.assessment_issues, [a.text for a in i.activities.all()])
        for i in plan.items.select_related("indicator").prefetch_related("activities")
    ]


def test_the_next_year_is_made_with_committee_and_plan_carried_over_and_reset(
    seed_assessment, followed_plan, staff
):
    made = new_year_create(assessment=seed_assessment, user=staff)

    new = made.assessment
    assert made.assessment_created and new == _next(seed_assessment)
    assert new.fiscal_year == 2563 and new.status == Assessment.Status.DRAFT
    assert not IndicatorScore.objects.filter(assessment=new, score__isnull=False).exists()
    # Committee: the same members in order, the next year's unsigned, unnumbered draft.
    old_order = CommitteeOrder.objects.get(assessment=seed_assessment)
    order = CommitteeOrder.objects.get(assessment=new)
    assert (order.number, order.year) == (0, old_order.year + 1)
    assert order.signed_date is None and order.effective_date is None and not order.signed_scan
    assert [(m.name, m.role_id) for m in order.members.all()] == [
        (m.name, m.role_id) for m in old_order.members.all()
    ]
    # Plan: the rows and activities copied onto the new framework, the workflow started afresh.
    plan = ActionPlan.objects.get(assessment=new)
    assert plan.status == ActionPlan.Status.DRAFT and plan.version == 1
    assert _rows(plan) == _rows(followed_plan)
    assert all(i.indicator.framework_id == new.framework_id for i in plan.items.all())
    assert not ProgressReport.objects.filter(item__plan=plan).exists()
    assert not PlanTransition.objects.filter(plan=plan).exists()
    assert plan.approved_by is None and plan.submitted_at is None
    # The title names the new years: assessed 2563, plan 2564 (the demo writes Thai digits).
    assert followed_plan.title.replace("๒๕๖๓", "๒๕๖๔").replace("๒๕๖๒", "๒๕๖๓") == plan.title
    assert "๒๕๖๔" in plan.title and "๒๕๖๒" not in plan.title
    # Units kept; month ranges one year later, inside the new plan's fiscal year.
    old_units = sorted(
        PlanActivity.objects.filter(item__plan=followed_plan).values_list(
            "lead_unit__name", flat=True
        ),
        key=str,
    )
    new_units = sorted(
        PlanActivity.objects.filter(item__plan=plan).values_list("lead_unit__name", flat=True),
        key=str,
    )
    assert new_units == old_units and any(new_units)
    ranged = PlanActivity.objects.filter(item__plan=plan, start_year__isnull=False)
    assert ranged.exists()
    for activity in ranged:
        assert 2563 <= activity.start_year <= activity.end_year <= 2564
    # This year's plan and its follow-up are untouched.
    followed_plan.refresh_from_db()
    assert followed_plan.status == ActionPlan.Status.APPROVED
    assert ProgressReport.objects.filter(item__plan=followed_plan).count() == 1
    assert made.plan is not None and made.plan.rows_copied == followed_plan.items.count()


def test_a_second_call_refuses_and_loses_nothing(seed_assessment, staff):
    made = new_year_create(assessment=seed_assessment, user=staff)
    plan = ActionPlan.objects.get(assessment=made.assessment)
    PlanItem.objects.filter(plan=plan).first().activities.update(text="แก้ไขแล้ว")
    counts = (Assessment.objects.count(), CommitteeOrder.objects.count(), PlanItem.objects.count())

    with pytest.raises(ValidationError) as refused:
        new_year_create(assessment=seed_assessment, user=staff)

    assert refused.value.messages == [ERROR_NOTHING_MISSING.format(year=2563)]
    assert counts == (
        Assessment.objects.count(),
        CommitteeOrder.objects.count(),
        PlanItem.objects.count(),
    )
    assert PlanActivity.objects.filter(item__plan=plan, text="แก้ไขแล้ว").exists()


def test_an_existing_next_year_only_gets_what_it_lacks(seed_assessment, staff):
    existing = assessment_create(
        agency=seed_assessment.agency,
        framework=framework_for_agency(seed_assessment.agency, 2563),
        official_total=90,
    )
    made = new_year_create(assessment=seed_assessment, user=staff)
    assert made.assessment == existing and not made.assessment_created
    existing.refresh_from_db()
    assert existing.official_total == 90
    assert made.committee is not None and made.plan is not None


def test_weaknesses_of_new_scores_are_proposed_as_rows(seed_assessment, staff):
    """Scores already entered for the new year: weak indicators not carried over get a row."""
    existing = assessment_create(
        agency=seed_assessment.agency, framework=framework_for_agency(seed_assessment.agency, 2563)
    )
    IndicatorScore.objects.filter(assessment=existing).update(score=100)
    carried = set(
        PlanItem.objects.filter(plan__assessment=seed_assessment).values_list(
            "indicator__number", flat=True
        )
    )
    weak = next(n for n in range(1, 11) if n not in carried)
    IndicatorScore.objects.filter(assessment=existing, indicator__number=weak).update(score=50)

    made = new_year_create(assessment=seed_assessment, user=staff)

    assert made.plan is not None and made.plan.weakness_rows == 1
    numbers = set(made.plan.plan.items.values_list("indicator__number", flat=True))
    assert numbers == carried | {weak}


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_a_missing_next_year_framework_is_a_thai_error(seed_assessment, staff):
    last = assessment_create(
        agency=seed_assessment.agency, framework=framework_for_agency(seed_assessment.agency, 2568)
    )
    with pytest.raises(ValidationError) as refused:
        new_year_create(assessment=last, user=staff)
    assert refused.value.messages == [
        ERROR_NO_NEXT_FRAMEWORK.format(issuer=default_issuer().name, year=2569)
    ]
    assert not Assessment.objects.filter(framework__fiscal_year=2569).exists()


def test_a_viewer_may_not_make_a_new_year(seed_assessment, staff):
    Membership.objects.filter(user=staff, agency=seed_assessment.agency).update(role=Role.VIEWER)
    viewer = type(staff).objects.get(pk=staff.pk)  # roles are cached on the user object
    with pytest.raises(PermissionDenied):
        new_year_create(assessment=seed_assessment, user=viewer)
    assert _next(seed_assessment) is None


# ---------------------------------------------------------------------------------------------
# From the outside


def _url(assessment) -> str:
    return reverse("reports:report_new_year", kwargs={"pk": assessment.pk})


def test_staff_press_the_button_and_get_a_link_to_the_new_year(staff_client, seed_assessment):
    page = staff_client.get(reverse("reports:report_manage", kwargs={"pk": seed_assessment.pk}))
    assert _url(seed_assessment) in page.content.decode()

    response = staff_client.post(_url(seed_assessment), follow=True)

    new = _next(seed_assessment)
    assert new is not None
    assert response.redirect_chain[-1][0].endswith(
        reverse("reports:report_manage", kwargs={"pk": seed_assessment.pk})
    )
    html = response.content.decode()
    assert f'href="{reverse("reports:report_manage", kwargs={"pk": new.pk})}"' in html
    assert "สร้างปีงบประมาณ พ.ศ. 2563 จากปีนี้แล้ว" in html


def test_a_second_press_shows_the_thai_refusal(staff_client, seed_assessment):
    staff_client.post(_url(seed_assessment))
    response = staff_client.post(_url(seed_assessment), follow=True)
    assert ERROR_NOTHING_MISSING.format(year=2563) in response.content.decode()
    assert Assessment.objects.filter(agency=seed_assessment.agency).count() == 2


def test_a_get_is_not_allowed(staff_client, seed_assessment):
    assert staff_client.get(_url(seed_assessment)).status_code == 405


def test_another_agencys_staff_get_404(outsider_client, seed_assessment):
    assert outsider_client.post(_url(seed_assessment)).status_code == 404
    assert _next(seed_assessment) is None


def test_a_viewer_gets_403_and_no_button(staff_client, demo, seed_assessment):
    Membership.objects.filter(user=demo.users["demo-staff"], agency=seed_assessment.agency).update(
        role=Role.VIEWER
    )
    page = staff_client.get(reverse("reports:report_manage", kwargs={"pk": seed_assessment.pk}))
    assert page.status_code == 200 and _url(seed_assessment) not in page.content.decode()
    assert staff_client.post(_url(seed_assessment)).status_code == 403
    assert _next(seed_assessment) is None


def test_anonymous_is_sent_to_log_in(anonymous_client, seed_assessment):
    response = anonymous_client.post(_url(seed_assessment))
    assert response.status_code == 302 and "login" in response["Location"]
    assert _next(seed_assessment) is None


# ---------------------------------------------------------------------------------------------
# Weak indicators of the new year's scores, once entered, proposed on its plan


@pytest.fixture
def new_year_with_scores(seed_assessment, staff):
    """The next year made, then its scores entered: all 100 but one indicator the plan lacks."""
    made = new_year_create(assessment=seed_assessment, user=staff)
    plan = ActionPlan.objects.get(assessment=made.assessment)
    present = set(plan.items.values_list("indicator__number", flat=True))
    weak = next(n for n in range(1, 11) if n not in present)
    IndicatorScore.objects.filter(assessment=made.assessment).update(score=100)
    IndicatorScore.objects.filter(assessment=made.assessment, indicator__number=weak).update(
        score=50
    )
    return plan, present, weak


def test_weak_rows_are_added_once_and_kept_rows_stay(new_year_with_scores, staff):
    plan, present, weak = new_year_with_scores
    before = _rows(plan)

    assert actionplan_weakness_rows_propose(plan=plan, user=staff) == 1

    assert set(plan.items.values_list("indicator__number", flat=True)) == present | {weak}
    assert [r for r in _rows(plan) if r[0] != weak] == before
    with pytest.raises(ValidationError) as refused:
        actionplan_weakness_rows_propose(plan=plan, user=staff)
    assert refused.value.messages == [ERROR_NO_NEW_WEAKNESS]


def test_weak_rows_need_the_scores(seed_assessment, staff):
    made = new_year_create(assessment=seed_assessment, user=staff)
    plan = ActionPlan.objects.get(assessment=made.assessment)
    with pytest.raises(ValidationError):
        actionplan_weakness_rows_propose(plan=plan, user=staff)


def _weak_url(plan) -> str:
    return reverse("actionplans:weaknesses", kwargs={"pk": plan.pk})


def test_staff_add_weak_rows_from_the_plan_page(staff_client, new_year_with_scores):
    plan, _present, weak = new_year_with_scores
    page = staff_client.get(reverse("admin:actionplans_actionplan_change", args=[plan.pk]))
    assert _weak_url(plan) in page.content.decode()
    response = staff_client.post(_weak_url(plan))
    assert response.status_code == 302
    assert plan.items.filter(indicator__number=weak).exists()


def test_weak_rows_from_outside(
    outsider_client, anonymous_client, staff_client, demo, new_year_with_scores
):
    plan, _present, weak = new_year_with_scores
    assert staff_client.get(_weak_url(plan)).status_code == 405
    assert outsider_client.post(_weak_url(plan)).status_code == 404
    response = anonymous_client.post(_weak_url(plan))
    assert response.status_code == 302 and "login" in response["Location"]
    Membership.objects.filter(user=demo.users["demo-staff"]).update(role=Role.VIEWER)
    assert staff_client.post(_weak_url(plan)).status_code == 403
    assert not plan.items.filter(indicator__number=weak).exists()


def test_the_new_year_uses_the_framework_of_the_issuer_the_agency_follows_then(
    seed_assessment, staff
):
    from assessments.models import AgencyIssuer
    from indicators.models import Issuer
    from indicators.services import framework_copy

    ovec = Issuer.objects.get(code="ovec")
    ovec_2564 = framework_copy(source=framework_for("nacc", 2564), fiscal_year=2564, issuer=ovec)
    AgencyIssuer.objects.create(agency=seed_assessment.agency, issuer=ovec, from_fiscal_year=2564)
    this_year = new_year_create(assessment=seed_assessment, user=staff).assessment
    assert this_year.framework == framework_for("nacc", 2563)  # still the NACC's in 2563

    made = new_year_create(assessment=this_year, user=staff)

    assert made.assessment_created and made.assessment.framework == ovec_2564
    assert made.assessment.scores.count() == ovec_2564.indicators.count()


# ---------------------------------------------------------------------------------------------
# OIT evidence carried across the crosswalk (oit.carry_over; the rules: tests/oit)

MEASURES_URL = "https://www.example.go.th/ita/measures-2562"


@pytest.fixture
def evidence_2562(seed_assessment):
    """The seed year's measures item (O42) with a link and who does it; O2 with a link."""
    for code, url in (("O42", MEASURES_URL), ("O2", "https://www.example.go.th/executives")):
        item = OITItem.objects.get(framework=seed_assessment.framework, code=code)
        evidence, _ = Evidence.objects.update_or_create(
            assessment=seed_assessment,
            item=item,
            defaults={"responsible_person": "นายสมชาย ทำดี", "state": Evidence.State.READY},
        )
        EvidenceLink.objects.get_or_create(evidence=evidence, url=url)
    return seed_assessment


def _o2_of(year: int) -> OITItem:
    return OITItem.objects.get(
        framework__issuer__code="nacc", framework__fiscal_year=year, code="O2"
    )


def test_the_new_year_carries_oit_evidence_and_names_what_did_not_map(evidence_2562, staff):
    OITItem.objects.filter(pk=_o2_of(2563).pk).update(retired=True)  # O2 has nowhere to go

    made = new_year_create(assessment=evidence_2562, user=staff)

    o42 = Evidence.objects.get(assessment=made.assessment, item__code="O42")
    assert MEASURES_URL in [link.url for link in o42.links.all()]
    assert o42.responsible_person == "นายสมชาย ทำดี" and o42.state == Evidence.State.NOT_STARTED
    assert "O42" in [c.target.code for c in made.evidence.copied]
    assert [i.code for i in made.evidence.unmapped] == ["O2"]
    assert not Evidence.objects.filter(assessment=made.assessment, item__code="O2").exists()


def test_an_existing_next_year_without_evidence_gets_it(evidence_2562, staff):
    made = new_year_create(assessment=evidence_2562, user=staff)
    Evidence.objects.filter(assessment=made.assessment).delete()

    again = new_year_create(assessment=evidence_2562, user=staff)

    assert not again.assessment_created and again.committee is None and again.plan is None
    assert Evidence.objects.filter(assessment=made.assessment, item__code="O42").exists()


def test_the_page_lists_the_items_that_did_not_carry(staff_client, evidence_2562):
    OITItem.objects.filter(pk=_o2_of(2563).pk).update(retired=True)

    response = staff_client.post(_url(evidence_2562), follow=True)

    html = response.content.decode()
    assert "หลักฐาน OIT" in html
    assert MESSAGE_EVIDENCE_NOT_CARRIED.format(count=1) in html
    line = LINE_UNMAPPED.format(
        code="O2", name=_o2_of(2562).name, source_year="๒๕๖๒", target_year="๒๕๖๓"
    )
    assert f"<br>{line}" in html
