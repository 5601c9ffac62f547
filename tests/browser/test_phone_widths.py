"""Every staff and approver page of the demo fits a 390 px phone: the document is never wider
than the screen (a wide table scrolls inside its own box, not the page).

The crawl opens the admin's index, each list the user may see with its add page and the change
and history pages of its first row, the workspace and its overview, the plan pages, the report's
management and preview pages, the OIT pages and the committee documents.
With PHONE_SCREENS=<dir> each page is also saved there as a PNG (for a review).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from .conftest import PHONE
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_pages(user) -> list[str]:
    """The admin's lists the user may see, each with its add page and its first row's pages."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = []
    admin.autodiscover()
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model_admin.get_queryset(request).first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            try:
                urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
            except NoReverseMatch:
                pass
    return urls


def staff_pages(demo, username: str) -> list[str]:
    from actionplans.models import ActionPlan
    from assessments.demo import SEED_AGENCY_CODE
    from committees.models import CommitteeOrder, Meeting

    assessment = demo.assessments[SEED_AGENCY_CODE]
    plan = ActionPlan.objects.get(assessment=assessment)
    order = CommitteeOrder.objects.filter(agency=assessment.agency).first()
    meeting = Meeting.objects.filter(agency=assessment.agency).first()
    pages = [
        reverse("workspace:index"),
        reverse("workspace:overview"),
        reverse("actionplans:detail", args=[plan.pk]),
        reverse("actionplans:weaknesses", args=[plan.pk]),
        reverse("reports:report_manage", args=[assessment.pk]),
        reverse("reports:report_preview", args=[assessment.pk]),
        reverse("admin:oit_evidence_overview", args=[assessment.pk]),
        reverse("admin:oit_evidence_paste", args=[assessment.pk]),
    ]
    if order is not None:
        pages.append(reverse("committees:order", args=[order.pk]))
    if meeting is not None:
        pages.append(reverse("committees:meeting", args=[meeting.pk]))
    return pages + admin_pages(demo.users[username])


# The deepest elements reaching past the screen's right edge: what to fix.
OVERFLOWING = """() => {
  const edge = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll("body *")].filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > edge + 1 && ![...e.children].some(
      (c) => c.getBoundingClientRect().right > edge + 1);
  });
  return out.slice(0, 4).map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "")
    + " " + Math.round(e.getBoundingClientRect().right) + "px");
}"""


def shoot(page, url: str, username: str) -> None:
    folder = os.environ.get("PHONE_SCREENS")
    if folder:
        name = re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "index"
        page.screenshot(path=str(Path(folder) / f"{username}-{name}.png"), full_page=True)


@pytest.mark.parametrize("username", ["demo-staff", "demo-approver"])
def test_every_staff_and_approver_page_fits_a_390_px_screen(page, demo, username):
    page.set_viewport_size(PHONE)
    log_in(page, username)
    too_wide = []
    for url in staff_pages(demo, username):
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        if response.status >= 400:
            continue  # a page this role may not open (its access is tested elsewhere)
        page.wait_for_load_state()
        width = int(page.evaluate("document.documentElement.scrollWidth"))
        shoot(page, url, username)
        if width > PHONE["width"]:
            too_wide.append(f"{url}: {width} px ({', '.join(page.evaluate(OVERFLOWING))})")
    assert not too_wide, "wider than 390 px:\n" + "\n".join(too_wide)
