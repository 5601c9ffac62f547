"""The PDF/A-3 level A rules (ISO 19005-3) that can be checked without veraPDF.

PyMuPDF reads the objects (object streams and the cross-reference included); a small parser
below turns each object's text into Python values, and each rule is a function returning its
violations as sentences. What is NOT checked (needs a full validator): content-stream operators
(colour spaces used in content against the output intent, undefined operators, inline images;
only the .notdef glyph is looked for, through MuPDF's text trace),
glyph widths against the embedded font programs, the .notdef glyph, the structure tree against
the standard structure types, the XMP extension-schema rules, and ICC profile internals beyond
the header.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pymupdf

# ---------------------------------------------------------------------------------------------
# Reading objects


@dataclass(frozen=True)
class Name:
    value: str


@dataclass(frozen=True)
class Ref:
    xref: int


_TOKEN = re.compile(
    rb"\s*(?:(?P<dict><<)|(?P<enddict>>>)|(?P<array>\[)|(?P<endarray>\])"
    rb"|(?P<ref>(?P<num>\d+)\s+\d+\s+R(?![A-Za-z]))|(?P<name>/[^\s/\[\]<>()%{}]*)"
    rb"|(?P<hex><[0-9A-Fa-f\s]*>)|(?P<lit>\()|(?P<word>[^\s/\[\]<>()%{}]+))"
)


def _literal(text: bytes, pos: int) -> tuple[bytes, int]:
    """A (literal string) from just after its "(": balanced parentheses, escapes resolved."""
    out, depth = bytearray(), 1
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    while pos < len(text):
        char = text[pos : pos + 1]
        if char == b"\\":
            nxt = text[pos + 1 : pos + 2]
            octal = re.match(rb"[0-7]{1,3}", text[pos + 1 : pos + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                pos += 1 + len(octal.group())
                continue
            out += escapes.get(nxt, b"" if nxt in b"\r\n" else nxt)
            pos += 2
            continue
        depth += {b"(": 1, b")": -1}.get(char, 0)
        if depth == 0:
            return bytes(out), pos + 1
        out += char
        pos += 1
    return bytes(out), pos


def _word(word: bytes) -> Any:
    literal = {b"true": True, b"false": False, b"null": None}
    if word in literal:
        return literal[word]
    try:
        return int(word)
    except ValueError:
        return float(word)


def parse(text: bytes, pos: int = 0) -> tuple[Any, int]:
    """The PDF value at pos in text, and the position after it."""
    match = _TOKEN.match(text, pos)
    if match is None:
        raise ValueError(f"unreadable PDF object at {pos}: {text[pos : pos + 40]!r}")
    kind, end = match.lastgroup, match.end()
    if kind == "dict":
        result: dict[str, Any] = {}
        while not text[end:].lstrip().startswith(b">>"):
            key, end = parse(text, end)
            result[key.value], end = parse(text, end)
        # A key whose value is null is absent (ISO 32000-1, 7.3.7).
        present = {k: v for k, v in result.items() if v is not None}
        return present, _TOKEN.match(text, end).end()  # type: ignore[union-attr], _TOKEN.match(text, end).end()  # type: ignore[union-attr]
    if kind == "array":
        items = []
        while not text[end:].lstrip().startswith(b"]"):
            item, end = parse(text, end)
            items.append(item)
        return items, _TOKEN.match(text, end).end()  # type: ignore[union-attr]
    if kind in ("ref", "num"):
        return Ref(int(match.group("num"))), end
    if kind == "name":
        return Name(_unescape_name(match.group("name")[1:])), end
    if kind == "hex":
        digits = re.sub(rb"\s", b"", match.group("hex")[1:-1])
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()), end
    if kind == "lit":
        return _literal(text, end)
    return _word(match.group("word")), end


def _unescape_name(raw: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw).decode(
        "latin-1"
    )


def text_string(value: Any) -> str:
    """A PDF text string as text (UTF-16 with its byte-order mark, else PDFDocEncoding)."""
    if not isinstance(value, bytes):
        return ""
    if value.startswith(b"\xfe\xff"):
        return value[2:].decode("utf-16-be")
    if value.startswith(b"\xef\xbb\xbf"):
        return value[3:].decode("utf-8")
    return value.decode("latin-1")


class Pdf:
    """A PDF's objects as Python values, by number; streams' data on demand."""

    def __init__(self, data: bytes):
        self.data = data
        self.doc = pymupdf.open(stream=data, filetype="pdf")
        self.trailer: dict[str, Any] = parse(self.doc.pdf_trailer().encode("latin-1"))[0]
        self.objects: dict[int, Any] = {}
        for xref in range(1, self.doc.xref_length()):
            source = self.doc.xref_object(xref, compressed=True).encode("latin-1")
            if source.strip() and source.strip() != b"null":
                self.objects[xref] = parse(source)[0]

    def get(self, value: Any) -> Any:
        """The value, with a reference replaced by the object it refers to."""
        return self.objects.get(value.xref) if isinstance(value, Ref) else value

    def stream(self, value: Any) -> bytes:
        return self.doc.xref_stream(value.xref) if isinstance(value, Ref) else b""

    def is_stream(self, xref: int) -> bool:
        return bool(self.doc.xref_is_stream(xref))

    def dictionaries(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """Every dictionary of the file, direct ones inside others included, with its object."""
        for xref, value in self.objects.items():
            yield from ((xref, found) for found in _nested(value))

    @property
    def catalog(self) -> dict[str, Any]:
        return self.get(self.trailer.get("Root")) or {}


def _nested(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nested(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nested(child)


def name(value: Any) -> str | None:
    return value.value if isinstance(value, Name) else None


# ---------------------------------------------------------------------------------------------
# The rules: each takes the Pdf and returns its violations (empty when the rule holds).

Rule = Callable[[Pdf], list[str]]


def file_header(pdf: Pdf) -> list[str]:
    """6.1.2: %PDF-1.n at byte 0, then a comment of at least four bytes above 127."""
    found = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n", pdf.data):
        found.append("the header is not %PDF-1.n at the first byte")
    second = re.match(rb"%PDF-1\.\d\r?\n%([^\r\n]{4})", pdf.data)
    if not second or any(byte < 128 for byte in second.group(1)):
        found.append("no comment of four binary bytes after the header")
    return found


def file_trailer(pdf: Pdf) -> list[str]:
    """6.1.3: an /ID in the trailer, no /Encrypt; 6.1.3: nothing but an end-of-line after %%EOF."""
    found = []
    if not isinstance(pdf.trailer.get("ID"), list) or len(pdf.trailer["ID"]) != 2:
        found.append("the trailer has no /ID of two strings")
    if "Encrypt" in pdf.trailer:
        found.append("the file is encrypted")
    if not re.search(rb"%%EOF(\r\n|\r|\n)?$", pdf.data):
        found.append("bytes follow the last %%EOF")
    return found


def streams(pdf: Pdf) -> list[str]:
    """6.1.7: no external stream data (/F, /FFilter, /FDecodeParms), no LZW (6.1.7.2)."""
    found = []
    for xref in pdf.objects:
        if not pdf.is_stream(xref):
            continue
        stream = pdf.objects[xref]
        if any(key in stream for key in ("F", "FFilter", "FDecodeParms")):
            found.append(f"stream {xref} refers to external data")
        filters = stream.get("Filter")
        names = {name(f) for f in (filters if isinstance(filters, list) else [filters])}
        if names & {"LZWDecode", "LZW"}:
            found.append(f"stream {xref} is LZW-compressed")
    return found


XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def xmp_values(packet: bytes) -> dict[str, str]:
    """The XMP properties (prefix:name → first value), whether written as elements or attributes."""
    values: dict[str, str] = {}
    reverse = {uri: prefix for prefix, uri in XMP_NS.items()}
    root = ET.fromstring(packet)
    for description in root.iter(f"{{{XMP_NS['rdf']}}}Description"):
        for attribute, value in description.attrib.items():
            uri, _, local = attribute[1:].partition("}")
            if uri in reverse:
                values[f"{reverse[uri]}:{local}"] = value
        for child in description:
            uri, _, local = child.tag[1:].partition("}")
            if uri in reverse:
                text = "".join(child.itertext()).strip()
                values[f"{reverse[uri]}:{local}"] = text
    return values


def metadata(pdf: Pdf) -> list[str]:
    """6.6.2: the catalog's /Metadata is an XMP stream whose packet header has no bytes or
    encoding attribute (6.6.2.1), naming PDF/A-3 level A (6.6.4). (A /Filter on it was forbidden
    by PDF/A-1 only; PDF/A-2 and 3 allow it.)"""
    reference = pdf.catalog.get("Metadata")
    stream = pdf.get(reference)
    if not isinstance(stream, dict):
        return ["the catalog has no /Metadata stream"]
    found = []
    if name(stream.get("Subtype")) != "XML" or name(stream.get("Type")) != "Metadata":
        found.append("the metadata stream is not /Type /Metadata /Subtype /XML")
    packet = pdf.stream(reference)
    header = re.search(rb"<\?xpacket begin=[^>]*\?>", packet)
    if header is None or re.search(rb"\s(bytes|encoding)=", header.group()):
        found.append("the XMP packet header is missing or has a bytes or encoding attribute")
    try:
        values = xmp_values(packet)
    except ET.ParseError:
        return [*found, "the metadata is not well-formed XML"]
    if values.get("pdfaid:part") != "3":
        found.append("XMP pdfaid:part is not 3")
    if values.get("pdfaid:conformance") != "A":
        found.append("XMP pdfaid:conformance is not A")
    return found


def pdf_date(value: str) -> dt.datetime | None:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') as an aware datetime; None if unreadable."""
    match = re.fullmatch(
        r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([+-])(\d\d)'?(\d\d)'?|Z)?", value
    )
    if not match:
        return None
    y, mo, d, h, mi, s, sign, oh, om = match.groups()
    offset = dt.timedelta(hours=int(oh or 0), minutes=int(om or 0)) * (-1 if sign == "-" else 1)
    return dt.datetime(
        int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(s or 0),
        tzinfo=dt.timezone(offset),
    )  # fmt: skip


