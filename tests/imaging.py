"""Test images: a phone photo with its camera and location data (EXIF GPS); a real PDF."""

from __future__ import annotations

import io

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
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = b"%PDF-1.7\n% " + note + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + str(xref).encode()
    return out + b"\n%%EOF\n"
