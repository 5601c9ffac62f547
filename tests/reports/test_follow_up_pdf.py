"""The follow-up report: a Thai PDF/A in Sarabun only (no fallback font, so no tofu) that reads
back its facts; staff download it and attach it to the plan year's O43; others cannot."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from actionplans import services as plan_services
from actionplans.models import PlanItem
from indicators.models import ItemRole
from indicators.selectors import framework_for, no_item_with_role_message
from oit.models import EvidenceFile
from reports import follow_up
from tests.reports.pdftext import compact, pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")
TODAY = dt.date(2020, 4, 1)


@pytest.fixture
def progress(demo, seed_assessment):
    """Two quarters of progress on the demo plan's first rows (the plan is for ๒๕๖๓)."""
    staff = demo.users["demo-staff"]
    items = list(
        PlanItem.objects.filter(plan__assessment=seed_assessment).order_by(
            "indicator__number", "order", "id"
        )
    )
    for n, item in enumerate(items[:4]):
        plan_services.progress_report_add(
            item=item,
            user=staff,
            reported_on=dt.date(2019, 12, 20),
            status="in_progress",
            percent=25,
            note="จัดประชุมชี้แจงผู้เกี่ยวข้องแล้ว",
            evidence_url="https://www.example.invalid/follow-up/q1",
            budget_spent=Decimal("5000.00"),
        )
        if n < 2:
            plan_services.progress_report_add(
                item=item,
                user=staff,
                reported_on=dt.date(2020, 3, 25),
                status="done",
                percent=100,
                note="ดำเนินการตามแผนและรายงานผู้บริหารทราบ",
                budget_spent=Decimal("12500.50"),
            )
    return items


def test_the_follow_up_pdf_is_thai_pdfa_in_sarabun_and_reads_back(
    seed_assessment, progress, tmp_path
):
    pdf = follow_up.follow_up_pdf(seed_assessment, today=TODAY)
    path = tmp_path / "follow-up.pdf"
    path.write_bytes(pdf)
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta
    assert follow_up.TITLE in meta
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    # Only Sarabun, embedded and subset: a glyph missing from it would pull in a fallback font.
    assert rows and all("Sarabun" in row and " yes yes " in row for row in rows), fonts
    text = compact(pdf_text(pdf, tmp_path))
    assert "\ufffd" not in text
    for fact in (
        compact(follow_up.TITLE),
        "ปีงบประมาณพ.ศ.๒๕๖๓",
        "ดำเนินการแล้วเสร็จ๒รายการ",
        "กำลังดำเนินการ๒รายการ",
        # The latest report of each row: 12,500.50 × 2 (done) + 5,000 × 2 (in progress).
        "งบประมาณที่ใช้ไปแล้ว๓๕,๐๐๑บาท",
        "จัดประชุมชี้แจงผู้เกี่ยวข้องแล้ว",
    ):
        assert fact in text, fact
    first = progress[0].activities.order_by("order", "id").first()
    assert compact(first.text)[:40] in text


def test_staff_download_it_and_other_agencies_get_404(
    seed_assessment, progress, staff_client, approver_client, outsider_client, anonymous_client
):
    url = reverse("reports:follow_up_pdf", args=[seed_assessment.pk])
    response = staff_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert approver_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    assert anonymous_client.get(url).status_code == 302
    manage = staff_client.get(reverse("reports:report_manage", args=[seed_assessment.pk]))
    assert url in manage.content.decode()


def test_staff_attach_it_to_o43_of_the_plan_year_and_only_staff_may(
    seed_assessment, progress, staff_client, approver_client, outsider_client, media_root
):
    url = reverse("reports:follow_up_attach", args=[seed_assessment.pk])
    assert outsider_client.post(url).status_code == 404
    assert approver_client.post(url).status_code == 403
    assert staff_client.get(url).status_code == 405
    assert not EvidenceFile.objects.exists()
    response = staff_client.post(url)
    assert response.status_code == 302
    attached = EvidenceFile.objects.select_related("evidence__item", "evidence__assessment").get()
    assert attached.evidence.item.code == "O43"
    assert attached.evidence.item.role == ItemRole.FOLLOW_UP
    assert attached.evidence.assessment.fiscal_year == seed_assessment.plan_year == 2563
    assert attached.title.startswith(follow_up.TITLE)
    assert attached.file.read(5) == b"%PDF-"
    # The demo marks O43 public: the file is on the public ITA page and served to anyone.
    file_url = reverse("reports:media", args=[attached.file.name])
    page = staff_client.get(reverse("reports:ita", args=["pathumthani-2", 2563]))
    assert file_url in page.content.decode()


