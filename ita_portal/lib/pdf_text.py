"""Exact text in WeasyPrint's PDFs where one character is drawn with several glyphs (Thai ำ).

HarfBuzz draws ำ (SARA AM) as NIKHAHIT + SARA AA, both in ำ's cluster. WeasyPrint gives each
glyph id one text in the font's ToUnicode map, the first it meets: the SARA AA glyph reads "า"
everywhere and the NIKHAHIT nothing, so ดำเนิน is extracted, searched and read aloud as ดาเนิน,
and a tone mark before ำ is lost with it (upstream WeasyPrint #2841, open).

While WeasyPrint draws a line, ``exact_text()`` splits each cluster's text over its glyphs (each
glyph takes its own character where the cluster's text has it next, a glyph outside the cmap
(a mark variant) the next character, the last glyph the rest). A glyph whose share differs from
the text its id already carries is drawn under an alias code (from ALIAS_BASE up). The alias is
a CID of its own (MuPDF reads text per CID, not per code) that the font's CIDToGIDMap sends to
the same glyph, so the page looks exactly the same while the ToUnicode map reads the source
text back.

No glyph reads as nothing: PDFium and pdf.js read an empty ToUnicode destination as the code
itself (U+E000…, a private-use character). A glyph left without a share (the nikhahit of a
plain ำ, which HarfBuzz draws as NIKHAHIT + SARA AA for one character) reads as FILLER, an
invisible format character that pdf.js passes over, and its cluster is drawn inside a
``/Span <</ActualText (its text)>> BDC … EMC`` marked-content sequence, which poppler, PDFium and
MuPDF read instead of the glyphs (pdf.js 5 ignores ActualText: FILLER is what it skips). Written
against WeasyPrint 70 (weasyprint.draw.text.draw_first_line, weasyprint.pdf.fonts).
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import ceil
from typing import Any, cast

import pydyf
from fontTools.ttLib import TTFont
from weasyprint.draw import text as draw_text
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

# Alias codes live above any glyph id of the fonts we alias (WeasyPrint numbers the glyphs a
# font lacks from its glyph count up), below 0xFFFF (two-byte codes).
ALIAS_BASE = 0xE000
# The text of a glyph that stands for no character of its own: WORD JOINER, a format character
# (Unicode category Cf) that pdf.js leaves out of the text; the other readers read ActualText.
FILLER = "\u2060"


@dataclass
class FontAliases:
    """Alias codes of one WeasyPrint font: code → glyph id, and (glyph id, text) → code."""

    glyph_of: dict[int, int] = field(default_factory=dict)
    code_of: dict[tuple[int, str], int] = field(default_factory=dict)
    chars_of: dict[int, frozenset[str]] = field(default_factory=dict)
    text_of: dict[int, bytes] = field(default_factory=dict)  # code → its text, UTF-8

    def set_text(self, font: Any, code: int, text: str) -> None:
        font.to_unicode[code] = text
        self.text_of[code] = text.encode()


def split_cluster(text: str, glyph_chars: list[frozenset[str]]) -> list[str]:
    """Each glyph's share of its cluster's text: its own character where the text has it next,
    the next character for a glyph outside the cmap (a mark variant) while more text is left,
    nothing otherwise; the last glyph takes what is left (ำ drawn as ◌ํ + า gives "", "ำ";
    ่ำ drawn as a raised ◌ํ่ + า gives "่", "ำ")."""
    shares = []
    rest = text
    for chars in glyph_chars[:-1]:
        own = next((c for c in chars if rest.startswith(c)), "")
        if not chars and len(rest) > 1:
            own = rest[0]
        shares.append(own)
        rest = rest[len(own) :]
    shares.append(rest)
    return shares


def _reverse_cmap(font: Any) -> dict[int, frozenset[str]]:
    """Characters each glyph id of a WeasyPrint font stands for in the font's cmap."""
    ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
    chars: dict[int, set[str]] = {}
    for codepoint, name in ttfont.getBestCmap().items():
        chars.setdefault(ttfont.getGlyphID(name), set()).add(chr(codepoint))
    return {glyph: frozenset(found) for glyph, found in chars.items()}


def _aliases(font: Any) -> FontAliases:
    aliases = getattr(font, "ita_aliases", None)
    if aliases is None:
        aliases = FontAliases(chars_of=_reverse_cmap(font))
        font.ita_aliases = aliases
    return aliases


