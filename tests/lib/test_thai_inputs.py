"""Thai digits and พ.ศ. years in every number, year and date box of the admin."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

from actionplans.forms import BudgetField
from ita_portal.lib.admin import AdminThaiDateWidget, be_display
from ita_portal.lib.forms import (
    ERROR_DATE_INVALID,
    ERROR_INTEGER_INVALID,
    ERROR_YEAR_MIN,
    ScoreField,
    ThaiDateField,
    ThaiIntegerField,
    ThaiNumberField,
    ThaiYearField,
)
from ita_portal.lib.thai import be_numeric_date, parse_date


@pytest.mark.parametrize(
    "typed",
    [
        "25/11/2569",
        "๒๕/๑๑/๒๕๖๙",
        "25-11-2569",
        "25/11/2026",
        "2026-11-25",
        "2569-11-25",
        "25 พฤศจิกายน 2569",
        "๒๕ พ.ย. ๒๕๖๙",
        "25 พ.ย. พ.ศ. 2569",
        " 25/11/2569 ",
    ],
)
def test_a_date_is_read_in_either_era_and_either_digits(typed):
    assert parse_date(typed) == dt.date(2026, 11, 25)


@pytest.mark.parametrize("typed", ["", "31/02/2569", "25/13/2569", "25 พฤศจิ 2569", "2569"])
def test_a_date_that_is_not_one_is_refused(typed):
    with pytest.raises(ValueError):
        parse_date(typed)


def test_a_date_box_shows_the_buddhist_era_year():
    assert be_numeric_date(dt.date(2026, 1, 5)) == "05/01/2569"
    assert AdminThaiDateWidget().format_value(dt.date(2026, 1, 5)) == "05/01/2569"


def test_number_year_and_date_fields_take_thai_digits():
    assert ThaiIntegerField().clean("๑๒") == 12
    assert ThaiYearField(min_value=2500).clean("๒๕๖๓") == 2563
    assert ThaiNumberField(max_digits=5, decimal_places=2).clean("๓๐.๕") == Decimal("30.5")
    assert ThaiDateField().clean("๕/๗/๒๕๖๓") == dt.date(2020, 7, 5)
    assert isinstance(ThaiYearField().widget, forms.TextInput)  # type="number" refuses ๐–๙


def test_bad_numbers_years_and_dates_are_explained_in_thai():
    with pytest.raises(forms.ValidationError) as error:
        ThaiIntegerField().clean("สิบ")
    assert error.value.messages == [ERROR_INTEGER_INVALID]
    with pytest.raises(forms.ValidationError) as error:
        ThaiYearField(min_value=2500).clean("2020")  # a ค.ศ. year
    assert error.value.messages == [ERROR_YEAR_MIN % {"limit_value": 2500}]
    with pytest.raises(forms.ValidationError) as error:
        ThaiDateField().clean("31/02/2569")
    assert error.value.messages == [ERROR_DATE_INVALID]


THAI_AWARE = (ThaiIntegerField, ThaiNumberField, ScoreField, BudgetField, ThaiDateField)
YEAR_NAMES = {"fiscal_year", "year", "start_year", "end_year"}


def admin_forms(request):
    admin.autodiscover()  # a RequestFactory request loads no URLs
    for model, model_admin in admin.site._registry.items():
        yield model.__name__, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            yield f"{model.__name__}/{type(inline).__name__}", formset.form
            # Formsets nested in an inline's rows (a plan row's activities).
            nested = getattr(formset, "activity_formset", None)
            if nested is not None:
                yield f"{model.__name__}/{type(inline).__name__}/nested", nested.form


@pytest.mark.django_db
def test_every_number_year_and_date_box_of_the_admin_is_thai_aware(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for name, form in admin_forms(request):
        for field_name, field in form.base_fields.items():
            if isinstance(field, forms.TypedChoiceField | forms.ModelChoiceField):
                continue
            if isinstance(field, forms.IntegerField | forms.DecimalField | forms.DateField):
                checked += 1
                assert isinstance(field, THAI_AWARE), f"{name}.{field_name}"
                assert not isinstance(field.widget, forms.NumberInput), f"{name}.{field_name}"
                if field_name in YEAR_NAMES:
                    assert isinstance(field, ThaiYearField), f"{name}.{field_name}"
                if isinstance(field, forms.DateField):
                    assert isinstance(field.widget, AdminThaiDateWidget), f"{name}.{field_name}"
    assert checked >= 40  # the count when written: a shrinking count means boxes went missing


def test_admin_dates_are_shown_with_the_buddhist_era_year():
    from committees.models import Meeting

    show = be_display(Meeting, "date")
    assert show(None, Meeting(date=dt.date(2020, 7, 14))) == "14 กรกฎาคม 2563"
    assert show.short_description == Meeting._meta.get_field("date").verbose_name
