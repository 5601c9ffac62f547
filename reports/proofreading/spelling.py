"""Probable misspellings in Thai text (pure: no database; PyThaiNLP's bundled data, no download).

Thai has no spaces between words, so a misspelling rarely shows as an unknown word: the
tokeniser (newmm, maximal matching over the word list) splits it into short words that exist
("สาธารณะชน" → "สาธารณะ" + "ชน"). Two rules:

1. a token that is in no word list (neither PyThaiNLP's nor the portal's) is flagged;
2. two neighbouring tokens whose joined text is one edit (insert, delete, replace, swap) away
   from a dictionary word are flagged when that word is far likelier, by Thai National Corpus
   frequencies, than the two words side by side: "สาธารณะ|ชน" → สาธารณชน, "รวม|เร็ว" → รวดเร็ว.

A third finds the common misspellings of official writing by their text (a data file; some
are in PyThaiNLP's word list: โอกาศ, อีเมล์). What is suggested, and how a finding is widened to
the word that was meant ("ประ|เมิณ" → ประเมิณ, ประเมิน), is in suggestions.

Real-word errors ("การจดให้มี" for การจัดให้มี) and wrong sentences are beyond all three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .suggestions import (
    candidates,
    common_misspellings,
    misspelling_pattern,
    rank,
    thai_distance,
)

THAI_LETTER = re.compile("[\u0e01-\u0e2e]")
# Thai letters, vowels and tone marks an edit may insert or replace (no digits or symbols).
THAI_ALPHABET = tuple(
    chr(c) for c in range(0x0E01, 0x0E4E) if chr(c).isalpha() or 0x0E31 <= c <= 0x0E4D
)
CONTEXT_CHARS = 20
MIN_JOINED_LENGTH = 4
# How much likelier the one-word reading must be than the two words side by side. Measured on
# the seed: its misspellings score 540 (สาธารณชน) and more, the one false alarm left in the
# corrected demo texts 194 ("ตัดงาน" read as จัดงาน). A small sample: revisit with more reports.
LIKELIHOOD_RATIO = 300.0
# TTC is about a tenth of TNC's size: its counts are scaled to TNC's where TNC lacks a word.
TTC_SCALE = 11


@dataclass(frozen=True, eq=False)  # hashed by identity: one trie per lexicon
class Lexicon:
    """A word list with corpus frequencies."""

    words: frozenset[str]
    freqs: Mapping[str, int]
    total: int

    def freq(self, word: str) -> int:
        return self.freqs.get(word, 0)

    @cached_property
    def max_freq(self) -> int:
        return max(self.freqs.values(), default=0)


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int
    end: int
    suggestion: str = ""


@dataclass(frozen=True)
class TextSource:
    """One text staff wrote: which field of which object it is."""

    field: str
    object: str
    text: str


@dataclass(frozen=True)
class Finding:
    field: str
    object: str
    word: str
    context: str
    suggestion: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "object": self.object,
            "word": self.word,
            "context": self.context,
            "suggestion": self.suggestion,
        }


# The portal's terms every agency uses (abbreviations, ITA terms): data, not code.
VOCABULARY_FILE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "proofreading" / "vocabulary-th.txt"
)


def file_words(path: Path = VOCABULARY_FILE) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@lru_cache(maxsize=1)
def base_lexicon() -> Lexicon:
    """PyThaiNLP's Thai word list and the portal's terms, with TNC (and scaled TTC)
    frequencies; every file is bundled, nothing is downloaded."""
    from pythainlp.corpus import ttc
    from pythainlp.corpus.common import thai_words
    from pythainlp.corpus.tnc import unigram_word_freqs

    freqs = dict(unigram_word_freqs())
    for word, count in ttc.word_freqs():
        freqs.setdefault(word, count * TTC_SCALE)
    words = frozenset(thai_words()) | frozenset(file_words())
    return Lexicon(words=words, freqs=freqs, total=sum(freqs.values()))


@lru_cache(maxsize=4)
def _trie(lexicon: Lexicon) -> Any:
    """The tokeniser's word trie, built once per process (seconds for 62,000 words), never
    changed: a checker's own words are joined back from the tokens instead (_merge_own)."""
    from pythainlp.util import Trie

    return Trie(lexicon.words)


