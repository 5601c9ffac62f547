"""Test images: a phone photo with its camera and location data (EXIF GPS)."""

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
