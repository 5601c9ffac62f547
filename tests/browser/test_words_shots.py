import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import page_width
from .test_admin_thai import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shots(page, demo_schools, media_root):
    from assessments.models import Assessment
    from oit import services
    from oit.models import Evidence
    from tests.imaging import tiny_pdf

    evidence = Evidence.objects.order_by("pk").first()
    services.evidence_file_add(
        user=demo_schools.users["demo-staff"],
        evidence=evidence,
        upload=SimpleUploadedFile("a.pdf", tiny_pdf(), "application/pdf"),
        title="คำสั่ง",
    )
    school = Assessment.objects.filter(agency__code__contains="school").order_by("pk").first()
    shots = {
        "evidence": ("demo-staff", f"/admin/oit/evidence/{evidence.pk}/change/"),
        "assessments": ("demo-staff", "/admin/assessments/assessment/"),
        "school_delete": (
            "demo-school-staff",
            f"/admin/assessments/assessment/{school.pk}/delete/",
        ),
        "school_change": (
            "demo-school-staff",
            f"/admin/assessments/assessment/{school.pk}/change/",
        ),
    }
    who = None
    for name, (user, url) in shots.items():
        if user != who:
            page.context.clear_cookies()
            log_in(page, user)
            who = user
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(url)
            page.screenshot(path=f"/tmp/words_{name}_{width}.png", full_page=width == 1366)
            print(name, width, page_width(page), page.url)
