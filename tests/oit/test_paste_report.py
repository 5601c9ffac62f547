"""The OIT paste page saves what was pasted and says what became of each line (issue 21), and a
paste is bounded (issue 24): lines per paste and links per item. HTTP as the demo's staff member."""

from __future__ import annotations

import pytest
from django.urls import reverse

from oit import bulk_paste, services
from oit.models import EvidenceLink, LinkCheck, url_digest

pytestmark = pytest.mark.django_db

A = "https://www.example.go.th/structure"
B = "https://www.example.go.th/executives"
C = "https://www.example.go.th/plan.pdf"


def paste_url(assessment) -> str:
    return reverse("admin:oit_evidence_paste", args=[assessment.pk])


def saved(assessment) -> list[tuple[str, str, int]]:
    return list(
        EvidenceLink.objects.filter(evidence__assessment=assessment)
        .order_by("evidence__item__order", "order")
        .values_list("evidence__item__code", "url", "pk")
    )


def prefilled_text(client, assessment) -> str:
    """What the paste page offers in its text box (every saved link, one line each)."""
    page = client.get(paste_url(assessment))
    assert page.status_code == 200
    return page.context["text"]


@pytest.fixture
def with_links(staff_client, seed_assessment):
    response = staff_client.post(paste_url(seed_assessment), {"urls": f"O1 {A}\nO1 {B}\nO2 {C}"})
    assert response.status_code in (200, 302)
    LinkCheck.objects.create(url=A, url_hash=url_digest(A), ok=True, checked_at="2026-12-01T00:00Z")
    return saved(seed_assessment)


def test_saving_the_prefilled_page_unchanged_keeps_every_link_and_its_check(
    staff_client, seed_assessment, with_links
):
    text = prefilled_text(staff_client, seed_assessment)
    response = staff_client.post(paste_url(seed_assessment), {"urls": text})
    assert response.status_code in (200, 302)
    assert saved(seed_assessment) == with_links  # the same rows, not new copies
    assert LinkCheck.objects.filter(url_hash=url_digest(A), ok=True).exists()
    body = staff_client.get(paste_url(seed_assessment)).content.decode() + response.content.decode()
    assert services.LINE_UNCHANGED in body


def test_a_line_repeating_a_saved_link_is_reported_not_a_500(
    staff_client, seed_assessment, with_links
):
    text = f"O1 {A}\nO1 {B}\nO2 {C}\nO1 {A}"
    response = staff_client.post(paste_url(seed_assessment), {"urls": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert services.LINE_DUPLICATE.format(first=1) in body
    assert saved(seed_assessment) == with_links


def test_each_line_is_reported_saved_unchanged_or_repeated(
    staff_client, seed_assessment, with_links
):
    new = "https://www.example.go.th/new"
    response = staff_client.post(
        paste_url(seed_assessment), {"urls": f"O1 {A}\nO1 {new}\nO1 {new}\nO2 {C}"}
    )
    assert response.status_code == 200
    report = [(line.number, line.status) for line in response.context["report"]]
    assert report == [
        (1, services.LineStatus.UNCHANGED),
        (2, services.LineStatus.SAVED),
        (3, services.LineStatus.DUPLICATE),
        (4, services.LineStatus.UNCHANGED),
    ]
    urls = [(code, url) for code, url, _ in saved(seed_assessment)]
    assert urls == [("O1", A), ("O1", new), ("O2", C)]  # B was left out of O1's lines: removed
    kept = {url: pk for _, url, pk in with_links}
    assert {url: pk for _, url, pk in saved(seed_assessment) if url in kept} == {
        A: kept[A],
        C: kept[C],
    }


def test_a_paste_at_the_line_limit_is_saved_and_one_line_more_is_refused_with_nothing_saved(
    settings, staff_client, seed_assessment
):
    settings.OIT_PASTE_MAX_LINES = 200
    lines = [f"O{n % 43 + 1} https://www.example.go.th/{n}" for n in range(200)]
    assert staff_client.post(
        paste_url(seed_assessment), {"urls": "\n".join(lines)}
    ).status_code in (
        200,
        302,
    )
    assert len(saved(seed_assessment)) == 200
    EvidenceLink.objects.all().delete()
    lines.append("O1 https://www.example.go.th/one-more")
    response = staff_client.post(paste_url(seed_assessment), {"urls": "\n".join(lines)})
    assert response.status_code == 200
    assert bulk_paste.ERROR_TOO_MANY_LINES.format(limit=200, count=201) in response.content.decode()
    assert saved(seed_assessment) == []


def test_two_thousand_links_in_one_paste_are_refused_in_thai_with_nothing_saved(
    staff_client, seed_assessment
):
    # 2,000 links on 100 lines: the line limit alone would let them through.
    text = "\n".join(
        f"O{n % 43 + 1} " + " ".join(f"https://www.example.go.th/{n}/{k}" for k in range(20))
        for n in range(100)
    )
    response = staff_client.post(paste_url(seed_assessment), {"urls": text})
    assert response.status_code == 200
    assert "ลิงก์เกิน" in response.content.decode()
    assert saved(seed_assessment) == []


def test_an_item_takes_links_up_to_the_limit_and_one_more_is_refused(
    settings, staff_client, seed_assessment
):
    settings.OIT_MAX_LINKS_PER_ITEM = 3
    urls = [f"https://www.example.go.th/{k}" for k in range(4)]
    ok = staff_client.post(paste_url(seed_assessment), {"urls": "O1 " + " ".join(urls[:3])})
    assert ok.status_code in (200, 302)
    assert len(saved(seed_assessment)) == 3
    refused = staff_client.post(paste_url(seed_assessment), {"urls": "O1 " + " ".join(urls)})
    assert refused.status_code == 200
    assert bulk_paste.ERROR_TOO_MANY_LINKS.format(line=1, code="O1", limit=3) in (
        refused.content.decode()
    )
    assert [url for _, url, _ in saved(seed_assessment)] == urls[:3]


def change_form_data(client, evidence, urls: list[str]) -> dict[str, str]:
    """The evidence's admin form as its page gives it, with the links replaced by urls."""
    page = client.get(reverse("admin:oit_evidence_change", args=[evidence.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else str(value))
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {"due_date": "", "unit": "", "edit_version": str(form.fields["edit_version"].initial)}
    )
    data.update({f"links-{key}": str(value) for key, value in _management(len(urls)).items()})
    data.update({f"files-{key}": str(value) for key, value in _management(0).items()})
    for n, url in enumerate(urls):
        data.update({f"links-{n}-url": url, f"links-{n}-order": str(n + 1)})
        data[f"links-{n}-evidence"] = str(evidence.pk)
    return data


def _management(total: int) -> dict[str, int]:
    return {"TOTAL_FORMS": total, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}


def test_the_evidence_form_takes_links_up_to_the_limit_and_refuses_one_more_in_thai(
    settings, staff_client, seed_assessment, evidence_rows
):
    settings.OIT_MAX_LINKS_PER_ITEM = 3
    evidence = evidence_rows["O1"]
    url = reverse("admin:oit_evidence_change", args=[evidence.pk])
    urls = [f"https://www.example.go.th/{k}" for k in range(4)]
    refused = staff_client.post(url, change_form_data(staff_client, evidence, urls))
    assert refused.status_code == 200
    assert services.ERROR_TOO_MANY_LINKS_FORM.format(limit=3) in refused.content.decode()
    assert saved(seed_assessment) == []
    taken = staff_client.post(url, change_form_data(staff_client, evidence, urls[:3]))
    assert taken.status_code == 302, taken.context["errors"] if taken.context else ""
    assert [u for _, u, _ in saved(seed_assessment)] == urls[:3]
