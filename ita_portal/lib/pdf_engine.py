"""The WeasyPrint side of ita_portal.lib.pdf: imported on the first render only.

WeasyPrint and Pango take about 0.7 s to import; a web process that serves no PDF, or a command
that never renders, should not pay it. Everything here runs under pdf's render lock.
"""

from __future__ import annotations

import mimetypes
import re
from typing import Any

import pydyf
from weasyprint import CSS, HTML
from weasyprint.formatting_structure.boxes import InlineBlockBox, LineBox, MarginBox, TextBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.text.line_break import get_log_attrs
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import media
from .collection import no_cycle_collection
from .media import MEDIA_SCHEME
from .pdf import ERROR_FORBIDDEN_URL, ForbiddenURL, _render_lock, base_url, read_url
from .pdf_text import exact_text


class SafeURLFetcher(URLFetcher):
    """Fetch data: URLs, file:// URLs under allowed_roots() and stored media by ita-media: URLs
    (through the storage: the file system or a bucket); refuse everything else."""

    def __init__(self, **kwargs):
        kwargs.update(allowed_protocols=("data", "file", MEDIA_SCHEME), allow_redirects=False)
        super().__init__(**kwargs)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        name = media.name_of(url)
        if scheme == MEDIA_SCHEME and name is None:
            raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url))
        try:
            data = read_url(url)
        except FileNotFoundError as missing:
            raise ForbiddenURL(ERROR_FORBIDDEN_URL.format(url=url)) from missing
        filename = name if name is not None else url
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, headers={"Content-Type": content_type})


_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: building it scans fontconfig, which is slow."""
    global _font_config
    with _render_lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return _font_config


def _images(value: Any, seen: set[int]) -> list[pydyf.Stream]:
    """The image streams in a PDF object and the streams it holds (soft masks are images too)."""
    if not isinstance(value, pydyf.Stream) or id(value) in seen:
        return []
    seen.add(id(value))
    found = [value] if value.extra.get("Subtype") == "/Image" else []
    for child in value.extra.values():
        found += _images(child, seen)
    return found


def pdfa_images(document: Any, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher: no image asks the viewer to interpolate. PDF/A (ISO 19005, 6.2.4)
    forbids /Interpolate true, which WeasyPrint writes for every photo and scan whose CSS
    image-rendering is auto, so a report with a photo would not be the PDF/A-3a it claims."""
    seen: set[int] = set()
    for stream in (image for obj in pdf.objects for image in _images(obj, seen)):
        stream.extra["Interpolate"] = "false"


def table_header_scopes(document: Any, pdf: pydyf.PDF) -> None:
    """Each table header cell's structure element says what it heads (/Scope /Column, or /Row
    for <th scope="row">): WeasyPrint links data cells to their headers but writes no Scope,
    which PDF/UA and screen readers expect on every TH."""
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if mark is not None and box.element_tag == "th":
                row = box.element.attrib.get("scope") == "row"
                mark["A"]["Scope"] = "/Row" if row else "/Column"


NUMBER_BOXES = ("@bottom-center", "@top-center")
COVER_LABEL = "ปก"


def printed_number(page: Any) -> str:
    """The page number printed on a page: the text of its bottom-centre (else top-centre) margin
    box, without the dashes of "- ๒ -"; "" where none is printed (the cover)."""
    margins = {box.at_keyword: box for box in page._page_box.children if isinstance(box, MarginBox)}
    for keyword in NUMBER_BOXES:
        if keyword in margins:
            text = "".join(b.text for b in margins[keyword].descendants() if isinstance(b, TextBox))
            if text.strip(" -"):
                return text.strip(" -")
    return ""


def page_labels(document: Any, pdf: pydyf.PDF) -> None:
    """A viewer shows the number printed on the paper (ก, ข, then ๑, ๒ …), not "page 14":
    /PageLabels with each page's printed number as its label (the cover: "ปก")."""
    numbers = pydyf.Array()
    for index, page in enumerate(document.pages):
        label = printed_number(page) or (COVER_LABEL if index == 0 else str(index + 1))
        numbers.extend([index, pydyf.Dictionary({"P": pydyf.String(label)})])
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})


def finish(document: Any, pdf: pydyf.PDF) -> None:
    """What the report's PDF needs after WeasyPrint has built it, before it is written."""
    pdfa_images(document, pdf)
    table_header_scopes(document, pdf)
    page_labels(document, pdf)


