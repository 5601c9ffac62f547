"""Issuers, frameworks with their issuer, item roles and agencies' issuer history in the admin:
site administrators manage them; staff and approvers do not; visitors are sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AgencyIssuer
from assessments.models.agency import ERROR_ISSUER_YEAR_TAKEN
from indicators.models import (
    ERROR_FRAMEWORK_YEAR_TAKEN,
    ERROR_SECOND_ANALYSIS_ITEM,
    EvidenceRule,
    Framework,
    Issuer,
    ItemRole,
)
from tests.indicators.test_oit_items_admin import item, item_post

pytestmark = pytest.mark.django_db

ISSUER_ADD = "admin:indicators_issuer_add"
HISTORY_ADD = "admin:assessments_agencyissuer_add"


def framework_post(issuer: Issuer, year: str, name: str) -> dict[str, str]:
    data = {
        "issuer": str(issuer.pk),
        "fiscal_year": year,
        "name": name,
        "strength_threshold": "90",
        "pass_mark": "85",
        "remind_days_before": "7",
    }
    for prefix in ("tools", "indicators", "bands", "levels"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_a_site_admin_adds_a_universitys_own_issuer(site_admin_client):
    assert site_admin_client.get(reverse("admin:indicators_issuer_changelist")).status_code == 200
    response = site_admin_client.post(
        reverse(ISSUER_ADD),
        {"code": "mahidol", "name": "มหาวิทยาลัยมหิดล (ประเมินภายใน)", "short_name": "มม."},
    )
    assert response.status_code == 302
    assert Issuer.objects.get(code="mahidol").short_name == "มม."


def test_a_site_admin_adds_a_framework_of_another_issuer_in_an_existing_year(site_admin_client):
    ovec = Issuer.objects.get(code="ovec")
    response = site_admin_client.post(
        reverse("admin:indicators_framework_add"), framework_post(ovec, "๒๕๖๘", "ITA สอศ. ๒๕๖๘")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Framework.objects.filter(fiscal_year=2568).count() == 2
    nacc = Issuer.objects.get(code="nacc")
    again = site_admin_client.post(
        reverse("admin:indicators_framework_add"), framework_post(nacc, "2568", "ซ้ำ")
    )
    assert again.status_code == 200
    assert ERROR_FRAMEWORK_YEAR_TAKEN in again.content.decode()


def test_a_site_admin_sets_an_items_role_criteria_and_evidence_rule(site_admin_client):
    o28 = item(2568, "O28")
    response = site_admin_client.post(
        reverse("admin:indicators_oititem_change", args=[o28.pk]),
        item_post(
            o28,
            role=ItemRole.RISK_ASSESSMENT,
            evidence_rule=EvidenceRule.THIS_FISCAL_YEAR,
            criteria="เป็นการดำเนินการในปีงบประมาณปัจจุบัน",
        ),
    )
    assert response.status_code == 302
    o28.refresh_from_db()
    assert (o28.role, o28.evidence_rule) == (
        ItemRole.RISK_ASSESSMENT,
        EvidenceRule.THIS_FISCAL_YEAR,
    )
    assert o28.criteria == "เป็นการดำเนินการในปีงบประมาณปัจจุบัน"


def test_a_second_analysis_item_is_refused_in_thai_in_the_admin(site_admin_client):
    o31 = item(2568, "O31")
    response = site_admin_client.post(
        reverse("admin:indicators_oititem_change", args=[o31.pk]),
        item_post(o31, role=ItemRole.ANALYSIS),
    )
    assert response.status_code == 200
    assert ERROR_SECOND_ANALYSIS_ITEM in response.content.decode()
    assert item(2568, "O31").role == ItemRole.NONE


def test_a_site_admin_records_an_agencys_change_of_issuer(site_admin_client, seed_agency):
    ovec = Issuer.objects.get(code="ovec")
    data = {"agency": str(seed_agency.pk), "issuer": str(ovec.pk), "from_fiscal_year": "๒๕๖๙"}
    response = site_admin_client.post(reverse(HISTORY_ADD), data)
    assert response.status_code == 302
    assert AgencyIssuer.objects.get(agency=seed_agency).from_fiscal_year == 2569
    again = site_admin_client.post(reverse(HISTORY_ADD), data)
    assert again.status_code == 200
    assert ERROR_ISSUER_YEAR_TAKEN in again.content.decode()


@pytest.mark.parametrize("who", ["staff_client", "approver_client"])
def test_staff_and_approvers_may_not_add_or_change_issuers_frameworks_or_history(
    who, request, seed_agency
):
    client = request.getfixturevalue(who)
    nacc = Issuer.objects.get(code="nacc")
    assert client.get(reverse(ISSUER_ADD)).status_code == 403
    change = reverse("admin:indicators_issuer_change", args=[nacc.pk])
    assert client.post(change, {"code": "nacc", "name": "แก้"}).status_code == 403
    assert Issuer.objects.get(code="nacc").name != "แก้"
    assert client.get(reverse("admin:indicators_framework_add")).status_code == 403
    o28 = item(2568, "O28")
    item_change = reverse("admin:indicators_oititem_change", args=[o28.pk])
    assert client.post(item_change, item_post(o28, role=ItemRole.HR_PLAN)).status_code == 403
    assert item(2568, "O28").role == ItemRole.NONE
    assert client.get(reverse(HISTORY_ADD)).status_code == 403
    assert client.get(reverse("admin:assessments_agencyissuer_changelist")).status_code == 403
    history = AgencyIssuer.objects.create(agency=seed_agency, issuer=nacc, from_fiscal_year=2562)
    history_change = reverse("admin:assessments_agencyissuer_change", args=[history.pk])
    assert client.get(history_change).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "admin:indicators_issuer_changelist",
        "admin:indicators_issuer_add",
        "admin:assessments_agencyissuer_changelist",
        "admin:assessments_agencyissuer_add",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(anonymous_client, url):
    response = anonymous_client.get(reverse(url))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_site_admin_copies_the_naccs_year_for_another_issuer_in_the_same_year(
    site_admin_client,
):
    source = Framework.objects.get(fiscal_year=2568)
    ovec = Issuer.objects.get(code="ovec")
    response = site_admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {
            "action": "copy_to_new_year",
            "_selected_action": [source.pk],
            "issuer": str(ovec.pk),
            "fiscal_year": "๒๕๖๘",
            "name": "ITA ของสถานศึกษาอาชีวศึกษา ๒๕๖๘",
        },
    )
    assert response.status_code == 302
    copy = Framework.objects.get(issuer=ovec, fiscal_year=2568)
    assert copy.copied_from == source
    assert copy.oit_items.get(role=ItemRole.ANALYSIS).code == "O32"
    again = site_admin_client.post(
        reverse("admin:indicators_framework_changelist"),
        {
            "action": "copy_to_new_year",
            "_selected_action": [source.pk],
            "issuer": str(ovec.pk),
            "fiscal_year": "2568",
        },
    )
    assert again.status_code == 200
    assert f"{ovec} มีกรอบการประเมินของปีงบประมาณ พ.ศ. 2568 อยู่แล้ว" in again.content.decode()
