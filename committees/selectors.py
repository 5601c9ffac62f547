"""Reads of committee orders and meetings, returned as plain dataclasses for the report.

Signatures:

- ``order_for_report(assessment, *, thai=None) -> OrderReport | None``: the latest order
  (by signed date, then number) linked to the assessment, with its members in order.
  ``thai`` chooses Thai digits (None: ``assessment.use_thai_digits``).
- ``orders_for_report(assessment, *, thai=None) -> tuple[OrderReport, ...]``: all of them.
- ``order_report(order, *, thai)`` and ``meeting_report(meeting, *, thai)``: one object's data.
- ``meetings_for_report(assessment, *, thai=None) -> tuple[MeetingReport, ...]``: meetings of
  the committees appointed for the assessment, oldest first, with their photos' names in the
  media storage (the report's PDF reads them through it) and captions.

OrderReport.number_text is "๑๓๓/๒๕๖๓", heading "คำสั่ง<agency name>", signed_date_text
"๕ กรกฎาคม พ.ศ. ๒๕๖๓"; preamble, duties and closing are tuples of paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Prefetch

from assessments.models import Assessment
from ita_portal.lib import thai as thai_lib

from .models import (
    CommitteeMember,
    CommitteeOrder,
    CommitteeOrderScanPage,
    Meeting,
    MeetingPhoto,
    official_emblem_name,
)


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, inner line breaks joined by a space."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return tuple(blocks)


# Titles and ranks that may stand before a person's name in typed text (longest first).
NAME_TITLES = (
    "ว่าที่ร้อยตรีหญิง",
    "ว่าที่ร้อยตรี",
    "ว่าที่ ร.ต.",
    "นางสาว",
    "ศาสตราจารย์",
    "ผศ.ดร.",
    "รศ.ดร.",
    "ศ.ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    "ดร.",
    "น.ส.",
    "นาย",
    "นาง",
)


def bare_name(name: str) -> str:
    """A person's name without the title or rank before it ("ดร.ชนาธิป สำเร็จ" → "ชนาธิป สำเร็จ")."""
    text = name.strip()
    for title in NAME_TITLES:
        if text.startswith(title):
            return text[len(title) :].strip()
    return text


def chair_as_recorded(text: str, chair: str) -> str:
    """The text with the chair named as the meeting's chair field names them: the title or rank
    comes from that one field, never from what was typed in the summary ("นาย…" above a body
    that says "ดร.…")."""
    bare = bare_name(chair)
    if not bare or bare == chair.strip():
        return text
    titles = "|".join(re.escape(title) for title in NAME_TITLES)
    pattern = re.compile(rf"(?:(?:{titles})\s*)?{re.escape(bare)}")
    return pattern.sub(lambda _m: chair.strip(), text)


def formal_date(value: dt.date | None, *, thai: bool) -> str:
    """'๕ กรกฎาคม พ.ศ. ๒๕๖๓' as an order prints it."""
    if value is None:
        return ""
    text = f"{value.day} {thai_lib.MONTHS[value.month - 1]} พ.ศ. {thai_lib.be_year(value.year)}"
    return thai_lib.digits(text, thai)


@dataclass(frozen=True)
class MemberRow:
    sequence: int
    sequence_text: str
    name: str
    position: str
    role: str


@dataclass(frozen=True)
class OrderReport:
    order_id: int
    agency_name: str
    heading: str
    number: int
    year: int
    number_text: str
    subject: str
    preamble: tuple[str, ...]
    members: tuple[MemberRow, ...]
    duties: tuple[str, ...]
    closing: tuple[str, ...]
    effective_date: dt.date | None
    effective_date_text: str
    signed_date: dt.date | None
    signed_date_text: str
    signer_name: str
    signer_title: str
    # Page images of the signed scan (names in the media storage), shown instead of the retyped order.
    scan_pages: tuple[str, ...] = ()
    # The site's Garuda (file path) printed atop the retyped order; "" when none was uploaded.
    emblem_name: str = ""

    @property
    def texts(self) -> tuple[tuple[str, str], ...]:
        """What staff typed, as (field, text): the proofreading and the band check read it."""
        members = tuple(
            (f"member.{m.sequence}", f"{m.name} {m.position} {m.role}") for m in self.members
        )
        return (
            ("subject", self.subject),
            *(("preamble", p) for p in self.preamble),
            *members,
            *(("duties", p) for p in self.duties),
            *(("closing", p) for p in self.closing),
            ("signer", f"{self.signer_name} {self.signer_title}"),
        )