def test_without_a_plan_year_assessment_nothing_is_attached_and_the_reason_is_given(
    demo, other_agency, staff_client
):
    from assessments.models import Assessment

    other = Assessment.objects.get(agency=other_agency)
    with pytest.raises(follow_up.ValidationError) as caught:
        follow_up.follow_up_attach(user=demo.users["demo-other"], assessment=other, today=TODAY)
    assert caught.value.messages == [follow_up.ERROR_NO_YEAR.format(year="๒๕๖๓")]
    assert not EvidenceFile.objects.exists()


def test_a_plan_year_without_a_follow_up_item_is_named_and_nothing_is_attached(
    seed_assessment, progress, staff_client, media_root
):
    from indicators.models import OITItem

    OITItem.objects.filter(framework__fiscal_year=2563).update(role=ItemRole.NONE)
    manage = staff_client.get(reverse("reports:report_manage", args=[seed_assessment.pk]))
    assert "แนบเป็นหลักฐาน OIT ของปีงบประมาณ" in manage.content.decode()
    response = staff_client.post(
        reverse("reports:follow_up_attach", args=[seed_assessment.pk]), follow=True
    )
    message = no_item_with_role_message(framework_for("nacc", 2563), ItemRole.FOLLOW_UP)
    assert message in response.content.decode()
    assert "บทบาทของข้อ" in message  # says where an administrator sets it
    assert not EvidenceFile.objects.exists()


def test_the_item_is_the_years_own_o33_in_a_33_item_list(
    demo, seed_assessment, progress, media_root, monkeypatch
):
    # The 33-item lists (๒๕๖๗, ๒๕๖๘) ask for the follow-up in O33, not O43.
    from indicators.models import Framework, OITItem

    assert follow_up.follow_up_item(framework_for("nacc", 2567)).code == "O33"
    assert follow_up.follow_up_item(framework_for("nacc", 2568)).code == "O33"
    assert follow_up.follow_up_item(framework_for("nacc", 2563)).code == "O43"
    # One follow-up item in every NACC year; at most one in any framework (a year may hold
    # several issuers' frameworks, and OVEC's ๒๕๖๙ list has none).
    for framework in Framework.objects.select_related("issuer"):
        count = OITItem.objects.filter(framework=framework, role=ItemRole.FOLLOW_UP).count()
        assert count == 1 if framework.issuer.code == "nacc" else count <= 1, framework


def test_the_item_is_found_by_its_role_whatever_its_number(
    seed_assessment, progress, staff_client, media_root
):
    # An administrator moves the role: the file follows the role, not the number O43.
    from indicators.models import OITItem

    OITItem.objects.filter(framework__fiscal_year=2563, code="O43").update(role=ItemRole.NONE)
    OITItem.objects.filter(framework__fiscal_year=2563, code="O41").update(role=ItemRole.FOLLOW_UP)
    response = staff_client.post(reverse("reports:follow_up_attach", args=[seed_assessment.pk]))
    assert response.status_code == 302
    attached = EvidenceFile.objects.select_related("evidence__item").get()
    assert attached.evidence.item.code == "O41"


def test_attaching_the_same_report_twice_keeps_one_file_and_says_so(
    seed_assessment, progress, staff_client, media_root
):
    """Issue 24: a double click on "attach" added the same file twice."""
    url = reverse("reports:follow_up_attach", args=[seed_assessment.pk])
    staff_client.post(url)
    again = staff_client.post(url, follow=True)
    assert EvidenceFile.objects.count() == 1
    expected = follow_up.MESSAGE_ALREADY_ATTACHED.format(code="O43", year=2563)
    assert expected in again.content.decode()