def _code_for(font: Any, aliases: FontAliases, glyph: int, text: str) -> int:
    """The code to draw glyph with when it stands for text here (the glyph id or an alias).

    A glyph's own id carries its own character (the first in the cmap: a space, not a no-break
    space, for the glyph of both), or the first text met if it has none (a ligature)."""
    mapped = font.to_unicode.get(glyph)
    chars = aliases.chars_of.get(glyph)
    own = min(chars) if chars else None
    if mapped is None and own in (None, text):
        aliases.set_text(font, glyph, text)
        return glyph
    if mapped == text:
        return glyph
    if mapped is None and own is not None:  # the glyph keeps its own character (and subset place)
        aliases.set_text(font, glyph, own)
    code = aliases.code_of.get((glyph, text))
    if code is None:
        code = ALIAS_BASE + len(aliases.glyph_of)
        aliases.code_of[glyph, text] = code
        aliases.glyph_of[code] = glyph
        aliases.set_text(font, code, text)
    return code


def _glyph_width(font: Any, pango_font: Any, glyph: int, font_size: float) -> int:
    """The glyph's width in the PDF's units, as WeasyPrint computes it."""
    if glyph not in font.widths:
        ink, logical = ffi.new("PangoRectangle *"), ffi.new("PangoRectangle *")
        pango.pango_font_get_glyph_extents(pango_font, glyph, ink, logical)
        font.widths[glyph] = round(logical.width * 1000 * FROM_UNITS / font_size)
    return int(font.widths[glyph])


def _is_special(glyph: int) -> bool:
    """Pango's empty glyph (default-ignorable characters such as U+2060) or a missing one."""
    return glyph == pango.PANGO_GLYPH_EMPTY or bool(glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG)


def _can_alias(font: Any, glyph_item: Any) -> bool:
    return not (
        font.bitmap
        or font.png
        or font.svg
        or font.colr
        or font.glyph_count >= ALIAS_BASE
        or glyph_item.item.analysis.level % 2  # right-to-left: left to WeasyPrint
    )


Rewrite = tuple[Any, int, int]  # (PangoGlyphInfo array, index, original glyph id)
_GLYPH_INFO_WORDS = ffi.sizeof("PangoGlyphInfo") // 4  # the glyph id is its first uint32


@dataclass
class Span:
    """A cluster drawn inside an ActualText span: its codes in drawing order, and its text."""

    codes: tuple[int, ...]
    text: str


@dataclass
class LineMap:
    """What mapping one line did: the glyphs it rewrote, and the clusters to draw in spans."""

    rewrites: list[Rewrite] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def _map_cluster(
    font: Any, aliases: FontAliases, glyph_item: Any, indexes: range, text: bytes, line: LineMap
) -> None:
    """Give each glyph of one cluster the code that makes the cluster read back as its text."""
    infos = glyph_item.glyphs.glyphs
    drawn = [i for i in indexes if not _is_special(infos[i].glyph)]
    if not drawn or any(infos[i].glyph in aliases.glyph_of for i in drawn):
        return
    glyphs = [infos[i].glyph for i in drawn]
    chars = [aliases.chars_of.get(glyph, frozenset()) for glyph in glyphs]
    pango_font = glyph_item.item.analysis.font
    shares = split_cluster(text.decode(), chars)
    for i, glyph, share in zip(drawn, glyphs, shares, strict=True):
        code = _code_for(font, aliases, glyph, share or FILLER)
        if code != glyph:
            font.widths[code] = _glyph_width(font, pango_font, glyph, font.ita_font_size)
            line.rewrites.append((infos, i, glyph))
            infos[i].glyph = code
    if "" in shares:  # a glyph reads as FILLER: readers that can take the cluster's text
        line.spans.append(Span(tuple(infos[i].glyph for i in drawn), text.decode()))