def xmp_date(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


INFO_TO_XMP = {
    "Title": "dc:title",
    "Author": "dc:creator",
    "Subject": "dc:description",
    "Keywords": "pdf:Keywords",
    "Creator": "xmp:CreatorTool",
    "Producer": "pdf:Producer",
}
DATES = {"CreationDate": "xmp:CreateDate", "ModDate": "xmp:ModifyDate"}


def info_agrees_with_xmp(pdf: Pdf) -> list[str]:
    """6.6.2.3 (ISO 19005-3, as 19005-1 6.7.3): each document-information entry has its XMP
    equivalent with the same value; dates the same instant."""
    info = pdf.get(pdf.trailer.get("Info")) or {}
    stream = pdf.get(pdf.catalog.get("Metadata"))
    if not info or not isinstance(stream, dict):
        return []
    try:
        values = xmp_values(pdf.stream(pdf.catalog["Metadata"]))
    except ET.ParseError:
        return []
    found = []
    for key, xmp_key in INFO_TO_XMP.items():
        if key in info and text_string(info[key]) != values.get(xmp_key):
            found.append(f"Info /{key} differs from XMP {xmp_key}")
    for key, xmp_key in DATES.items():
        if key not in info:
            continue
        ours = pdf_date(text_string(info[key]))
        theirs = xmp_date(values.get(xmp_key, ""))
        if ours is None or theirs is None or ours != theirs:
            found.append(f"Info /{key} differs from XMP {xmp_key}")
    return found


ICC_COMPONENTS = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}