def render(html: str, *, stylesheets: tuple[str, ...], variant: str | None) -> bytes:
    """PDF bytes of an HTML document (see pdf.render_pdf)."""
    with _render_lock:
        fetcher = SafeURLFetcher()
        fonts = font_config()
        document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
        css = [
            CSS(string=sheet, base_url=base_url(), url_fetcher=fetcher, font_config=fonts)
            for sheet in stylesheets
        ]
        # write_pdf has no fetcher option of its own: it reuses the document's (attachments, XMP).
        # exact_text: Thai ำ reads back as ำ, not า (see pdf_text).
        with exact_text(), no_cycle_collection():
            return document.write_pdf(
                stylesheets=css, font_config=fonts, pdf_variant=variant, finisher=finish
            )


# An element carrying this attribute gets the continuation cue of Thai official documents: at
# the foot of each of its pages but the last, "/" and the first word(s) of the next page
# ("/มีหน้าที่..."). Its value names the page group its pages belong to (CSS `page`). The template
# puts the element between CUE_START and CUE_END, so that its pages are laid out from its own
# HTML: comments, which no text of the report can forge (its "<" is escaped).
CUE_ATTRIBUTE = "data-continuation-cue"
CUE_START, CUE_END = "<!--continuation-cue-->", "<!--/continuation-cue-->"
CUES_READ = "data-continuation-cues-read"  # on the <style> the cues were added with
_NUMBERING = re.compile(r"^[0-9๐-๙]+[.)]?$")
_BODY = re.compile(r"<body(?:\s[^>]*)?>", re.IGNORECASE)


def _cue_document(html: str) -> str | None:
    """The document up to its <body> tag (the <head>: its stylesheets and <style>, which lay the
    pages out) with the marked element alone in the body; None without the marks."""
    start = html.find(CUE_START)
    end = html.find(CUE_END, start)
    head_end = _HEAD_END.search(html)
    body = _BODY.search(html, head_end.end()) if head_end and head_end.end() <= start else None
    if start < 0 or end < 0 or body is None or body.end() > start:
        return None
    return html[: body.end()] + html[start + len(CUE_START) : end] + "</body></html>"


def _first_line(page: Any) -> str:
    """The text of the first line of a page's content (its margin boxes left out)."""
    for child in page._page_box.children:
        if isinstance(child, MarginBox):
            continue
        for box in child.descendants():
            if isinstance(box, LineBox):
                # Inline-blocks (an order's member columns) are words apart, not run together.
                text = "".join(
                    b.text if isinstance(b, TextBox) else " "
                    for b in box.descendants()
                    if isinstance(b, TextBox | InlineBlockBox)
                )
                if text.strip():
                    return " ".join(text.split())
    return ""


CUE_MAX_CHARS = 12  # a longer run of Thai (no spaces) is cut at its last word end within this


def _leading_words(chunk: str) -> str:
    """A space-free chunk, or its first words up to CUE_MAX_CHARS as Pango (libthai) splits them."""
    if len(chunk) <= CUE_MAX_CHARS:
        return chunk
    attrs = get_log_attrs(chunk, "th")
    ends = [i for i in range(1, CUE_MAX_CHARS + 1) if attrs[i].is_word_end]
    return chunk[: ends[-1]] if ends else chunk[:CUE_MAX_CHARS]


def first_words(line: str) -> str:
    """The first word(s) of a line up to its first space ("มีหน้าที่"), with the next ones when
    the first is only an item number ("๑๓. นางพวงเพชร")."""
    chunks = line.split(" ")
    count = 2 if len(chunks) > 1 and _NUMBERING.match(chunks[0]) else 1
    return " ".join(_leading_words(chunk) for chunk in chunks[:count])


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def continuation_cues(html: str) -> str:
    """The document with a <style> printing, at the bottom right of each page of the marked
    element but its last, "/" and the first word(s) of the page that follows. The element's
    pages alone are laid out to read them (from its own HTML and the document's <head>, not
    the whole report: parsing it cost more than the layout) and nothing is added when they fit
    on one page. Once read, the document says so (CUES_READ): a second call adds nothing."""
    if CUES_READ in html:
        return html
    alone = _cue_document(html)
    if alone is None:
        return html
    with _render_lock:
        document = HTML(string=alone, base_url=base_url(), url_fetcher=SafeURLFetcher())
        target = next((el for el in document.etree_element.iter() if el.get(CUE_ATTRIBUTE)), None)
        if target is None:
            return html
        group = target.get(CUE_ATTRIBUTE)
        pages = document.render(font_config=font_config()).pages
    rules = []
    if len(pages) < 2 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", group):
        pages = []
    for index, page in enumerate(pages[1:], start=1):
        words = first_words(_first_line(page))
        if words:
            cue = _css_string(f"/{words}...")
            rules.append(
                f"@page :nth({index} of {group}) {{ @bottom-right {{ content: {cue}; }} }}"
            )
    style = f"<style {CUES_READ}>" + "\n".join(rules) + "</style>"
    return _HEAD_END.sub(lambda m: style + m.group(0), html, count=1)


_HEAD_END = re.compile(r"</head>", re.IGNORECASE)
