"""Checks of what staff wrote against the framework's own figures (pure: text and bands in).

The seed's order sets the target "ระดับ AA หรือ ๘๕ คะแนนขึ้นไป", yet AA starts at 95: a
sentence that ties a grade to a score is checked against the grade's lower bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol

from ita_portal.lib import thai

WARNING_BAND_CLAIM = (
    "{where}: “{excerpt}” ไม่ตรงกับเกณฑ์ของกรอบการประเมิน ระดับ {code} เริ่มที่ {lower} คะแนน"
)

WARNING_ORDER_WITHOUT_EMBLEM = (
    "คำสั่งที่ {number} ที่พิมพ์ในรายงานยังไม่มีตราครุฑที่หัวคำสั่ง: ผู้ดูแลระบบอัปโหลดภาพตราครุฑได้ที่"
    " หน้าผู้ดูแลระบบ > ตราครุฑสำหรับหนังสือราชการ (หรือแนบคำสั่งฉบับลงนามที่สแกนไว้)"
)

_NUMBER = r"([0-9๐-๙]+(?:\.[0-9๐-๙]+)?)"
_CODE = r"(?<![A-Za-z])([A-F]{1,2})(?![A-Za-z])"
# "ระดับ AA หรือ ๘๕ คะแนน ขึ้นไป", "ระดับ A (๘๕ คะแนนขึ้นไป)": a bound, so "ขึ้นไป" is asked
# for ("ระดับ A ๘๙.๐๗ คะแนน" states a result, not a bound).
_CODE_THEN_SCORE = re.compile(_CODE + r"\s*(?:หรือ|=|\(|คือ)?\s*" + _NUMBER + r"\s*คะแนน\s*ขึ้นไป")
# "๘๕ คะแนนขึ้นไป (ระดับ AA)"
_SCORE_THEN_CODE = re.compile(_NUMBER + r"\s*คะแนน\s*ขึ้นไป\s*\(?\s*(?:ระดับ)?\s*" + _CODE)


class Band(Protocol):
    code: str
    lower: Decimal


@dataclass(frozen=True)
class BandClaim:
    code: str
    stated: Decimal
    lower: Decimal
    excerpt: str


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(thai.to_arabic_digits(text))
    except InvalidOperation:
        return None


def _claims(text: str) -> Iterable[tuple[str, str, re.Match[str]]]:
    for match in _CODE_THEN_SCORE.finditer(text):
        yield match.group(1), match.group(2), match
    for match in _SCORE_THEN_CODE.finditer(text):
        yield match.group(2), match.group(1), match


def band_claims(text: str, bands: Sequence[Band]) -> list[BandClaim]:
    """Grades tied to a score that is not the grade's lower bound in the framework."""
    lower_of = {b.code: Decimal(b.lower) for b in bands}
    found: list[BandClaim] = []
    for code, number, match in _claims(" ".join(text.split())):
        stated = _decimal(number)
        if code not in lower_of or stated is None or stated == lower_of[code]:
            continue
        found.append(
            BandClaim(code=code, stated=stated, lower=lower_of[code], excerpt=match.group(0))
        )
    return found


def band_claim_warnings(
    texts: Iterable[tuple[str, str]], bands: Sequence[Band], *, thai_digits: bool
) -> tuple[str, ...]:
    """One warning per wrong claim, naming where it is (texts are (where, text) pairs)."""
    return tuple(
        WARNING_BAND_CLAIM.format(
            where=where,
            excerpt=claim.excerpt,
            code=claim.code,
            lower=thai.digits(f"{claim.lower:.2f}", thai_digits),
        )
        for where, text in texts
        for claim in band_claims(text, bands)
    )


def order_emblem_warnings(number_text: str, *, retyped: bool, has_emblem: bool) -> tuple[str, ...]:
    """A retyped order (no signed scan attached) without the Garuda is not an official form."""
    if retyped and not has_emblem:
        return (WARNING_ORDER_WITHOUT_EMBLEM.format(number=number_text),)
    return ()
