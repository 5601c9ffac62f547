"""Who may see and change assessments and frameworks in the admin, judged by HTTP answers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Assessment, IndicatorScore
from indicators.models import Framework
from ita_portal.lib.scores import ERROR_SCORE_NOT_NUMBER, ERROR_SCORE_PLACES, ERROR_SCORE_RANGE

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_anonymous_visitor_is_sent_to_login(anonymous_client, seed_assessment):
    response = anonymous_client.get(change_url(seed_assessment))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_sees_own_assessment_with_its_ten_indicators(staff_client, seed_assessment):
    response = staff_client.get(change_url(seed_assessment))
    assert response.status_code == 200
    body = response.content.decode()
    assert "การป้องกันการทุจริต" in body
    assert "ผลการคำนวณ" in body and "89.07" in body


def test_change_page_shows_grades_strengths_weaknesses_and_the_iit_warning(
    staff_client, seed_assessment
):
    body = staff_client.get(change_url(seed_assessment)).content.decode()
    assert "จุดแข็ง: ตัวชี้วัดที่ 1, 3, 4, 5, 6, 9" in body
    assert "จุดที่ต้องพัฒนา: ตัวชี้วัดที่ 2, 7, 8, 10" in body
    assert "27.55" in body and "27.59" in body


def test_outsider_list_does_not_contain_the_seed_assessment(outsider_client, seed_agency):
    response = outsider_client.get(reverse("admin:assessments_assessment_changelist"))
    assert response.status_code == 200
    assert seed_agency.name not in response.content.decode()


def test_outsider_cannot_view_the_seed_assessment(outsider_client, seed_assessment):
    response = outsider_client.get(change_url(seed_assessment))
    # The admin answers as for a missing object: a redirect to its index with "not found".
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_outsider_cannot_change_the_seed_assessment(outsider_client, seed_assessment):
    response = outsider_client.post(change_url(seed_assessment), {"official_total": "10"})
    assert response.status_code == 302
    seed_assessment.refresh_from_db()
    assert seed_assessment.official_total == Decimal("89.07")


def test_outsider_cannot_see_seed_agency(outsider_client, seed_agency):
    response = outsider_client.get(change_url(seed_agency))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def _scores_post(assessment, overrides: dict[int, str]) -> dict[str, str]:
    """The change form as a browser posts it, with some scores replaced."""
    scores = list(assessment.scores.select_related("indicator").order_by("indicator__number"))
    data = {
        # The version the form was made from (optimistic locking): the one saved now.
        "edit_version": str(Assessment.objects.get(pk=assessment.pk).lock_version),
        "official_total": str(assessment.official_total or ""),
        "official_rank": str(assessment.official_rank or ""),
        "cohort_size": str(assessment.cohort_size or ""),
        "cohort_average": str(assessment.cohort_average or ""),
        "foreword": assessment.foreword,
        "introduction": assessment.introduction,
        "use_thai_digits": "on",
        "strength_threshold": "",
        "discrepancy_display": assessment.discrepancy_display,
        "scores-TOTAL_FORMS": str(len(scores)),
        "scores-INITIAL_FORMS": str(len(scores)),
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        "official_tool_points-TOTAL_FORMS": "0",
        "official_tool_points-INITIAL_FORMS": "0",
        "official_tool_points-MIN_NUM_FORMS": "0",
        "official_tool_points-MAX_NUM_FORMS": "1000",
    }
    analyses = list(assessment.tool_analyses.order_by("tool__order"))
    data.update(
        {
            "tool_analyses-TOTAL_FORMS": str(len(analyses)),
            "tool_analyses-INITIAL_FORMS": str(len(analyses)),
            "tool_analyses-MIN_NUM_FORMS": "0",
            "tool_analyses-MAX_NUM_FORMS": "1000",
        }
    )
    for i, analysis in enumerate(analyses):
        data[f"tool_analyses-{i}-id"] = str(analysis.pk)
        data[f"tool_analyses-{i}-assessment"] = str(assessment.pk)
        data[f"tool_analyses-{i}-interpretation"] = analysis.interpretation
    for i, row in enumerate(scores):
        prefix = f"scores-{i}-"
        data[prefix + "id"] = str(row.pk)
        data[prefix + "assessment"] = str(assessment.pk)
        data[prefix + "score"] = overrides.get(row.indicator.number, str(row.score))
        data[prefix + "narrative"] = row.narrative
        data[prefix + "assessment_issues"] = row.assessment_issues
        data[prefix + "development_issues"] = row.development_issues
    return data


def test_staff_saves_scores_typed_in_thai_digits(staff_client, seed_assessment):
    response = staff_client.post(
        change_url(seed_assessment), _scores_post(seed_assessment, {10: "๘๐.๕๐"})
    )
    assert response.status_code == 302
    score = IndicatorScore.objects.get(assessment=seed_assessment, indicator__number=10)
    assert score.score == Decimal("80.50")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", ERROR_SCORE_RANGE),
        ("-1", ERROR_SCORE_RANGE),
        ("89.071", ERROR_SCORE_PLACES),
        ("แปดสิบ", ERROR_SCORE_NOT_NUMBER),
        ("1e2", ERROR_SCORE_NOT_NUMBER),
    ],
)
def test_bad_score_gives_a_thai_error_and_changes_nothing(
    staff_client, seed_assessment, typed, message
):
    response = staff_client.post(
        change_url(seed_assessment), _scores_post(seed_assessment, {1: typed, 10: "50"})
    )
    assert response.status_code == 200
    assert message.format(value=typed) in response.content.decode()
    values = dict(
        IndicatorScore.objects.filter(assessment=seed_assessment).values_list(
            "indicator__number", "score"
        )
    )
    assert values[1] == Decimal("97.09")
    assert values[10] == Decimal("79.02")


def test_staff_may_look_at_frameworks_but_not_change_them(staff_client):
    framework = Framework.objects.get(fiscal_year=2562)
    assert staff_client.get(change_url(framework)).status_code == 200
    response = staff_client.post(change_url(framework), {"name": "แก้โดยเจ้าหน้าที่"})
    assert response.status_code == 403
    framework.refresh_from_db()
    assert framework.name != "แก้โดยเจ้าหน้าที่"


def test_staff_cannot_add_a_framework(staff_client):
    assert staff_client.get(reverse("admin:indicators_framework_add")).status_code == 403


def test_staff_creates_an_assessment_and_gets_ten_prefilled_indicator_rows(
    staff_client, seed_agency
):
    framework = Framework.objects.get(fiscal_year=2564)  # the demo has 2562 and 2563
    response = staff_client.post(
        reverse("admin:assessments_assessment_add"),
        {
            "agency": seed_agency.pk,
            "framework": framework.pk,
            "official_total": "",
            "foreword": "",
            "introduction": "",
            "use_thai_digits": "on",
            "discrepancy_display": "draft",
        },
    )
    assert response.status_code == 302
    created = Assessment.objects.get(agency=seed_agency, framework=framework)
    assert response["Location"] == change_url(created)
    rows = created.scores.select_related("indicator").order_by("indicator__number")
    assert [r.indicator.number for r in rows] == list(range(1, 11))
    assert rows[1].assessment_issues.startswith("การรับรู้เกี่ยวกับแผนการใช้จ่ายงบประมาณ")
    assert rows[0].narrative == rows[0].indicator.description


def test_staff_cannot_create_an_assessment_for_another_agency(staff_client, other_agency):
    framework = Framework.objects.get(fiscal_year=2563)
    response = staff_client.post(
        reverse("admin:assessments_assessment_add"),
        {"agency": other_agency.pk, "framework": framework.pk, "use_thai_digits": "on"},
    )
    assert response.status_code == 200  # form error: that agency is not a valid choice
    assert not Assessment.objects.filter(agency=other_agency, framework=framework).exists()


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_site_admin_copies_a_framework_to_a_new_year(site_admin_client, db):
    source = Framework.objects.get(fiscal_year=2568)
    response = site_admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {
            "action": "copy_to_new_year",
            "_selected_action": [source.pk],
            "fiscal_year": "2569",
            "name": "",
        },
    )
    assert response.status_code == 302
    copy = Framework.objects.get(fiscal_year=2569)
    assert copy.copied_from == source
    assert copy.indicators.count() == 10
    assert copy.bands.count() == source.bands.count()
    assert copy.levels.count() == source.levels.count()
    assert "2569" in copy.name


def test_copying_onto_an_existing_year_is_refused_in_thai(site_admin_client, db):
    source = Framework.objects.get(fiscal_year=2568)
    response = site_admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {"action": "copy_to_new_year", "_selected_action": [source.pk], "fiscal_year": "2567"},
    )
    assert response.status_code == 200
    assert "มีกรอบการประเมินของปีงบประมาณ พ.ศ. 2567 อยู่แล้ว" in response.content.decode()


def test_viewer_may_look_but_not_change(db, seed_assessment, seed_agency):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from assessments.models import Role
    from assessments.services import membership_grant

    viewer = get_user_model().objects.create_user("viewer-1", password="x-viewer-pass-1")
    membership_grant(user=viewer, agency=seed_agency, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    assert client.get(change_url(seed_assessment)).status_code == 200
    response = client.post(change_url(seed_assessment), _scores_post(seed_assessment, {10: "50"}))
    assert response.status_code == 403
    assert IndicatorScore.objects.get(
        assessment=seed_assessment, indicator__number=10
    ).score == Decimal("79.02")


def test_anonymous_visitor_cannot_list_assessments(anonymous_client):
    response = anonymous_client.get(reverse("admin:assessments_assessment_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