def output_intent(pdf: Pdf) -> list[str]:
    """6.2.3: a GTS_PDFA1 output intent with an embedded ICC profile whose /N matches it."""
    intents = [pdf.get(i) or {} for i in pdf.get(pdf.catalog.get("OutputIntents")) or []]
    pdfa = [i for i in intents if name(i.get("S")) == "GTS_PDFA1"]
    if not pdfa:
        return ["no GTS_PDFA1 output intent"]
    found = []
    profiles = {repr(i.get("DestOutputProfile")) for i in pdfa}
    if len(profiles) > 1:
        found.append("output intents with different profiles")
    for intent in pdfa:
        profile = pdf.get(intent.get("DestOutputProfile"))
        if not isinstance(profile, dict):
            found.append("the output intent has no embedded ICC profile")
            continue
        header = pdf.stream(intent["DestOutputProfile"])[:20]
        if header[16:20] not in ICC_COMPONENTS or profile.get("N") != ICC_COMPONENTS[header[16:20]]:
            found.append("the output profile's /N does not match its colour space")
    return found


def _fonts(pdf: Pdf) -> Iterator[tuple[int, dict[str, Any]]]:
    for xref, item in pdf.dictionaries():
        if name(item.get("Type")) == "Font" and name(item.get("Subtype")) != "Type0":
            yield xref, item