MAX_OWN_WORD_TOKENS = 5
MAX_SUGGESTIONS = 3
# How many neighbouring tokens on each side an unknown token may be joined with to find the
# word that was meant, and the longest such word.
WIDEN_TOKENS = 2
MAX_WORD_LENGTH = 16
# A letter or two ("ว" of ผวนวกับ) is one edit from hundreds of words: no suggestion.
MIN_SUGGESTED_LENGTH = 3


class Checker:
    """Finds probable misspellings with a lexicon, the portal's own words and the common
    misspellings of official writing (see suggestions)."""

    def __init__(
        self,
        lexicon: Lexicon,
        own_words: Iterable[str] = (),
        misspellings: Mapping[str, str] | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.own = frozenset(w for w in own_words if w)
        self.trie = _trie(lexicon)
        self.misspellings = common_misspellings() if misspellings is None else misspellings
        self._pattern = misspelling_pattern(self.misspellings)
        self._pairs: dict[tuple[str, str], str] = {}
        self._suggested: dict[str, list[str]] = {}

    def suggestions(self, word: str, limit: int = 3) -> list[str]:
        """The likeliest intended words, best first: the known correction of a common
        misspelling, else the nearest dictionary words by Thai-weighted distance."""
        if word in self.misspellings:
            return [self.misspellings[word]]
        if word not in self._suggested:
            found = candidates(word, self.lexicon.words, one_edit(word))
            self._suggested[word] = rank(word, found, self.lexicon.freqs)[:MAX_SUGGESTIONS]
        return self._suggested[word][:limit]

    def _common(self, text: str) -> list[Misspelling]:
        if self._pattern is None:
            return []
        return [
            Misspelling(m.group(), m.start(), m.end(), self.misspellings[m.group()])
            for m in self._pattern.finditer(text)
        ]

    def known(self, token: str) -> bool:
        return token in self.lexicon.words or token in self.own or not THAI_LETTER.search(token)

    def tokens(self, text: str) -> list[str]:
        from pythainlp.tokenize import word_tokenize

        tokens = word_tokenize(text, custom_dict=self.trie, engine="newmm", keep_whitespace=True)
        return self._merge_own(tokens)

    def _merge_own(self, tokens: list[str]) -> list[str]:
        """Join the pieces the tokeniser cut an own word into ("ชนา|ธิป" → ชนาธิป)."""
        if not self.own:
            return tokens
        merged: list[str] = []
        index = 0
        while index < len(tokens):
            for span in range(min(MAX_OWN_WORD_TOKENS, len(tokens) - index), 1, -1):
                joined = "".join(tokens[index : index + span])
                if joined in self.own:
                    merged.append(joined)
                    index += span
                    break
            else:
                merged.append(tokens[index])
                index += 1
        return merged

    def check(self, text: str) -> list[Misspelling]:
        common = self._common(text)
        found = [
            m
            for m in self._by_tokens(text)
            if not any(m.start < c.end and c.start < m.end for c in common)
        ]
        return sorted(common + found, key=lambda m: m.start)

    def _by_tokens(self, text: str) -> list[Misspelling]:
        tokens = self.tokens(text)
        found: list[Misspelling] = []
        offsets = _offsets(tokens)
        for index, token in enumerate(tokens):
            start = offsets[index]
            if not self.known(token):
                found.append(self._unknown(tokens, offsets, index))
                continue
            if index + 1 < len(tokens):
                suggestion = self._joined(token, tokens[index + 1])
                if suggestion:
                    widened = self._widened(tokens, offsets, index, index + 1, suggestion)
                    found.append(widened or Misspelling(token, start, start, suggestion))
        return found

    def _unknown(self, tokens: list[str], offsets: list[int], index: int) -> Misspelling:
        """An unknown token, widened to the word that was likeliest meant (see _widened); with
        no suggestion, the token and its one- or two-letter neighbours ("ผวน|ว|กับ")."""
        widened = self._widened(tokens, offsets, index, index, "")
        if widened is not None:
            return widened
        first = last = index
        if len(tokens[index]) <= 2:
            if index > 0 and THAI_LETTER.search(tokens[index - 1]):
                first = index - 1
            if index + 1 < len(tokens) and THAI_LETTER.search(tokens[index + 1]):
                last = index + 1
        start, end = offsets[first], offsets[last] + len(tokens[last])
        return Misspelling("".join(tokens[first : last + 1]), start, end)

    def _widened(
        self, tokens: list[str], offsets: list[int], low: int, high: int, suggestion: str
    ) -> Misspelling | None:
        """The misspelling that holds tokens low..high and up to WIDEN_TOKENS Thai tokens on
        each side whose best suggestion is nearest (the longer on a tie: "ประ|เมิณ" is ประเมิณ
        for ประเมิน, not เมิณ for เมิน); suggestion: the one known for low..high already."""
        best: tuple[float, int, int, int, str] | None = None
        for first in range(low, max(-1, low - 1 - WIDEN_TOKENS), -1):
            for last in range(high, min(len(tokens), high + 1 + WIDEN_TOKENS)):
                word = "".join(tokens[first : last + 1])
                if not all(THAI_LETTER.search(t) for t in tokens[first : last + 1]):
                    continue
                if (first, last) == (low, high) and suggestion:
                    found = [suggestion]
                elif len(word) < MIN_SUGGESTED_LENGTH or len(word) > MAX_WORD_LENGTH:
                    continue  # too little to go on, or a phrase rather than a word
                elif (first, last) != (low, high) and word in self.lexicon.words:
                    continue
                else:
                    found = self.suggestions(word, 1)
                pieces = {
                    "".join(tokens[a : b + 1])
                    for a in range(first, last + 1)
                    for b in range(a, last + 1)
                    if (a, b) != (first, last)
                }
                # A suggestion that only drops some of the tokens ("ว|กับ" → กับ) says nothing.
                for candidate in (c for c in found if c not in pieces and c != word):
                    rated = (thai_distance(word, candidate), -len(word), first, last, candidate)
                    if best is None or rated[:2] < best[:2]:
                        best = rated
        if best is None:
            return None
        first, last, candidate = best[2:]
        start, end = offsets[first], offsets[last] + len(tokens[last])
        return Misspelling("".join(tokens[first : last + 1]), start, end, candidate)

    def _joined(self, first: str, second: str) -> str:
        """The likelier one-word reading of two neighbouring words, or ""."""
        key = (first, second)
        if key not in self._pairs:
            self._pairs[key] = self._best_joined(first, second)
        return self._pairs[key]

    def _best_joined(self, first: str, second: str) -> str:
        if first in self.own or second in self.own:
            return ""
        if not (THAI_LETTER.search(first) and THAI_LETTER.search(second)):
            return ""
        joined = first + second
        words = self.lexicon.words
        if len(joined) < MIN_JOINED_LENGTH or joined in words or joined in self.own:
            return ""
        lexicon = self.lexicon
        apart = max(lexicon.freq(first), 1) * max(lexicon.freq(second), 1) / lexicon.total
        if apart * LIKELIHOOD_RATIO > lexicon.max_freq:
            return ""  # two common words: no single word is frequent enough to beat them
        best, best_ratio = "", LIKELIHOOD_RATIO
        # A misspelling that splits a word sits where the tokeniser cut it.
        near = range(max(0, len(first) - 3), min(len(joined), len(first) + 2) + 1)
        for candidate in one_edit(joined, near):
            if len(candidate) < MIN_JOINED_LENGTH or candidate not in words:
                continue
            ratio = lexicon.freq(candidate) / apart
            if ratio >= best_ratio:
                best, best_ratio = candidate, ratio
        return best


def _offsets(tokens: list[str]) -> list[int]:
    offsets, position = [], 0
    for token in tokens:
        offsets.append(position)
        position += len(token)
    return offsets


def one_edit(word: str, positions: Iterable[int] | None = None) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away (Norvig's edits1),
    at the given positions only (all by default)."""
    at = range(len(word) + 1) if positions is None else positions
    splits = [(word[:i], word[i:]) for i in at]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in THAI_ALPHABET}
    inserts = {a + c + b for a, b in splits for c in THAI_ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The words around a finding, on one line, the finding marked with ⟦ ⟧."""
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    return f"{before}⟦{text[start:end]}⟧{after}"


def proofread(sources: Iterable[TextSource], checker: Checker) -> list[Finding]:
    """Every probable misspelling of every text, in the order of the texts."""
    return [
        Finding(
            field=source.field,
            object=source.object,
            word=m.word,
            context=context_of(source.text, m.start, m.end),
            suggestion=m.suggestion,
        )
        for source in sources
        for m in checker.check(source.text)
    ]
