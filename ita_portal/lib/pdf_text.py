"""Exact text in WeasyPrint's PDFs where one character is drawn with several glyphs (Thai ำ).

HarfBuzz draws ำ (SARA AM) as NIKHAHIT + SARA AA, both in ำ's cluster. WeasyPrint gives each
glyph id one text in the font's ToUnicode map, the first it meets: the SARA AA glyph reads "า"
everywhere and the NIKHAHIT nothing, so ดำเนิน is extracted, searched and read aloud as ดาเนิน,
and a tone mark before ำ is lost with it (upstream WeasyPrint #2841, open).

While WeasyPrint draws a line, ``exact_text()`` splits each cluster's text over its glyphs (each
glyph takes its own character where the cluster's text has it next, the last glyph the rest).
A glyph whose share differs from the text its id already carries is drawn under an alias code
(from ALIAS_BASE up); the font's Encoding CMap sends the alias to the same glyph, so the page
looks exactly the same while the ToUnicode map reads the source text back. Written against
WeasyPrint 70 (weasyprint.draw.text.draw_first_line, weasyprint.pdf.fonts).
"""

from __future__ import annotations

import io
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
    nothing otherwise; the last glyph takes what is left (ำ drawn as ◌ํ + า gives "", "ำ")."""
    shares = []
    rest = text
    for chars in glyph_chars[:-1]:
        own = next((c for c in chars if rest.startswith(c)), "")
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


def _map_cluster(
    font: Any, aliases: FontAliases, glyph_item: Any, indexes: range, text: bytes
) -> list[Rewrite]:
    """Give each glyph of one cluster the code that makes the cluster read back as its text."""
    infos = glyph_item.glyphs.glyphs
    drawn = [i for i in indexes if not _is_special(infos[i].glyph)]
    if not drawn or any(infos[i].glyph in aliases.glyph_of for i in drawn):
        return []
    glyphs = [infos[i].glyph for i in drawn]
    chars = [aliases.chars_of.get(glyph, frozenset()) for glyph in glyphs]
    pango_font = glyph_item.item.analysis.font
    rewrites: list[Rewrite] = []
    for i, glyph, share in zip(drawn, glyphs, split_cluster(text.decode(), chars), strict=True):
        code = _code_for(font, aliases, glyph, share)
        if code != glyph:
            font.widths[code] = _glyph_width(font, pango_font, glyph, font.ita_font_size)
            rewrites.append((infos, i, glyph))
            infos[i].glyph = code
    return rewrites


def _map_run(stream: Any, glyph_item: Any, text: bytes) -> list[Rewrite]:
    """Map each cluster of a run. Most runs already read back as written (their glyphs were met
    before): one comparison passes them; otherwise a one-glyph cluster whose glyph reads as its
    text is passed over quickly, and the others are mapped."""
    font, font_size = stream.add_font(glyph_item.item.analysis.font)
    if not _can_alias(font, glyph_item) or not font_size:
        return []
    aliases = _aliases(font)
    font.ita_font_size = font_size
    glyphs = glyph_item.glyphs
    count = glyphs.num_glyphs
    words = memoryview(ffi.buffer(glyphs.glyphs, count * _GLYPH_INFO_WORDS * 4)).cast("I")
    ids = words[::_GLYPH_INFO_WORDS]
    offset, length, text_of = glyph_item.item.offset, glyph_item.item.length, aliases.text_of
    known = list(map(text_of.get, ids))
    if None not in known and b"".join(cast(list[bytes], known)) == text[offset : offset + length]:
        return []  # every glyph already reads as its text: the run reads back as written
    clusters = ffi.unpack(glyphs.log_clusters, count)
    rewrites: list[Rewrite] = []
    first = 0
    while first < count:
        start, end = clusters[first], first + 1
        while end < count and clusters[end] == start:
            end += 1
        piece = text[offset + start : offset + (clusters[end] if end < count else length)]
        if end - first > 1 or text_of.get(ids[first]) != piece:
            rewrites += _map_cluster(font, aliases, glyph_item, range(first, end), piece)
        first = end
    return rewrites


def _map_line(stream: Any, line: Any, text: str) -> list[Rewrite]:
    encoded = text.encode()
    rewrites: list[Rewrite] = []
    run = line.runs
    while run != ffi.NULL:
        rewrites += _map_run(stream, run.data, encoded)
        run = run.next
    return rewrites


def _restore(rewrites: list[Rewrite]) -> None:
    for infos, index, glyph in reversed(rewrites):
        infos[index].glyph = glyph


def _draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
    """WeasyPrint's draw_first_line, drawing the line's glyphs under text-exact codes."""
    layout = textbox.pango_layout
    rewrites: list[Rewrite] = []

    def get_first_line() -> tuple[Any, int | None]:
        # A line fetched again after set_text() (ellipsis) is a new line: the old one is freed.
        line, index = type(layout).get_first_line(layout)
        rewrites[:] = _map_line(stream, line, layout.text)
        return line, index

    layout.get_first_line = get_first_line
    try:
        return _ORIGINAL_DRAW_FIRST_LINE(stream, textbox, *args, **kwargs)
    finally:
        del layout.get_first_line
        _restore(rewrites)  # the glyphs belong to Pango's line: give them back as they were


def _encoding_cmap(font: Any, aliases: FontAliases, compress: bool) -> Any:
    """Encoding CMap: each code to its glyph (aliases to their glyph, missing glyphs to 0)."""
    cidchars = []
    missing = set(font.missing.values())
    for code in font.to_unicode:
        glyph = 0 if code in missing else aliases.glyph_of.get(code, code)
        cidchars.append(f"<{code:04x}> {glyph}".encode())
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
    """WeasyPrint's font dictionary, with an Encoding CMap for the font's alias codes."""
    aliases = getattr(font, "ita_aliases", None)
    if aliases is None or not aliases.glyph_of:
        _ORIGINAL_BUILD_VECTOR_FONT(font_dictionary, pdf, font, widths, compress, *args)
        return
    glyph_widths = {code: width for code, width in widths.items() if code not in aliases.glyph_of}
    all_widths, missing = font.widths, font.missing
    font.widths, font.missing = glyph_widths, {}  # widths are per glyph (CID), not per code
    try:
        _ORIGINAL_BUILD_VECTOR_FONT(font_dictionary, pdf, font, glyph_widths, compress, *args)
    finally:
        font.widths, font.missing = all_widths, missing
    encoding = _encoding_cmap(font, aliases, compress)
    pdf.add_object(encoding)
    font_dictionary["Encoding"] = encoding.reference


_ORIGINAL_DRAW_FIRST_LINE = draw_text.draw_first_line
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
