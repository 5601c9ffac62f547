"""The follow-up summary: items by status and overdue items for a fixed "today"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from actionplans import selectors, services
from actionplans.models import ProgressReport


def _items(plan):
    return {
        (i.indicator.number, n): i
        for number in (2, 7, 8, 10)
        for n, i in enumerate(plan.items.filter(indicator__number=number).order_by("order"), 1)
    }


def test_overdue_items_are_those_whose_end_month_passed_and_are_not_done(approved_plan, demo):
    staff = demo.users["demo-staff"]
    items = _items(approved_plan)
    for key, status in [((2, 1), "done"), ((7, 1), "cancelled"), ((8, 1), "in_progress")]:
        services.progress_report_add(
            item=items[key],
            user=staff,
            reported_on=dt.date(2020, 7, 1),
            status=status,
            percent=100 if status == "done" else 40,
        )
    summary = selectors.follow_up_summary(approved_plan, today=dt.date(2020, 8, 15))
    overdue = {(o.indicator_number, items_key(items, o.item_id)) for o in summary.overdue}
    # Due Dec 2019 or Jul 2020 and not closed; Aug/Sep rows are not yet due; free text never is.
    assert overdue == {(2, 2), (8, 1), (8, 2), (10, 1)}
    counts = {c.status: c.count for c in summary.by_status}
    assert counts == {"not_started": 13 - 1, "in_progress": 1, "done": 1, "cancelled": 1}
    assert summary.budget_planned == Decimal("200000")


def items_key(items, item_id):
    return next(n for (number, n), item in items.items() if item.pk == item_id)


def test_an_item_is_due_until_the_last_day_of_its_end_month(approved_plan):
    on_last_day = selectors.follow_up_summary(approved_plan, today=dt.date(2020, 7, 31))
    next_day = selectors.follow_up_summary(approved_plan, today=dt.date(2020, 8, 1))
    assert 7 not in {o.indicator_number for o in on_last_day.overdue}
    assert 7 in {o.indicator_number for o in next_day.overdue}


def test_the_latest_report_decides_the_status(approved_plan, demo):
    staff = demo.users["demo-staff"]
    item = _items(approved_plan)[(2, 1)]
    for day, status in [(1, "done"), (20, "in_progress")]:
        services.progress_report_add(
            item=item, user=staff, reported_on=dt.date(2020, 1, day), status=status, percent=50
        )
    summary = selectors.follow_up_summary(approved_plan, today=dt.date(2020, 2, 1))
    row = next(r for r in summary.items if r.item_id == item.pk)
    assert (row.status, row.overdue, row.last_reported_on) == (
        "in_progress",
        True,
        dt.date(2020, 1, 20),
    )


def test_nothing_is_overdue_at_the_start_of_the_year(approved_plan):
    summary = selectors.follow_up_summary(approved_plan, today=dt.date(2019, 10, 1))
    assert summary.overdue == ()
    assert len(summary.items) == 15


def test_percent_outside_0_100_is_refused(approved_plan, demo):
    import pytest
    from django.core.exceptions import ValidationError

    item = approved_plan.items.first()
    with pytest.raises(ValidationError):
        services.progress_report_add(
            item=item,
            user=demo.users["demo-staff"],
            reported_on=dt.date(2020, 1, 1),
            status="in_progress",
            percent=120,
        )
    assert ProgressReport.objects.count() == 0


def test_the_plan_page_shows_the_overdue_list(staff_client, approved_plan):
    from django.urls import reverse

    response = staff_client.get(reverse("actionplans:detail", args=[approved_plan.pk]))
    assert response.status_code == 200
    assert "รายการที่เลยกำหนด" in response.content.decode()
