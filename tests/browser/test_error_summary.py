"""A progress report sent with an error: the summary takes the focus, its link moves the focus to
the box in error, the chosen evidence is held, and the corrected form saves it under its name.

With PHONE_SCREENS=<dir> the page sent back is saved there at 390 and 1366 px.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ita_portal.lib.held_uploads import HELD_MESSAGE
from tests.imaging import pdf_bytes

from .conftest import DESKTOP, PHONE
from .test_workspace import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "หลักฐานการประชุม ไตรมาส 1.pdf"


def focused_id(page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_summary_leads_to_the_box_and_the_chosen_file_is_kept(
    page, demo, media_root, tmp_path, viewport
):
    from actionplans.models import ProgressReport

    page.set_viewport_size(viewport)
    log_in(page, "demo-staff")
    page.goto("/admin/actionplans/progressreport/add/")
    page.select_option("#id_item", index=1)
    page.fill("#id_reported_on", "1/8/2563")
    page.fill("#id_percent", "150")
    evidence = tmp_path / NAME
    evidence.write_bytes(pdf_bytes(1))
    page.set_input_files("#id_evidence_file", str(evidence))
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("load")

    assert focused_id(page) == "error-summary"
    assert page.get_by_text(HELD_MESSAGE.format(name=NAME)).is_visible()
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= viewport["width"]
    folder = os.environ.get("PHONE_SCREENS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"summary-{viewport['width']}.png"), full_page=True)

    page.locator("#error-summary a[href='#id_percent']").click()
    assert focused_id(page) == "id_percent"

    page.fill("#id_percent", "50")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/progressreport/#id_percent")  # the list, with the link's fragment
    assert not page.locator("#error-summary").count()
    assert ProgressReport.objects.get().evidence_file_original_name == NAME