def _map_run(stream: Any, glyph_item: Any, text: bytes, line: LineMap) -> None:
    """Map each cluster of a run. Most runs already read back as written (their glyphs were met
    before): one comparison passes them; otherwise a one-glyph cluster whose glyph reads as its
    text is passed over quickly, and the others are mapped."""
    font, font_size = stream.add_font(glyph_item.item.analysis.font)
    if not _can_alias(font, glyph_item) or not font_size:
        return
    aliases = _aliases(font)
    font.ita_font_size = font_size
    glyphs = glyph_item.glyphs
    count = glyphs.num_glyphs
    words = memoryview(ffi.buffer(glyphs.glyphs, count * _GLYPH_INFO_WORDS * 4)).cast("I")
    ids = words[::_GLYPH_INFO_WORDS]
    offset, length, text_of = glyph_item.item.offset, glyph_item.item.length, aliases.text_of
    known = list(map(text_of.get, ids))
    if None not in known and b"".join(cast(list[bytes], known)) == text[offset : offset + length]:
        return  # every glyph already reads as its text: the run reads back as written
    clusters = ffi.unpack(glyphs.log_clusters, count)
    first = 0
    while first < count:
        start, end = clusters[first], first + 1
        while end < count and clusters[end] == start:
            end += 1
        piece = text[offset + start : offset + (clusters[end] if end < count else length)]
        if end - first > 1 or text_of.get(ids[first]) != piece:
            _map_cluster(font, aliases, glyph_item, range(first, end), piece, line)
        first = end


def _map_line(stream: Any, pango_line: Any, text: str) -> LineMap:
    encoded = text.encode()
    line = LineMap()
    run = pango_line.runs
    while run != ffi.NULL:
        _map_run(stream, run.data, encoded, line)
        run = run.next
    return line


def _restore(rewrites: list[Rewrite]) -> None:
    for infos, index, glyph in reversed(rewrites):
        infos[index].glyph = glyph


_TJ_ITEM = re.compile(r"<([0-9a-f]*)>|([^<]+)")


def _tj_items(string: str) -> list[int | str]:
    """A TJ array as WeasyPrint writes it (``<01c90003>-10<e000>``): two-byte codes and numbers."""
    items: list[int | str] = []
    for hexes, number in _TJ_ITEM.findall(string):
        if number:
            items.append(number)
        items += [int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4)]
    return items


def _tj_string(items: list[int | str]) -> str:
    text = "".join(f"<{item:04x}>" if isinstance(item, int) else f" {item} " for item in items)
    return text.replace("><", "").strip()


def _show_text_in_spans(stream: Any, string: str, spans: list[Span]) -> None:
    """Show a TJ array, each of the next spans' clusters (in drawing order) in its own TJ inside
    a /Span with the cluster's ActualText. Consecutive TJs in one text object place the glyphs
    exactly as one would (each advances the text position by its own glyphs and numbers)."""
    if not spans:
        _SHOW_TEXT(stream, string)
        return
    items = _tj_items(string)
    places = [index for index, item in enumerate(items) if isinstance(item, int)]
    codes = [items[index] for index in places]
    start = at = 0  # the first item not shown yet; the first code not matched yet
    while spans and at < len(codes):
        count = len(spans[0].codes)
        if tuple(codes[at : at + count]) != spans[0].codes:
            at += 1
            continue
        first, end = places[at], places[at + count - 1] + 1
        if first > start:
            _SHOW_TEXT(stream, _tj_string(items[start:first]))
        actual = pydyf.Dictionary({"ActualText": pydyf.String(spans.pop(0).text)})
        pydyf.Stream.begin_marked_content(stream, "Span", actual)
        _SHOW_TEXT(stream, _tj_string(items[first:end]))
        pydyf.Stream.end_marked_content(stream)
        start, at = end, at + count
    if start < len(items):
        _SHOW_TEXT(stream, _tj_string(items[start:]))


