"""The portal's own words of one assessment: the names in its data (the ITA terms of the data
file are in every lexicon, see spelling.base_lexicon)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assessments.models import Assessment
from committees.models import CommitteeMember, CommitteeOrder, Meeting

# Thai names start with a title written against the first name ("นายชนาธิป").
NAME_PREFIXES = ("นางสาว", "น.ส.", "นาย", "นาง", "ดร.", "ว่าที่ร้อยตรี", "ว่าที่ ร.ต.")
_SPLIT = re.compile(r"[\s/,()]+")


def name_words(names: Iterable[str]) -> set[str]:
    """The words of names, titles taken off person names ("นายชนาธิป สำเร็จ" → ชนาธิป, สำเร็จ)."""
    words: set[str] = set()
    for name in names:
        for part in _SPLIT.split(name or ""):
            for prefix in NAME_PREFIXES:
                if part.startswith(prefix) and len(part) > len(prefix):
                    words.add(part[len(prefix) :])
                    break
            if part:
                words.add(part)
    return words


def portal_words(assessment: Assessment) -> set[str]:
    """The names the assessment's texts may use."""
    agency = assessment.agency
    names = [agency.name, agency.short_name, agency.head_name, agency.head_title]
    names += [u.name for u in agency.units.all()]
    names += list(
        CommitteeMember.objects.filter(committee__agency=agency)
        .values_list("name", flat=True)
        .distinct()
    )
    names += list(
        CommitteeOrder.objects.filter(agency=agency).values_list("signer_name", flat=True)
    )
    names += list(assessment.framework.indicators.values_list("name", flat=True))
    names += list(assessment.framework.tools.values_list("name", flat=True))
    for meeting in Meeting.objects.filter(agency=agency).only("chair", "author"):
        names += [meeting.chair, meeting.author]
    return name_words(names)
