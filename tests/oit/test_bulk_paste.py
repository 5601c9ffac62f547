"""Bulk paste of the URL list sent to ITAS: lines or spreadsheet rows; one bad line, nothing written."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oit import bulk_paste
from oit.bulk_paste import parse_pasted_urls
from oit.models import EvidenceLink
from oit.services import LineStatus, PasteRejected, evidence_bulk_set_urls, evidence_set_links

KNOWN = [f"O{n}" for n in range(1, 44)]


def seed_links(assessment):
    """The links of the ๒๕๖๒ assessment under test (the demo gives ๒๕๖๓ its own)."""
    return EvidenceLink.objects.filter(evidence__assessment=assessment)


def parse(text: str, **kwargs):
    return parse_pasted_urls(text, known=KNOWN, year=2562, **kwargs)


def test_plain_lines_spreadsheet_rows_thai_digits_and_a_header_are_read():
    text = "\n".join(
        [
            "ข้อ\tรายการ\tURL",  # header row copied with the table
            "O1\tโครงสร้าง\thttps://www.example.go.th/structure",
            "o 2 https://www.example.go.th/executives",
            "",
            "O๓ https://www.example.go.th/a https://www.example.go.th/b",
            "ข้อ O4 http://www.example.go.th/plan?ปี=2562",
            "O1\thttps://www.example.go.th/structure\thttps://www.example.go.th/chart.pdf",
        ]
    )
    parsed = parse(text)
    assert parsed.errors == []
    assert parsed.urls == {
        "O1": ["https://www.example.go.th/structure", "https://www.example.go.th/chart.pdf"],
        "O2": ["https://www.example.go.th/executives"],
        "O3": ["https://www.example.go.th/a", "https://www.example.go.th/b"],
        "O4": ["http://www.example.go.th/plan?ปี=2562"],
    }


def test_every_bad_line_gets_its_own_thai_error():
    text = "\n".join(
        [
            "O1 https://www.example.go.th/ok",
            "O99 https://www.example.go.th/x",
            "O2",
            "O3 www.example.go.th/no-scheme",
            "O4 ftp://files.example.go.th/plan.pdf",
            "โครงสร้าง https://www.example.go.th/x",
        ]
    )
    parsed = parse(text, retired=["O5"])
    assert parsed.errors == [
        bulk_paste.ERROR_UNKNOWN_CODE.format(line=2, code="O99", year=2562),
        bulk_paste.ERROR_NO_URL.format(line=3, code="O2"),
        bulk_paste.ERROR_BAD_URL.format(line=4, url="www.example.go.th/no-scheme"),
        bulk_paste.ERROR_BAD_URL.format(line=5, url="ftp://files.example.go.th/plan.pdf"),
        bulk_paste.ERROR_NO_CODE.format(line=6),
    ]


def test_a_retired_item_and_an_empty_paste_are_refused():
    assert parse("O5 https://www.example.go.th/x", retired=["O5"]).errors == [
        bulk_paste.ERROR_RETIRED_CODE.format(line=1, code="O5", year=2562)
    ]
    assert parse("\n  \n").errors == [bulk_paste.ERROR_EMPTY]


def test_too_many_lines_are_refused_at_once():
    text = "\n".join(f"O1 https://www.example.go.th/{n}" for n in range(bulk_paste.MAX_LINES + 1))
    assert parse(text).errors == [
        bulk_paste.ERROR_TOO_MANY_LINES.format(
            limit=bulk_paste.MAX_LINES, count=bulk_paste.MAX_LINES + 1
        )
    ]


@pytest.mark.django_db
def test_one_bad_line_and_nothing_is_written(staff_user, seed_assessment, evidence_rows):
    evidence_set_links(
        user=staff_user, evidence=evidence_rows["O1"], urls=["https://www.example.go.th/old"]
    )
    with pytest.raises(PasteRejected) as caught:
        evidence_bulk_set_urls(
            user=staff_user,
            assessment=seed_assessment,
            text="O1 https://www.example.go.th/new\nO2 https://www.example.go.th/o2\nO77 https://x.go.th/",
        )
    assert caught.value.messages == [
        bulk_paste.ERROR_UNKNOWN_CODE.format(line=3, code="O77", year=2562)
    ]
    assert list(seed_links(seed_assessment).values_list("url", flat=True)) == [
        "https://www.example.go.th/old"
    ]


@pytest.mark.django_db
def test_a_good_paste_replaces_the_links_of_the_items_named_only(
    staff_user, seed_assessment, evidence_rows
):
    evidence_set_links(
        user=staff_user, evidence=evidence_rows["O1"], urls=["https://www.example.go.th/old"]
    )
    evidence_set_links(
        user=staff_user, evidence=evidence_rows["O9"], urls=["https://www.example.go.th/o9"]
    )
    outcome = evidence_bulk_set_urls(
        user=staff_user,
        assessment=seed_assessment,
        text="O1 https://www.example.go.th/new\nO2 https://www.example.go.th/o2",
    )
    assert (outcome.items, outcome.urls, outcome.created) == (2, 2, 0)
    links = dict(seed_links(seed_assessment).values_list("evidence__item__code", "url"))
    assert links == {
        "O1": "https://www.example.go.th/new",
        "O2": "https://www.example.go.th/o2",
        "O9": "https://www.example.go.th/o9",
    }


@pytest.mark.django_db
def test_the_paste_page_shows_the_errors_keeps_the_text_and_writes_nothing(
    staff_client, seed_assessment
):
    url = reverse("admin:oit_evidence_paste", args=[seed_assessment.pk])
    text = "O1 https://www.example.go.th/structure\nO2 ไม่มีลิงก์"
    response = staff_client.post(url, {"urls": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert bulk_paste.ERROR_NO_URL.format(line=2, code="O2") in body
    assert "O2 ไม่มีลิงก์" in body
    assert not EvidenceLink.objects.filter(evidence__assessment=seed_assessment).exists()
    assert not seed_assessment.oit_evidence.exists()


@pytest.mark.django_db
def test_the_paste_page_saves_and_creates_missing_rows(staff_client, seed_assessment):
    url = reverse("admin:oit_evidence_paste", args=[seed_assessment.pk])
    response = staff_client.post(
        url, {"urls": "O1\thttps://www.example.go.th/structure\nO43\thttps://www.example.go.th/o43"}
    )
    # The page answers with what became of each line, and links back to the overview.
    assert response.status_code == 200
    assert [line.status for line in response.context["report"]] == [LineStatus.SAVED] * 2
    body = response.content.decode()
    assert reverse("admin:oit_evidence_overview", args=[seed_assessment.pk]) in body
    assert sorted(seed_assessment.oit_evidence.values_list("item__code", flat=True)) == [
        "O1",
        "O43",
    ]
    page = staff_client.get(url).content.decode()
    assert "O1 https://www.example.go.th/structure" in page  # the form starts from what is saved


def test_a_link_repeated_on_later_lines_is_kept_once_and_each_repeat_names_its_first_line():
    text = "O1 https://a.go.th/x https://a.go.th/x\nO2 https://a.go.th/x\nO1 https://a.go.th/x"
    parsed = parse(text)
    assert parsed.errors == []
    assert parsed.urls == {"O1": ["https://a.go.th/x"], "O2": ["https://a.go.th/x"]}
    assert [(line.number, line.repeats) for line in parsed.lines] == [
        (1, {}),  # twice on its own line: one link
        (2, {}),  # the same link for another item is that item's own
        (3, {"https://a.go.th/x": 1}),
    ]


def test_an_item_past_its_link_limit_is_refused_once_at_the_line_that_goes_past_it():
    text = "\n".join(f"O1 https://a.go.th/{n}" for n in range(5))
    assert parse(text, max_links_per_item=3).errors == [
        bulk_paste.ERROR_TOO_MANY_LINKS.format(line=4, code="O1", limit=3)
    ]
