"""Last year's OIT evidence carried across the crosswalk: links and who-does-it carry, the
year's state, files and results do not, evidence already there is never written over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from assessments.models import Membership, Role, Unit
from assessments.services import assessment_create
from indicators.crosswalk import HOW_ADMIN, HOW_ROLE
from indicators.models import ItemCrosswalk, OITItem
from indicators.selectors import framework_for
from oit.carry_over import (
    ERROR_NOT_LATER,
    ERROR_OTHER_AGENCY,
    LINE_SKIPPED,
    LINE_UNMAPPED,
    evidence_carry_over,
)
from oit.models import Evidence, EvidenceFile, EvidenceLink
from oit.services import evidence_ensure_rows

pytestmark = pytest.mark.django_db

URLS = ["https://www.example.go.th/ita/o42-measures", "https://www.example.go.th/ita/o42-plan.pdf"]


def item(year: int, code: str) -> OITItem:
    return OITItem.objects.get(
        framework__issuer__code="nacc", framework__fiscal_year=year, code=code
    )


@pytest.fixture
def years(seed_agency):
    """The seed agency's ๒๕๖๖ and ๒๕๖๙ NACC assessments."""
    return tuple(
        assessment_create(agency=seed_agency, framework=framework_for("nacc", year))
        for year in (2566, 2569)
    )


def give(assessment, code: str, urls=(), **fields) -> Evidence:
    evidence = Evidence.objects.create(
        assessment=assessment, item=item(assessment.fiscal_year, code), **fields
    )
    for n, url in enumerate(urls, 1):
        EvidenceLink.objects.create(evidence=evidence, url=url, order=n)
    return evidence


@pytest.fixture
def evidence_2566(years, seed_agency, settings, tmp_path):
    """O42 fully given (links, unit, person, dates, results, a file), O2 with a link, O3 empty."""
    settings.MEDIA_ROOT = tmp_path
    unit = Unit.objects.create(agency=seed_agency, name="กลุ่มงานทดสอบการคัดลอก")
    o42 = give(
        years[0],
        "O42",
        URLS,
        text="เมนู ITA › มาตรการ",
        unit=unit,
        responsible_person="นางสาวสมใจ ใจดี",
        due_date=dt.date(2023, 4, 30),
        notes="ทำร่วมกับกลุ่มนโยบายและแผน",
        state=Evidence.State.SUBMITTED,
        public=True,
        preliminary_result=Evidence.Result.PASSED,
        final_result=Evidence.Result.PASSED,
    )
    EvidenceFile.objects.create(
        evidence=o42, file=ContentFile(b"%PDF-1.4\n", name="o42.pdf"), title="มาตรการ ๒๕๖๖"
    )
    give(years[0], "O2", ["https://www.example.go.th/executives"])
    give(years[0], "O3")  # an empty row: nothing to carry, nothing to report
    return o42


def test_a_new_year_from_2566_into_2569_carries_o42_to_o25_and_lists_what_did_not_map(
    years, evidence_2566, staff_user
):
    source, target = years
    result = evidence_carry_over(source=source, target=target, user=staff_user)

    o25 = Evidence.objects.get(assessment=target, item=item(2569, "O25"))
    assert [link.url for link in o25.links.all()] == URLS
    assert (o25.text, o25.notes) == (evidence_2566.text, evidence_2566.notes)
    assert (o25.unit, o25.responsible_person) == (evidence_2566.unit, "นางสาวสมใจ ใจดี")
    assert o25.due_date == dt.date(2026, 4, 30)  # three years on
    # The year's own state starts afresh; last year's documents are not this year's evidence.
    assert o25.state == Evidence.State.NOT_STARTED and not o25.public
    assert o25.preliminary_result == o25.final_result == ""
    assert not o25.files.exists() and result.files_left == 1
    assert [(c.source.code, c.target.code, c.how) for c in result.copied] == [
        ("O42", "O25", HOW_ROLE)
    ]
    # O2 had evidence and no item takes it in 2569; the empty O3 is not mentioned.
    assert [i.code for i in result.unmapped] == ["O2"]
    assert result.lines() == [
        LINE_UNMAPPED.format(code="O2", name="ข้อมูลผู้บริหาร", source_year="๒๕๖๖", target_year="๒๕๖๙")
    ]
    assert "ข้อ O2 (ข้อมูลผู้บริหาร) ของปี ๒๕๖๖ ไม่มีข้อที่ตรงกันในปี ๒๕๖๙: ไม่ได้คัดลอก" in result.lines()
    # Last year's evidence is untouched.
    evidence_2566.refresh_from_db()
    assert evidence_2566.state == Evidence.State.SUBMITTED and evidence_2566.files.count() == 1
    assert Evidence.objects.filter(assessment=target).count() == 1


