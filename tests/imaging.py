"""Test images: a phone photo with its camera and location data (EXIF GPS); a real PDF."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import ExifTags, Image


def jpeg_with_gps(size: tuple[int, int], orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (14.0, 1.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (100.0, 31.0, 0.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 200)).save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def has_no_camera_data(image: Image.Image) -> bool:
    exif = image.getexif()
    return (
        not exif.get_ifd(ExifTags.IFD.GPSInfo)
        and ExifTags.Base.Make not in exif
        and "exif" not in image.info
    )


def pdf_bytes(pages: int = 2) -> bytes:
    """A PDF of A4 pages (as a scanner's), each with a mark to find again."""
    images = [Image.new("RGB", (595, 842), (255, 255, 255)) for _ in range(pages)]
    for number, image in enumerate(images):
        image.paste((200, 0, 0), (50, 50 + number * 40, 150, 90 + number * 40))
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def tiny_pdf(note: bytes = b"") -> bytes:
    """A one-page blank PDF that readers open, with note in a comment (a quick stand-in)."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ],
        note=note,
    )


def pdf_from_objects(objects: list[bytes], note: bytes = b"") -> bytes:
    """A PDF of these objects (1 0 obj is the catalog), with its cross-reference table."""
    out = b"%PDF-1.7\n% " + note + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}".encode()
    return out + b"\n%%EOF\n"


def pdf_of_blank_pages(count: int, width_pt: int, height_pt: int) -> bytes:
    """count blank pages of one size: a few hundred bytes, whatever the size."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(count)).encode()
    page = f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] >>".encode()
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
            *([page] * count),
        ]
    )


def pdf_with_blank_image(side: int) -> bytes:
    """An A4 page showing one blank side × side image of one bit per pixel, deflated: a scan
    bomb (20,000 pixels square is 400 million pixels in about 60 KB)."""
    row = b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    image = (
        (
            f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray"
            f" /BitsPerComponent 1 /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
        ).encode()
        + data
        + b"\nendstream"
    )
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
            image,
        ]
    )


def png_of_blank_pixels(width: int, height: int) -> bytes:
    """A blank PNG of one bit per pixel, written row by row (never held whole in memory): a
    pixel flood of 30,000 × 30,000 is about 110 KB."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte, then the packed pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )
