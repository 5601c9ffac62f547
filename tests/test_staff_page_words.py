"""Each source of a machine word on staff pages, fixed where it is written (issue 21).

The crawl (tests/test_no_machine_words.py) finds them on the pages; these name the rule each
fix keeps: a date with its พ.ศ. year, yes/no in Thai, an empty score in words.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import models

from assessments.models import IndicatorScore
from assessments.models.assessment import NO_SCORE
from indicators.models import Indicator
from ita_portal import admin_display


def test_an_indicator_without_its_score_says_so():
    score = IndicatorScore(indicator=Indicator(number=3, name="การใช้อำนาจ"), score=None)
    assert str(score) == f"3. การใช้อำนาจ: {NO_SCORE}"
    score.score = Decimal("87.50")
    assert str(score) == "3. การใช้อำนาจ: 87.50"


def test_the_admin_writes_a_date_with_its_buddhist_year():
    from django.contrib import admin
    from django.contrib.admin import helpers
    from django.contrib.admin.templatetags import admin_list

    admin.autodiscover()  # the portal's rules are installed with the admin (ita_portal/admin.py)
    day = dt.date(2026, 12, 6)
    for module in (helpers, admin_list):
        assert module.display_for_field(day, models.DateField(), "-") == "๖ ธ.ค. ๒๕๖๙"
    assert admin_list.display_for_value(day, "-") == "๖ ธ.ค. ๒๕๖๙"
    assert admin_display.display_for_field(None, models.DateField(), "-") == "-"


@pytest.mark.parametrize(("value", "word"), [(True, "ใช่"), (False, "ไม่ใช่"), (None, "ไม่ทราบ")])
def test_the_admin_says_yes_and_no_in_thai(value, word):
    from django.contrib import admin
    from django.contrib.admin.templatetags import admin_list

    admin.autodiscover()
    assert f'alt="{word}"' in admin_list._boolean_icon(value)
    assert f'alt="{word}"' in admin_list.display_for_value(value, "-", boolean=True)
    if value is not None:
        assert admin_list.display_for_value(value, "-") == word


@pytest.mark.django_db
def test_a_preview_and_a_reminder_are_named_with_thai_dates(seed_assessment, demo):
    from django.utils import timezone

    from reports.models import ReminderSent, ReportPreview

    when = timezone.make_aware(dt.datetime(2026, 12, 6, 9, 15))
    preview = ReportPreview(assessment=seed_assessment, previewed_at=when)
    assert str(preview).endswith(": ๖ ธ.ค. ๒๕๖๙ ๐๙:๑๕ น.")
    reminder = ReminderSent(user=demo.users["demo-staff"], sent_on=dt.date(2026, 12, 6))
    assert str(reminder).endswith(" ๖ ธ.ค. ๒๕๖๙")
