"""What to suggest for a misspelt Thai word (pure: no database, no download).

Two sources, in this order:

1. the common misspellings of official writing, kept as data (fixtures/proofreading/
   misspellings-th.tsv: misspelling → the Royal Institute's form). PyThaiNLP's word list holds
   several of them as words (โอกาศ, สัญญลักษณ์, อีเมล์), so they are found by their text, not by
   the tokeniser;
2. for any other word, the dictionary words within one edit, or two of the slips Thai writers
   make (a letter of the same sound: ส/ศ/ษ, ต/ฏ/ฎ, ท/ธ, น/ณ; a silent letter with its ์; a
   vowel or tone mark added or dropped; a doubled letter), ranked by a Thai-weighted edit
   distance first and corpus frequency second.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

MISSPELLINGS_FILE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "proofreading" / "misspellings-th.tsv"
)
ERROR_MISSPELLING_LINE = "บรรทัด {line} ของ {path}: ต้องเป็น คำที่ผิด<แท็บ>คำที่ถูก"
ERROR_MISSPELLING_INSIDE = "บรรทัด {line} ของ {path}: คำที่ผิด {wrong} เป็นส่วนหนึ่งของคำที่ถูก"


def read_misspellings(path: Path = MISSPELLINGS_FILE, *, searched: bool = True) -> dict[str, str]:
    """misspelling → correct form, from a file of tab-separated pairs (# starts a remark).
    searched: the misspellings are looked for in text, so none may lie inside its correction."""
    pairs: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) != 2 or not all(parts):
            raise ValueError(ERROR_MISSPELLING_LINE.format(line=number, path=path.name))
        wrong, right = parts
        if searched and wrong in right:  # it would be found inside every correct use
            raise ValueError(
                ERROR_MISSPELLING_INSIDE.format(line=number, path=path.name, wrong=wrong)
            )
        pairs[wrong] = right
    return pairs


@lru_cache(maxsize=1)
def common_misspellings() -> Mapping[str, str]:
    return read_misspellings()


def misspelling_pattern(pairs: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of the misspellings, the longest first."""
    words = sorted(pairs, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words))) if words else None


# Letters Thai writers confuse because they sound alike (as initials or finals).
SOUND_ALIKE = (
    "สศษซ", "ตฏฎด", "ทธฑฒถฐ", "นณญ", "ลฬร", "พภผ", "ขฃคฅฆ", "ชฌฉ", "ยญ", "บป", "จช",
    "ัะ", "ิี", "ึื", "ุู", "่้๊๋", "ใไ",
)  # fmt: skip
_GROUP = {letter: index for index, group in enumerate(SOUND_ALIKE) for letter in group}
KARAN = "\u0e4c"  # ์, the mark of a silent letter
# Marks and short vowels a writer adds or drops without noticing (ต/ติ, เกต/เกตุ, ย/ย์).
SOFT = frozenset("\u0e31\u0e34\u0e35\u0e38\u0e39\u0e30\u0e48\u0e49" + KARAN)
SOUND_ALIKE_COST = 0.3
SOFT_COST = 0.4
SWAP_COST = 0.6
# Frequency breaks ties between candidates of about the same distance: a tenth of an edit per
# factor of ten in the Thai National Corpus.
FREQUENCY_WEIGHT = 0.1


# Letters that sound alike as the final consonant of a word (แม่กด, แม่กน, แม่กก, แม่กบ).
FINAL_SOUND_ALIKE = ("จชซฌฎฏฐฑฒดตถทธศษส", "ญณนรลฬ", "กขคฆ", "บปพภฟ")
_FINAL_GROUP = {letter: i for i, group in enumerate(FINAL_SOUND_ALIKE) for letter in group}
FINAL_SOUND_ALIKE_COST = 0.5


def substitution_cost(a: str, b: str, final: bool = False) -> float:
    """Cost of writing a for b; final: both end their words (where more letters sound alike)."""
    if a == b:
        return 0.0
    if _GROUP.get(a, -1) == _GROUP.get(b, -2):
        return SOUND_ALIKE_COST
    if final and _FINAL_GROUP.get(a, -1) == _FINAL_GROUP.get(b, -2):
        return FINAL_SOUND_ALIKE_COST
    return 1.0


def _indel_cost(word: str, index: int) -> float:
    """Cost of adding or dropping word[index]: small for a mark, a vowel or a doubled letter."""
    letter = word[index]
    doubled = index > 0 and word[index - 1] == letter
    silent = index + 1 < len(word) and word[index + 1] == KARAN
    return SOFT_COST if letter in SOFT or doubled or silent else 1.0


def thai_distance(typed: str, word: str) -> float:
    """Damerau–Levenshtein distance weighted for Thai slips (see SOUND_ALIKE and SOFT)."""
    rows, cols = len(typed) + 1, len(word) + 1
    table = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        table[i][0] = table[i - 1][0] + _indel_cost(typed, i - 1)
    for j in range(1, cols):
        table[0][j] = table[0][j - 1] + _indel_cost(word, j - 1)
    for i in range(1, rows):
        for j in range(1, cols):
            best = min(
                table[i - 1][j] + _indel_cost(typed, i - 1),
                table[i][j - 1] + _indel_cost(word, j - 1),
                table[i - 1][j - 1]
                + substitution_cost(typed[i - 1], word[j - 1], i == rows - 1 and j == cols - 1),
            )
            if i > 1 and j > 1 and typed[i - 1] == word[j - 2] and typed[i - 2] == word[j - 1]:
                best = min(best, table[i - 2][j - 2] + SWAP_COST)
            table[i][j] = best
    return table[-1][-1]


CONSONANTS = tuple(chr(c) for c in range(0x0E01, 0x0E2F))


def _slips(word: str, silent: bool = True) -> set[str]:
    """Every string one Thai slip away: a sound-alike letter, a mark or short vowel added or
    dropped, a letter doubled or undoubled, a silent letter with its ์ dropped or (if silent)
    added."""
    found: set[str] = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        found |= {head + mark + tail for mark in SOFT}
        if silent:
            found |= {head + letter + KARAN + tail for letter in CONSONANTS}
        if tail:
            found.add(head + tail[1:])
            found.add(head + tail[0] + tail)
            group = _GROUP.get(tail[0])
            if group is not None:
                found |= {head + c + tail[1:] for c in SOUND_ALIKE[group]}
            if tail[1:2] == KARAN:
                found.add(head + tail[2:])
    found.discard(word)
    return found


def candidates(word: str, words: frozenset[str], one_edit: set[str]) -> set[str]:
    """Dictionary words one edit (one_edit) or one slip away from word; if there are none,
    two slips away (two are slow to list: hundreds of thousands of strings)."""
    first = _slips(word)
    found = {candidate for candidate in one_edit | first if candidate in words}
    if found:
        return found
    return {two for one in first for two in _slips(one, silent=False) if two in words}


def score(word: str, candidate: str, freq: Mapping[str, int]) -> float:
    """How unlikely candidate is as the intended word (lower is likelier): the weighted
    distance, less a little for a common word."""
    common = math.log10(freq.get(candidate, 0) + 1)
    return thai_distance(word, candidate) - FREQUENCY_WEIGHT * common


def rank(word: str, found: Iterable[str], freq: Mapping[str, int]) -> list[str]:
    """The candidates, likeliest first (ties in alphabetical order, for the same answer every
    run)."""
    return sorted(found, key=lambda candidate: (score(word, candidate, freq), candidate))