def fonts(pdf: Pdf) -> list[str]:
    """6.2.11.4: every font's program is embedded (Type 3 excepted); 6.2.11.7.2 (level A):
    every font maps its glyphs to Unicode (a /ToUnicode CMap; the composite font's for CIDs)."""
    found = []
    parents = {
        (pdf.get(item.get("DescendantFonts")) or [None])[0]: item
        for _, item in pdf.dictionaries()
        if name(item.get("Subtype")) == "Type0"
    }
    for xref, font in _fonts(pdf):
        subtype = name(font.get("Subtype"))
        if subtype == "Type3":
            continue
        descriptor = pdf.get(font.get("FontDescriptor")) or {}
        if not any(key in descriptor for key in ("FontFile", "FontFile2", "FontFile3")):
            found.append(f"font {xref} ({name(font.get('BaseFont'))}) is not embedded")
        owner = parents.get(Ref(xref), font) if subtype.startswith("CIDFont") else font
        if "ToUnicode" not in owner:
            found.append(f"font {xref} ({name(font.get('BaseFont'))}) has no /ToUnicode")
    return found


def notdef_glyphs(pdf: Pdf) -> list[str]:
    """6.2.11.8: no text shows the .notdef glyph (glyph 0: a character the font lacks, drawn as
    a box), read from the content streams by MuPDF's text trace."""
    found = []
    for number, page in enumerate(pdf.doc, 1):
        missing = {
            chr(char[0]) for span in page.get_texttrace() for char in span["chars"] if char[1] == 0
        }
        if missing:
            found.append(f"page {number} shows .notdef for {''.join(sorted(missing))!r}")
    return found


def _images(pdf: Pdf) -> Iterator[tuple[int, dict[str, Any]]]:
    for xref, item in pdf.dictionaries():
        if name(item.get("Subtype")) == "Image":
            yield xref, item


RENDERING_INTENTS = {"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"}


def images(pdf: Pdf) -> list[str]:
    """6.2.8: no /Interpolate true, no /Alternates, no /OPI, a standard /Intent, bits per
    component 1, 2, 4, 8 or 16; 6.2.8.3: a JPEG 2000 image has 1, 3 or 4 colour channels."""
    found = []
    for xref, image in _images(pdf):
        if image.get("Interpolate") is True:
            found.append(f"image {xref} asks for interpolation")
        for key in ("Alternates", "OPI"):
            if key in image:
                found.append(f"image {xref} has /{key}")
        if "Intent" in image and name(image["Intent"]) not in RENDERING_INTENTS:
            found.append(f"image {xref} has a non-standard /Intent")
        if "BitsPerComponent" in image and image["BitsPerComponent"] not in (1, 2, 4, 8, 16):
            found.append(f"image {xref} has /BitsPerComponent {image['BitsPerComponent']}")
        filters = image.get("Filter")
        if Name("JPXDecode") in (filters if isinstance(filters, list) else [filters]):
            found += _jpx(pdf, xref)
    return found


def _jpx(pdf: Pdf, xref: int) -> list[str]:
    """6.2.8.3: a JPEG 2000 image has 1, 3 or 4 channels and a bit depth of 1 to 38."""
    data = pdf.doc.xref_stream_raw(xref)
    header = data.find(b"ihdr")
    if header < 0:
        return [f"JPEG 2000 image {xref} has no image header box"]
    channels = int.from_bytes(data[header + 12 : header + 14], "big")
    depth = (data[header + 14] & 0x7F) + 1
    if channels not in (1, 3, 4) or not 1 <= depth <= 38:
        return [f"JPEG 2000 image {xref} has {channels} channels of {depth} bits"]
    return []


