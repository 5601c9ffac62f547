"""Each source of a machine word on staff pages, fixed where it is written (issue 21).

The crawl (tests/test_no_machine_words.py) finds them on the pages; these name the rule each
fix keeps: a date with its พ.ศ. year, yes/no in Thai, an empty score in words, and one script of
digits on a staff page (the report preview keeping its own).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import models
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import IndicatorScore
from assessments.models.assessment import NO_SCORE
from indicators.models import Indicator
from ita_portal import admin_display
from ita_portal.staff_digits import StaffDigitsMiddleware, own_digits

PAGE = (
    '<title>สพป. เขต ๒ – 2563</title><p title="ปี 2563">เขต ๒ ปี 2563 คะแนน 89.07 ข้อ O42</p>'
    '<input aria-label="เลือก 2563" value="2563"><textarea>ปี 2563</textarea>'
    "<script>var year = 2563;</script>"
)


def test_an_indicator_without_its_score_says_so():
    score = IndicatorScore(indicator=Indicator(number=3, name="การใช้อำนาจ"), score=None)
    assert str(score) == f"3. การใช้อำนาจ: {NO_SCORE}"
    score.score = Decimal("87.50")
    assert str(score) == "3. การใช้อำนาจ: 87.50"


def test_the_admin_writes_a_date_with_its_buddhist_year():
    from django.contrib.admin import helpers
    from django.contrib.admin.templatetags import admin_list

    day = dt.date(2026, 12, 6)
    for module in (helpers, admin_list):
        assert module.display_for_field(day, models.DateField(), "-") == "๖ ธ.ค. ๒๕๖๙"
    assert admin_list.display_for_value(day, "-") == "๖ ธ.ค. ๒๕๖๙"
    assert admin_display.display_for_field(None, models.DateField(), "-") == "-"


@pytest.mark.parametrize(("value", "word"), [(True, "ใช่"), (False, "ไม่ใช่"), (None, "ไม่ทราบ")])
def test_the_admin_says_yes_and_no_in_thai(value, word):
    from django.contrib.admin.templatetags import admin_list

    assert f'alt="{word}"' in admin_list._boolean_icon(value)
    assert f'alt="{word}"' in admin_list.display_for_value(value, "-", boolean=True)
    if value is not None:
        assert admin_list.display_for_value(value, "-") == word


def _through_middleware(path: str, page: str = PAGE, view=None) -> str:
    def render(request):
        return HttpResponse(page)

    middleware = StaffDigitsMiddleware(view or render)
    return middleware(RequestFactory().get(path)).content.decode()


def test_a_staff_page_writes_every_number_a_person_reads_in_thai_digits():
    html = _through_middleware("/admin/assessments/assessment/")
    assert "<title>สพป. เขต ๒ – ๒๕๖๓</title>" in html
    assert '<p title="ปี ๒๕๖๓">เขต ๒ ปี ๒๕๖๓ คะแนน ๘๙.๐๗ ข้อ O42</p>' in html
    # A screen reader's label follows; what a form sends back and what was typed do not.
    assert '<input aria-label="เลือก ๒๕๖๓" value="2563"><textarea>ปี 2563</textarea>' in html
    assert "var year = 2563;" in html


@pytest.mark.parametrize("path", ["/ranking/2563/", "/reports/pathumthani-2/2563/", "/"])
def test_a_public_page_keeps_its_digits(path):
    assert _through_middleware(path) == PAGE


def test_a_page_with_digits_of_its_own_keeps_them():
    @own_digits
    def preview(request):
        return HttpResponse(PAGE)

    assert _through_middleware("/manage/reports/1/preview/", view=preview) == PAGE


@pytest.mark.django_db
def test_the_report_preview_keeps_the_reports_arabic_digits(staff_client, seed_assessment):
    seed_assessment.use_thai_digits = False
    seed_assessment.save(update_fields=["use_thai_digits"])
    url = reverse("reports:report_preview", args=[seed_assessment.pk])
    html = staff_client.get(url).content.decode()
    assert "27.55" in html and "๒๗.๕๕" not in html


@pytest.mark.django_db
def test_a_preview_and_a_reminder_are_named_with_thai_dates(seed_assessment, demo):
    from django.utils import timezone

    from reports.models import ReminderSent, ReportPreview

    when = timezone.make_aware(dt.datetime(2026, 12, 6, 9, 15))
    preview = ReportPreview(assessment=seed_assessment, previewed_at=when)
    assert str(preview).endswith(": ๖ ธ.ค. ๒๕๖๙ ๐๙:๑๕ น.")
    reminder = ReminderSent(user=demo.users["demo-staff"], sent_on=dt.date(2026, 12, 6))
    assert str(reminder).endswith(" ๖ ธ.ค. ๒๕๖๙")