def test_the_administrators_mapping_decides_where_the_evidence_goes(
    years, evidence_2566, staff_user
):
    ItemCrosswalk.objects.create(from_item=item(2566, "O42"), to_item=item(2569, "O24"))
    result = evidence_carry_over(source=years[0], target=years[1], user=staff_user)
    assert [(c.target.code, c.how) for c in result.copied] == [("O24", HOW_ADMIN)]
    assert Evidence.objects.get(assessment=years[1]).item.code == "O24"


def test_evidence_already_in_the_target_is_never_written_over(years, evidence_2566, staff_user):
    source, target = years
    mine = give(target, "O25", ["https://www.example.go.th/ita/2569"], responsible_person="ใหม่")

    result = evidence_carry_over(source=source, target=target, user=staff_user)

    mine.refresh_from_db()
    assert [link.url for link in mine.links.all()] == ["https://www.example.go.th/ita/2569"]
    assert mine.responsible_person == "ใหม่"
    assert not result.copied
    assert [(c.source.code, c.target.code) for c in result.skipped] == [("O42", "O25")]
    assert (
        LINE_SKIPPED.format(
            code="O42",
            name=item(2566, "O42").name,
            target_code="O25",
            source_year="๒๕๖๖",
            target_year="๒๕๖๙",
        )
        in result.lines()
    )


def test_an_empty_row_of_the_target_is_filled(years, evidence_2566, staff_user):
    source, target = years
    evidence_ensure_rows(user=staff_user, assessment=target)
    rows = Evidence.objects.filter(assessment=target).count()

    result = evidence_carry_over(source=source, target=target, user=staff_user)

    assert [c.target.code for c in result.copied] == ["O25"]
    assert Evidence.objects.filter(assessment=target).count() == rows
    o25 = Evidence.objects.get(assessment=target, item=item(2569, "O25"))
    assert o25.links.count() == 2 and o25.due_date == dt.date(2026, 4, 30)


def test_a_second_carry_copies_nothing_more(years, evidence_2566, staff_user):
    evidence_carry_over(source=years[0], target=years[1], user=staff_user)
    again = evidence_carry_over(source=years[0], target=years[1], user=staff_user)
    assert not again.copied and [c.target.code for c in again.skipped] == ["O25"]
    assert EvidenceLink.objects.filter(evidence__assessment=years[1]).count() == 2


def test_a_viewer_may_not_carry_evidence(years, evidence_2566, staff_user, seed_agency):
    Membership.objects.filter(user=staff_user, agency=seed_agency).update(role=Role.VIEWER)
    viewer = type(staff_user).objects.get(pk=staff_user.pk)
    with pytest.raises(PermissionDenied):
        evidence_carry_over(source=years[0], target=years[1], user=viewer)
    assert not Evidence.objects.filter(assessment=years[1]).exists()


def test_only_to_a_later_year_of_the_same_agency(years, evidence_2566, staff_user, other_agency):
    with pytest.raises(ValidationError) as backwards:
        evidence_carry_over(source=years[1], target=years[0], user=staff_user)
    assert backwards.value.messages == [ERROR_NOT_LATER]
    other = assessment_create(agency=other_agency, framework=framework_for("nacc", 2569))
    Membership.objects.create(user=staff_user, agency=other_agency, role=Role.STAFF)
    of_both = type(staff_user).objects.get(pk=staff_user.pk)  # roles are cached on the user
    with pytest.raises(ValidationError) as elsewhere:
        evidence_carry_over(source=years[0], target=other, user=of_both)
    assert elsewhere.value.messages == [ERROR_OTHER_AGENCY]
    assert not Evidence.objects.filter(assessment__in=[years[1], other]).exists()