def xobjects(pdf: Pdf) -> list[str]:
    """6.2.9: no PostScript XObjects, no /Subtype2 /PS forms, no reference XObjects (/Ref)."""
    found = []
    for xref, item in pdf.dictionaries():
        subtype = name(item.get("Subtype"))
        if subtype == "PS" and name(item.get("Type")) in (None, "XObject"):
            found.append(f"object {xref} is a PostScript XObject")
        if subtype == "Form" and (name(item.get("Subtype2")) == "PS" or "Ref" in item):
            found.append(f"form {xref} is PostScript or a reference XObject")
    return found


FORBIDDEN_ACTIONS = {
    "Launch", "Sound", "Movie", "ResetForm", "ImportData", "Hide", "SetOCGState", "Rendition",
    "Trans", "GoTo3DView", "JavaScript",
}  # fmt: skip


def actions(pdf: Pdf) -> list[str]:
    """6.5.1/6.6.1: no forbidden action types, no JavaScript anywhere, no /AA on the catalog,
    the pages or annotations (6.5.2)."""
    found = []
    names = pdf.get(pdf.catalog.get("Names")) or {}
    if "JavaScript" in names:
        found.append("the catalog names JavaScript")
    for xref, item in pdf.dictionaries():
        action = name(item.get("S"))
        if action in FORBIDDEN_ACTIONS and (name(item.get("Type")) in (None, "Action")):
            found.append(f"object {xref} is a {action} action")
        if "JS" in item:
            found.append(f"object {xref} holds JavaScript")
        is_page = name(item.get("Type")) in ("Catalog", "Page")
        if "AA" in item and (is_page or name(item.get("Type")) == "Annot" or "Subtype" in item):
            found.append(f"object {xref} has additional actions (/AA)")
    return found


FORBIDDEN_ANNOTATIONS = {"Sound", "Movie", "Screen", "3D", "RichMedia", "TrapNet"}
PRINT, HIDDEN, INVISIBLE, NO_VIEW, TOGGLE_NO_VIEW = 4, 2, 1, 32, 256


def annotations(pdf: Pdf) -> list[str]:
    """6.3.1–6.3.3: no forbidden annotation types; each annotation (Popup excepted) has /F with
    Print set and Hidden, Invisible, NoView and ToggleNoView clear, and, unless it is a Link or
    has no area, a normal appearance stream."""
    found = []
    for _, page in pdf.dictionaries():
        if name(page.get("Type")) != "Page":
            continue
        for reference in pdf.get(page.get("Annots")) or []:
            annotation = pdf.get(reference) or {}
            subtype = name(annotation.get("Subtype"))
            label = f"annotation {getattr(reference, 'xref', '?')} ({subtype})"
            if subtype in FORBIDDEN_ANNOTATIONS:
                found.append(f"{label} is of a forbidden type")
            if subtype == "Popup":
                continue
            rect = annotation.get("Rect") or [0, 0, 0, 0]
            drawn = len(rect) == 4 and rect[0] != rect[2] and rect[1] != rect[3]
            appearance = pdf.get(annotation.get("AP")) or {}
            if subtype != "Link" and drawn and "N" not in appearance:
                found.append(f"{label} has no normal appearance (/AP /N)")
            flags = annotation.get("F")
            if not isinstance(flags, int):
                found.append(f"{label} has no /F flags")
            elif not flags & PRINT or flags & (HIDDEN | INVISIBLE | NO_VIEW | TOGGLE_NO_VIEW):
                found.append(f"{label} is not printed as shown (/F {flags})")
    return found


