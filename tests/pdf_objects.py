"""What a PDF holds, read without a PDF library: its objects' text, its page labels."""

from __future__ import annotations

import re
import zlib


def pdf_objects_text(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated (object streams hold the dictionaries)."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            inflated.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def page_labels(data: bytes) -> list[str]:
    objects = pdf_objects_text(data)
    labels = objects[objects.index(b"/PageLabels") :].split(b"]", 1)[0]
    return [
        bytes.fromhex(h.decode()).decode("utf-16-be") if h else plain.decode()
        for h, plain in re.findall(rb"/P (?:<feff([0-9a-f]+)>|\(([^)]*)\))", labels)
    ]
