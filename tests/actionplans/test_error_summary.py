"""A change form sent back lists every error at the top as a link to the box in error."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.actionplans.test_progress_reports import ADD, form
from tests.committees.test_held_files import media, meeting  # noqa: F401
from tests.committees.test_photos import post_photo

LINK = re.compile(r'<li><a href="#([^"]+)">([^<]*)</a></li>')


def summary_links(html: str) -> list[tuple[str, str]]:
    start = html.index('id="error-summary"')
    end = html.index("</div>", start)
    return LINK.findall(html[start:end])


def test_each_error_links_to_its_own_box(staff_client, approved_plan):
    item = approved_plan.items.first()
    response = staff_client.post(reverse(ADD), form(item, percent=150, reported_on="xx"))
    html = response.content.decode()
    links = summary_links(html)
    targets = [target for target, _ in links]
    assert targets == ["id_reported_on", "id_percent"]
    for target, text in links:
        assert f'id="{target}"' in html
        assert text.startswith(("วันที่รายงาน: ", "ความก้าวหน้า (ร้อยละ): "))


def test_an_error_in_an_inline_row_links_to_that_rows_box(staff_client, meeting, media):  # noqa: F811
    fake = SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg")
    html = post_photo(staff_client, meeting, fake).content.decode()
    links = summary_links(html)
    assert [t for t, _ in links] == ["id_photos-0-image"]
    assert links[0][1].startswith("ภาพ (ภาพการประชุม แถวที่ 1): ")


def test_a_form_without_errors_has_no_summary(staff_client):
    html = staff_client.get(reverse(ADD)).content.decode()
    assert "error-summary" not in html
