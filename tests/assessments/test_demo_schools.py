"""The seed ESA's synthetic schools in the demo: children of the ESA, each at another stage of the
year's work (made through the services), and demo-supervisor over them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from actionplans.models import ActionPlan
from actionplans.selectors import plan_of
from assessments import access, hierarchy, selectors
from assessments.demo import SEED_AGENCY_CODE
from assessments.models import Agency, Assessment, Role
from reports.publishing import live_version

pytestmark = pytest.mark.django_db

SCHOOLS = [f"pathumthani-2-school-{n}" for n in range(1, 5)]


def test_the_schools_are_synthetic_children_of_the_seed_esa(demo, seed_agency):
    schools = list(hierarchy.descendants(seed_agency).order_by("code"))
    assert [s.code for s in schools] == SCHOOLS
    for school in schools:
        assert "(ข้อมูลสมมุติ)" in school.name
        assert school.parent == seed_agency
        # No framework of the schools' own issuer in ๒๕๖๒: they follow the NACC's.
        assert selectors.issuer_for_agency(school, 2562).code == "nacc"
        assert Assessment.objects.filter(agency=school, framework__fiscal_year=2562).exists()


def _state(demo, code: str) -> tuple:
    assessment = demo.assessments[code]
    scores = [s.score for s in assessment.scores.all()]
    analysed = any(a.interpretation.strip() for a in assessment.tool_analyses.all())
    plan = plan_of(assessment)
    return (
        len(scores) == 10 and all(s is not None for s in scores),
        any(s is not None for s in scores),
        analysed,
        plan.status if plan else None,
    )


def test_each_school_is_at_another_stage(demo):
    assert _state(demo, SCHOOLS[0]) == (False, False, False, None)
    assert _state(demo, SCHOOLS[1]) == (True, True, False, None)
    assert _state(demo, SCHOOLS[2]) == (True, True, True, ActionPlan.Status.SUBMITTED)
    assert _state(demo, SCHOOLS[3]) == (True, True, True, ActionPlan.Status.APPROVED)


def test_the_last_school_has_its_report_published(demo_published):
    assessment = Assessment.objects.get(pk=demo_published.assessments[SCHOOLS[3]].pk)
    assert live_version(assessment.pk) is not None
    assert assessment.status == Assessment.Status.PUBLISHED
    for code in SCHOOLS[:3]:
        assert live_version(demo_published.assessments[code].pk) is None


def test_demo_supervisor_follows_the_schools_only(demo, seed_agency, other_agency):
    supervisor = demo.users["demo-supervisor"]
    assert {a.code for a in access.supervised_roots(supervisor)} == {SEED_AGENCY_CODE}
    assert sorted(a.code for a in access.supervised_units(supervisor, seed_agency)) == SCHOOLS
    assert not access.can_view(supervisor, seed_agency.pk)
    assert not access.can_supervise(supervisor, other_agency)


def test_the_schools_have_their_own_staff_and_approver(demo):
    staff, approver = demo.users["demo-school-staff"], demo.users["demo-school-approver"]
    for code in SCHOOLS:
        school = Agency.objects.get(code=code)
        assert school.memberships.get(user=staff).role == Role.STAFF
        assert school.memberships.get(user=approver).role == Role.APPROVER
    assert not access.supervised_roots(staff).exists()


def test_load_demo_prints_the_supervisor_and_the_school_users(load_demo_command, settings):
    out = io.StringIO()
    call_command("load_demo", password="demo-pass-x", reset=True, stdout=out)
    text = out.getvalue()
    assert "ผู้ใช้: demo-supervisor" in text
    assert "ผู้กำกับติดตาม (ดูหน่วยงานในสังกัด) ใน สพป.ปทุมธานี เขต ๒" in text
    assert "ผู้ใช้: demo-school-staff" in text and "ผู้ใช้: demo-school-approver" in text
    # Twice is the same: still four schools, one plan each where due, one publication.
    before = _snapshot()
    call_command("load_demo", password="demo-pass-x", reset=True, stdout=io.StringIO())
    assert _snapshot() == before


def _snapshot() -> list:
    from reports.models import ReportPublication

    return [
        list(Agency.objects.order_by("code").values_list("code", "parent__code", "tree_path")),
        list(ActionPlan.objects.order_by("pk").values_list("assessment__agency__code", "status")),
        ReportPublication.objects.count(),
    ]