@dataclass(frozen=True)
class PhotoRow:
    name: str  # the file's name in the media storage
    caption: str
    key: str = ""


@dataclass(frozen=True)
class MeetingReport:
    meeting_id: int
    title: str
    date: dt.date
    date_text: str
    place: str
    chair: str
    summary: tuple[str, ...]
    author: str
    source: str
    photos: tuple[PhotoRow, ...]
    # The masthead of the news page: the agency's name and address as its record holds them.
    agency_name: str = ""
    agency_address: str = ""


def order_report(order: CommitteeOrder, *, thai: bool, emblem_name: str = "") -> OrderReport:
    return OrderReport(
        order_id=order.pk,
        agency_name=order.agency.name,
        heading=f"คำสั่ง{order.agency.name}",
        number=order.number,
        year=order.year,
        number_text=thai_lib.digits(f"{order.number}/{order.year}", thai),
        subject=order.subject,
        preamble=paragraphs(order.preamble),
        members=tuple(
            MemberRow(
                sequence=m.sequence,
                sequence_text=thai_lib.digits(m.sequence, thai),
                name=m.name,
                position=m.position,
                role=m.role.name,
            )
            for m in order.members.all()
        ),
        duties=paragraphs(order.duties),
        closing=paragraphs(order.closing),
        effective_date=order.effective_date,
        effective_date_text=formal_date(order.effective_date, thai=thai),
        signed_date=order.signed_date,
        signed_date_text=formal_date(order.signed_date, thai=thai),
        signer_name=order.signer_name,
        signer_title=order.signer_title,
        scan_pages=tuple(p.image.name for p in order.scan_pages.all() if p.image.name),
        emblem_name=emblem_name,
    )


def _orders(assessment: Assessment):
    return (
        CommitteeOrder.objects.filter(assessment=assessment)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CommitteeMember.objects.select_related("role").order_by("sequence", "id"),
            ),
            Prefetch("scan_pages", queryset=CommitteeOrderScanPage.objects.order_by("number")),
        )
        .order_by("signed_date", "year", "number", "id")
    )


def orders_for_report(
    assessment: Assessment, *, thai: bool | None = None
) -> tuple[OrderReport, ...]:
    use_thai = assessment.use_thai_digits if thai is None else thai
    orders = list(_orders(assessment))
    emblem = official_emblem_name() if orders else ""
    return tuple(order_report(o, thai=use_thai, emblem_name=emblem) for o in orders)


def order_for_report(assessment: Assessment, *, thai: bool | None = None) -> OrderReport | None:
    orders = orders_for_report(assessment, thai=thai)
    return orders[-1] if orders else None


def meeting_report(m: Meeting, *, thai: bool) -> MeetingReport:
    return MeetingReport(
        meeting_id=m.pk,
        title=m.title,
        date=m.date,
        date_text=thai_lib.thai_date(m.date, thai=thai),
        place=m.place,
        chair=m.chair,
        summary=tuple(chair_as_recorded(p, m.chair) for p in paragraphs(m.summary)),
        author=m.author,
        source=m.source,
        photos=tuple(
            PhotoRow(name=p.image.name, caption=p.caption, key=str(p.key))
            for p in m.photos.all()
            if p.image.name
        ),
        agency_name=m.agency.name,
        agency_address=m.agency.address,
    )


def meetings_for_report(
    assessment: Assessment, *, thai: bool | None = None
) -> tuple[MeetingReport, ...]:
    use_thai = assessment.use_thai_digits if thai is None else thai
    meetings = (
        Meeting.objects.filter(committee__assessment=assessment)
        .select_related("agency")
        .prefetch_related(Prefetch("photos", queryset=MeetingPhoto.objects.order_by("order", "id")))
        .order_by("date", "id")
    )
    return tuple(meeting_report(m, thai=use_thai) for m in meetings)