def transparency_groups(pdf: Pdf) -> list[str]:
    """6.2.10: a page's transparency group blending colour space, when given, is not a
    device-dependent one absent from the output intent (here: only the intent's own family)."""
    found = []
    intents = [pdf.get(i) or {} for i in pdf.get(pdf.catalog.get("OutputIntents")) or []]
    components = {(pdf.get(i.get("DestOutputProfile")) or {}).get("N") for i in intents}
    device = {"DeviceGray": 1, "DeviceRGB": 3, "DeviceCMYK": 4}
    for xref, item in pdf.dictionaries():
        group = pdf.get(item.get("Group")) if name(item.get("Type")) == "Page" else None
        if not isinstance(group, dict) or name(group.get("S")) != "Transparency":
            continue
        space = name(pdf.get(group.get("CS")))
        if space in device and device[space] not in components:
            found.append(f"page {xref} blends in {space}, which no output intent matches")
    return found


def tagged(pdf: Pdf) -> list[str]:
    """6.7 (level A): /MarkInfo /Marked true, a /StructTreeRoot, the document's /Lang, and an
    alternate description on every Figure (6.7.2.3 via ISO 32000-1 14.9.3)."""
    catalog = pdf.catalog
    found = []
    if (pdf.get(catalog.get("MarkInfo")) or {}).get("Marked") is not True:
        found.append("the catalog is not /MarkInfo << /Marked true >>")
    if not isinstance(pdf.get(catalog.get("StructTreeRoot")), dict):
        found.append("the catalog has no /StructTreeRoot")
    if not text_string(pdf.get(catalog.get("Lang"))):
        found.append("the catalog has no /Lang")
    for xref, element in pdf.dictionaries():
        if name(element.get("S")) == "Figure" and not (
            text_string(element.get("Alt")) or text_string(element.get("ActualText"))
        ):
            found.append(f"figure {xref} has no alternate description (/Alt)")
    return found


def catalog_entries(pdf: Pdf) -> list[str]:
    """6.1.13/6.4: no /NeedsRendering true, no XFA form; 6.9: optional-content configurations
    each have a /Name and no /AS."""
    catalog, found = pdf.catalog, []
    if catalog.get("NeedsRendering") is True:
        found.append("the catalog sets /NeedsRendering")
    if "XFA" in (pdf.get(catalog.get("AcroForm")) or {}):
        found.append("the form is XFA")
    properties = pdf.get(catalog.get("OCProperties")) or {}
    configs = [properties.get("D"), *(pdf.get(properties.get("Configs")) or [])]
    for config in (pdf.get(c) for c in configs if c is not None):
        if not isinstance(config, dict) or "Name" not in config or "AS" in config:
            found.append("an optional-content configuration lacks /Name or has /AS")
    return found


AF_RELATIONSHIPS = {"Source", "Data", "Alternative", "Supplement", "Unspecified"}


def embedded_files(pdf: Pdf) -> list[str]:
    """6.8 (PDF/A-3): each file specification with an embedded file has /F and /UF, an
    /AFRelationship, and is listed in an /AF array; the embedded file stream has a MIME
    /Subtype (its /Params /ModDate is only recommended)."""
    found = []
    listed = {
        entry
        for _, item in pdf.dictionaries()
        for entry in (pdf.get(item.get("AF")) or [])
        if isinstance(entry, Ref)
    }
    for xref, spec in pdf.dictionaries():
        if "EF" not in spec:
            continue
        label = f"file specification {xref}"
        if not ("F" in spec and "UF" in spec):
            found.append(f"{label} lacks /F or /UF")
        if name(spec.get("AFRelationship")) not in AF_RELATIONSHIPS:
            found.append(f"{label} has no /AFRelationship")
        if Ref(xref) not in listed:
            found.append(f"{label} is in no /AF array")
        stream = pdf.get((pdf.get(spec["EF"]) or {}).get("F")) or {}
        if not name(stream.get("Subtype")):
            found.append(f"{label}'s file has no MIME /Subtype")
    return found


RULES: tuple[Rule, ...] = (
    file_header,
    file_trailer,
    streams,
    metadata,
    info_agrees_with_xmp,
    output_intent,
    fonts,
    notdef_glyphs,
    images,
    xobjects,
    actions,
    annotations,
    transparency_groups,
    tagged,
    catalog_entries,
    embedded_files,
)


def violations(data: bytes) -> list[str]:
    """Every PDF/A-3a rule of RULES that the file breaks, as sentences (empty: it conforms)."""
    pdf = Pdf(data)
    return [violation for rule in RULES for violation in rule(pdf)]
