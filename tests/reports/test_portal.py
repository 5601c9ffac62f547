"""The public portal: only live versions are visible, by any URL; staff preview drafts."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root", "fast_pdf")]


def report_urls(assessment):
    code, year = assessment.agency.code, assessment.fiscal_year
    return [
        reverse("reports:report", args=[code, year]),
        reverse("reports:report_pdf", args=[code, year]),
        reverse("reports:report_version", args=[code, year, 1]),
        reverse("reports:report_version_pdf", args=[code, year, 1]),
        reverse("reports:agency", args=[code]),
    ]


def publish(client, assessment):
    response = client.post(reverse("reports:report_publish", args=[assessment.pk]))
    assert response.status_code == 302


def test_a_draft_is_404_to_the_public_and_to_other_agencies(
    anonymous_client, outsider_client, seed_assessment
):
    for url in report_urls(seed_assessment):
        assert anonymous_client.get(url).status_code == 404, url
        assert outsider_client.get(url).status_code == 404, url


def test_staff_preview_the_draft_with_its_watermark(staff_client, seed_assessment):
    response = staff_client.get(reverse("reports:report_preview", args=[seed_assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="watermark" aria-hidden="true">ฉบับร่าง</div>' in html
    assert '<html lang="th">' in html
    # The seed's IIT points do not match its own indicators: the draft says so before publishing
    # (in the report's Thai digits, as every figure of it).
    assert "คะแนน IIT ที่ประกาศ ๒๗.๕๕ ไม่ตรงกับคะแนนที่คำนวณจากตัวชี้วัด ๒๗.๕๙" in html


def test_staff_download_the_draft_pdf(staff_client, seed_assessment):
    response = staff_client.get(reverse("reports:report_preview_pdf", args=[seed_assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("name", ["report_preview", "report_preview_pdf", "report_manage"])
def test_preview_is_404_to_other_agencies_and_login_for_anonymous(
    name, outsider_client, anonymous_client, seed_assessment
):
    url = reverse(f"reports:{name}", args=[seed_assessment.pk])
    assert outsider_client.get(url).status_code == 404
    response = anonymous_client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert outsider_client.post(url).status_code in (404, 405)


def test_a_published_report_is_public_without_watermark_and_accessible(
    approver_client,
    anonymous_client,
    approved_plan,
):
    publish(approver_client, approved_plan)
    for url in report_urls(approved_plan):
        assert anonymous_client.get(url).status_code == 200, url
    html = anonymous_client.get(report_urls(approved_plan)[0]).content.decode()
    assert 'class="watermark"' not in html
    assert '<html lang="th">' in html and '<th scope="col">' in html
    assert 'role="img"' in html and "<title>แผนภูมิ" in html  # charts carry a text alternative
    assert "<h2" in html and "<h3" in html
    v2 = reverse(
        "reports:report_version", args=[approved_plan.agency.code, approved_plan.fiscal_year, 2]
    )
    assert anonymous_client.get(v2).status_code == 404


def test_home_lists_published_reports_and_finds_agencies(
    approver_client,
    anonymous_client,
    approved_plan,
    other_agency,
):
    home = anonymous_client.get("/")
    assert home.status_code == 200 and approved_plan.agency.name not in home.content.decode()
    publish(approver_client, approved_plan)
    home = anonymous_client.get("/").content.decode()
    assert approved_plan.agency.name in home
    found = anonymous_client.get("/", {"q": "ปทุมธานี"}).context["agencies"].items
    assert [a.code for a in found] == [approved_plan.agency.code]
    # The other agency has no published report: the search does not reveal it.
    assert anonymous_client.get("/", {"q": "ตัวอย่าง"}).context["agencies"].items == []
    assert (
        anonymous_client.get(reverse("reports:agency", args=[other_agency.code])).status_code == 404
    )


def test_the_agency_page_shows_its_history_chart(approver_client, anonymous_client, approved_plan):
    publish(approver_client, approved_plan)
    page = anonymous_client.get(reverse("reports:agency", args=[approved_plan.agency.code]))
    html = page.content.decode()
    assert "<svg" in html and ">89.07</text>" in html and ">65.93</text>" in html
    assert [row.fiscal_year for row in page.context["history"]] == [2558, 2559, 2560, 2561, 2562]


@pytest.fixture
def meeting_photo(seed_assessment, demo):
    """A photo of the demo meeting of the seed agency's committee, added through the service."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from committees.models import Meeting
    from committees.services import meeting_photo_add

    meeting = Meeting.objects.filter(committee__assessment=seed_assessment).first()
    assert meeting is not None, "the demo has a meeting of the committee"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return meeting_photo_add(
        user=demo.users["demo-staff"],
        meeting=meeting,
        image=SimpleUploadedFile("x.png", buffer.getvalue(), content_type="image/png"),
        caption="ภาพการประชุม",
    )


def test_unpublished_media_are_404_to_the_public_and_other_agencies(
    meeting_photo,
    anonymous_client,
    outsider_client,
    staff_client,
    approver_client,
    approved_plan,
):
    url = reverse("reports:media", args=[meeting_photo.image.name])
    assert anonymous_client.get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    assert staff_client.get(url).status_code == 200
    publish(approver_client, approved_plan)
    assert anonymous_client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["../pyproject.toml", "..%2F..%2Fetc/passwd", "nothing/here.png"])
def test_media_paths_outside_known_files_are_404(path, staff_client, media_root):
    (media_root / "loose.txt").write_text("not owned by any record")
    assert staff_client.get(f"/media/{path}").status_code == 404
    assert staff_client.get("/media/loose.txt").status_code == 404


def test_meeting_photos_are_files_for_the_pdf_and_checked_urls_on_the_web(
    meeting_photo, seed_assessment
):
    from reports.report.builder import build_report

    pdf_photo = build_report(seed_assessment, mode="pdf").meetings[0].photos[0]
    web_photo = build_report(seed_assessment, mode="web").meetings[0].photos[0]
    assert pdf_photo.src == f"ita-media:{meeting_photo.image.name}"
    assert web_photo.src == reverse("reports:media", args=[meeting_photo.image.name])
    assert web_photo.alt == "ภาพการประชุม"


def test_one_build_gives_the_web_page_the_same_photos_as_a_web_build(
    meeting_photo, seed_assessment
):
    from reports.report.builder import build_report, report_in_mode

    pdf = build_report(seed_assessment, mode="pdf")
    assert report_in_mode(pdf, "web") == build_report(seed_assessment, mode="web")
    assert report_in_mode(report_in_mode(pdf, "web"), "pdf") == pdf


def test_a_pdf_build_reverses_no_url(meeting_photo, seed_assessment, monkeypatch):
    """render_report (PDF only) must not load the URL configuration to build the report."""
    from reports.report import data
    from reports.report.builder import build_report

    def no_urls(*args, **kwargs):
        raise AssertionError("a PDF build reversed a URL")

    monkeypatch.setattr(data, "reverse", no_urls)
    assert (
        build_report(seed_assessment, mode="pdf").meetings[0].photos[0].src.startswith("ita-media:")
    )
