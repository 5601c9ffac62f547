"""Frameworks are data: migrate installs 2562–2570, the loader is idempotent, a year can be copied."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from indicators.loader import load_missing_frameworks, read_frameworks
from indicators.models import Framework
from indicators.selectors import framework_rules
from indicators.services import framework_copy

pytestmark = pytest.mark.django_db


def test_migrate_installs_the_naccs_frameworks_of_2562_to_2570_ovecs_of_2569_and_obecs_schools_of_2566():
    assert list(
        Framework.objects.order_by("fiscal_year", "issuer__code").values_list(
            "issuer__code", "fiscal_year"
        )
    ) == [("nacc", year) for year in range(2562, 2566)] + [
        ("nacc", 2566),
        ("obec-school", 2566),
        ("nacc", 2567),
        ("nacc", 2568),
        ("nacc", 2569),
        ("ovec", 2569),
        ("nacc", 2570),
    ]


def test_each_framework_has_three_tools_weighing_100_and_ten_indicators():
    for framework in Framework.objects.all():
        assert sum(t.weight for t in framework.tools.all()) == Decimal(100)
        assert framework.indicators.count() == 10


def test_result_levels_exist_from_2567_only():
    assert not Framework.objects.get(issuer__code="nacc", fiscal_year=2566).levels.exists()
    assert [lv.name for lv in Framework.objects.get(fiscal_year=2567).levels.all()] == [
        "ผ่านดีเยี่ยม",
        "ผ่านดี",
        "ผ่าน",
        "ต้องปรับปรุง",
        "ต้องปรับปรุงโดยด่วน",
    ]


def test_oit_indicators_have_their_sub_indicators():
    framework = Framework.objects.get(fiscal_year=2562)
    assert framework.indicators.get(number=9).sub_indicators.count() == 5
    assert framework.indicators.get(number=10).sub_indicators.count() == 2


def test_loader_leaves_existing_years_as_administrators_edited_them():
    Framework.objects.filter(fiscal_year=2562).update(strength_threshold=Decimal(85))
    assert load_missing_frameworks(apps) == []
    assert Framework.objects.get(fiscal_year=2562).strength_threshold == Decimal(85)


def test_loader_reinstalls_a_deleted_year():
    Framework.objects.filter(fiscal_year=2568).delete()
    assert load_missing_frameworks(apps) == [("nacc", 2568)]
    assert Framework.objects.get(fiscal_year=2568).indicators.count() == 10


def test_rules_are_read_from_the_database():
    framework = Framework.objects.get(fiscal_year=2562)
    framework.tools.filter(code="OIT").update(weight=Decimal(50))
    rules = framework_rules(framework)
    assert {t.code: t.weight for t in rules.tools}["OIT"] == Decimal(50)
    assert [b.code for b in rules.bands] == ["AA", "A", "B", "C", "D", "E", "F"]


def test_framework_copy_refuses_an_existing_year_in_thai():
    with pytest.raises(ValidationError) as caught:
        framework_copy(source=Framework.objects.get(fiscal_year=2562), fiscal_year=2563)
    assert "2563" in str(caught.value)


def test_fixture_file_holds_every_issuers_year_once():
    keys = [(f.get("issuer", "nacc"), f["fiscal_year"]) for f in read_frameworks()]
    assert len(keys) == len(set(keys))


@pytest.mark.usefixtures("only_the_naccs_years_up_to_2568")
def test_a_copied_year_carries_the_calendar_one_year_on_and_blank_stays_blank():
    import datetime as dt

    source = Framework.objects.get(fiscal_year=2568)
    source.plan_due = dt.date(2024, 2, 29)
    source.publication_due = dt.date(2025, 3, 31)
    source.remind_days_before = 10
    source.save()
    copy = framework_copy(source=source, fiscal_year=2569)
    assert copy.plan_due == dt.date(2025, 2, 28)
    assert copy.publication_due == dt.date(2026, 3, 31)
    assert copy.analysis_due is None
    assert copy.remind_days_before == 10


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("เกณฑ์ ITA ประจำปีงบประมาณ พ.ศ. 2562", "เกณฑ์ ITA ประจำปีงบประมาณ พ.ศ. 2562"),
        ("เกณฑ์ ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๒", "เกณฑ์ ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๒"),
        ("เกณฑ์ ITA ของ สพฐ.", "เกณฑ์ ITA ของ สพฐ. (2562)"),
        ("เกณฑ์ที่ปรับจากปี 2561", "เกณฑ์ที่ปรับจากปี 2561 (2562)"),
    ],
)
def test_a_framework_names_its_year_once(name, shown):
    # The admin showed "… ประจำปีงบประมาณ พ.ศ. 2562 (2562)" in every choice of a framework.
    assert str(Framework(name=name, fiscal_year=2562)) == shown