def _draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's draw_first_line, drawing the line's glyphs under text-exact codes."""
    layout = textbox.pango_layout
    line = LineMap()

    def get_first_line() -> tuple[Any, int | None]:
        # A line fetched again after set_text() (ellipsis) is a new line: the old one is freed.
        nonlocal line
        pango_line, index = type(layout).get_first_line(layout)
        line = _map_line(stream, pango_line, layout.text)
        return pango_line, index

    layout.get_first_line = get_first_line
    stream.show_text = lambda string: _show_text_in_spans(stream, string, line.spans)
    try:
        return _ORIGINAL_DRAW_FIRST_LINE(stream, textbox, *args, **kwargs)
    finally:
        del layout.get_first_line
        del stream.show_text
        _restore(line.rewrites)  # the glyphs belong to Pango's line: give them back as they were


def _cid_to_gid_map(font: Any, aliases: FontAliases, compress: bool) -> Any:
    """CIDToGIDMap: each CID to the glyph of the same number, an alias to its glyph."""
    gids = bytearray(2 * (max(aliases.glyph_of) + 1))
    for cid in range(min(font.glyph_count, ALIAS_BASE)):
        gids[2 * cid : 2 * cid + 2] = cid.to_bytes(2, "big")
    for cid, glyph in aliases.glyph_of.items():
        gids[2 * cid : 2 * cid + 2] = glyph.to_bytes(2, "big")
    return pydyf.Stream([bytes(gids)], compress=compress)


def _encoding_cmap(font: Any, compress: bool) -> Any:
    """Encoding CMap: each code to the CID of the same number, a missing glyph's code to 0."""
    cidchars = []
    missing = set(font.missing.values())
    for code in font.to_unicode:
        cidchars.append(f"<{code:04x}> {0 if code in missing else code}".encode())
    stream = pydyf.Stream(
        [
            b"/CIDInit /ProcSet findresource begin",
            b"12 dict begin",
            b"begincmap",
            b"/CIDSystemInfo 3 dict dup begin",
            b"/Registry (Adobe) def /Ordering (Identity) def /Supplement 0 def",
            b"end def",
            b"/CMapName /WP-Encod-ITA def",
            b"/CMapType 1 def",
            b"1 begincodespacerange <0000> <ffff> endcodespacerange",
        ],
        pydyf.Dictionary(
            {
                "Type": "/CMap",
                "CMapName": "/WP-Encod-ITA",
                "CIDSystemInfo": pydyf.Dictionary(
                    {
                        "Registry": pydyf.String("Adobe"),
                        "Ordering": pydyf.String("Identity"),
                        "Supplement": 0,
                    }
                ),
            }
        ),
        compress=compress,
    )
    for batch in range(ceil(len(cidchars) / 100)):
        chunk = cidchars[batch * 100 : (batch + 1) * 100]
        stream.stream.extend([f"{len(chunk)} begincidchar".encode(), *chunk, b"endcidchar"])
    stream.stream.extend(
        [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    )
    return stream


def _build_vector_font_dictionary(
    font_dictionary: Any, pdf: Any, font: Any, widths: Any, compress: bool, *args: Any
) -> None:
    """WeasyPrint's font dictionary, with a CIDToGIDMap for the font's alias codes (and an
    Encoding CMap of its own where glyphs are missing: WeasyPrint's lists no alias)."""
    aliases = getattr(font, "ita_aliases", None)
    if aliases is None or not aliases.glyph_of:
        _ORIGINAL_BUILD_VECTOR_FONT(font_dictionary, pdf, font, widths, compress, *args)
        return
    missing = font.missing
    font.missing = {}
    try:
        _ORIGINAL_BUILD_VECTOR_FONT(font_dictionary, pdf, font, widths, compress, *args)
    finally:
        font.missing = missing
    # The CIDFont dictionary WeasyPrint has just added (the last one naming a CIDToGIDMap).
    subfont = next(
        obj
        for obj in reversed(pdf.objects)
        if isinstance(obj, pydyf.Dictionary) and "CIDToGIDMap" in obj
    )
    cid_to_gid = _cid_to_gid_map(font, aliases, compress)
    pdf.add_object(cid_to_gid)
    subfont["CIDToGIDMap"] = cid_to_gid.reference
    if missing:
        encoding = _encoding_cmap(font, compress)
        pdf.add_object(encoding)
        font_dictionary["Encoding"] = encoding.reference


_ORIGINAL_DRAW_FIRST_LINE = draw_text.draw_first_line
_SHOW_TEXT = pydyf.Stream.show_text
_ORIGINAL_BUILD_VECTOR_FONT = pdf_fonts._build_vector_font_dictionary
_lock = threading.RLock()


@contextmanager
def exact_text() -> Iterator[None]:
    """Inside this block WeasyPrint writes PDFs whose text reads back as the source text."""
    with _lock:
        draw_text.draw_first_line = _draw_first_line
        pdf_fonts._build_vector_font_dictionary = _build_vector_font_dictionary
        try:
            yield
        finally:
            draw_text.draw_first_line = _ORIGINAL_DRAW_FIRST_LINE
            pdf_fonts._build_vector_font_dictionary = _ORIGINAL_BUILD_VECTOR_FONT
