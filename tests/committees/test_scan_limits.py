"""Bounded scans (issue 24): a PDF scan is checked and rasterised under page, pixel, time and
memory limits before the order is written, every limit a Thai refusal (never a 500), with no
file left behind and no database lock held while poppler works; an image's pixels are checked
from its header before anything decodes it."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from committees import scans
from committees.models import CommitteeOrder, CommitteeRole
from ita_portal.backup import media_files
from ita_portal.lib.pdf_check import path_of
from ita_portal.lib.uploads import ERROR_FAR_TOO_MANY_PIXELS
from tests.imaging import (
    pdf_bytes,
    pdf_of_blank_pages,
    pdf_with_blank_image,
    png_of_blank_pixels,
)

from .test_signed_scan import _admin_post, upload

pytestmark = pytest.mark.django_db


def files_under(root: Path) -> list[str]:
    """The names the media storage holds (the test's folder, or its S3 prefix)."""
    return media_files()


def refused_with(response, message: str) -> bool:
    return response.status_code == 200 and message in response.content.decode()


def running(pid: int) -> bool:
    """Whether pid is a live process (a killed one not yet reaped is a zombie: not running)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] not in ("Z", "X")


def fake_poppler(folder: Path, monkeypatch, name: str, body: str) -> Path:
    """A program called name, first on PATH, running the shell body (records its pid)."""
    program = folder / name
    program.write_text(f"#!/bin/sh\necho $$ > {folder}/{name}.pid\n{body}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def test_a_pdf_holding_a_400_million_pixel_image_is_refused_in_thai_before_rendering(
    media, order, staff_client
):
    bomb = pdf_with_blank_image(20_000)
    assert len(bomb) < 100 * 1024
    started = time.perf_counter()
    response = _admin_post(staff_client, order, upload(bomb))
    assert refused_with(response, scans.ERROR_SCAN_IMAGE_TOO_LARGE.split("{")[0])
    assert "๒๐,๐๐๐ × ๒๐,๐๐๐" in response.content.decode()
    assert time.perf_counter() - started < 10  # pdftoppm took 19 s on it before
    assert files_under(media) == []
    assert not CommitteeOrder.objects.get(pk=order.pk).signed_scan


def test_a_tiny_pdf_of_huge_square_pages_is_refused_by_its_rendered_pixels(
    media, order, staff_client, settings
):
    # Eight pages of 5 m square: 8 × 3508² = 98 million pixels to write, over the 90 allowed.
    response = _admin_post(staff_client, order, upload(pdf_of_blank_pages(8, 14_400, 14_400)))
    assert refused_with(response, scans.ERROR_SCAN_TOO_MANY_PIXELS.split("{")[0])
    assert files_under(media) == []
    # At the limit itself it passes the check (seven such pages: 86 million).
    assert scans.rendered_pixels(14_400, 14_400) == 3508 * 3508
    settings.UPLOAD_SCAN_MAX_PIXELS = 8 * 3508 * 3508
    scans.validate_scan(upload(pdf_of_blank_pages(8, 14_400, 14_400)))


def test_a_scan_whose_rendering_runs_out_of_time_is_refused_in_thai_and_killed(
    media, order, staff_client, settings, tmp_path_factory, monkeypatch
):
    settings.UPLOAD_SCAN_TIMEOUT_SECONDS = 1
    # pdftoppm that never finishes, and a child of its own that would outlive a plain kill.
    folder = tmp_path_factory.mktemp("bin")
    fake_poppler(folder, monkeypatch, "pdftoppm", f"sleep 60 & echo $! > {folder}/child.pid; wait")
    started = time.perf_counter()
    response = _admin_post(staff_client, order, upload(pdf_bytes(1)))
    assert time.perf_counter() - started < 8
    assert refused_with(response, scans.ERROR_SCAN_TOO_SLOW.format(seconds="๑"))
    assert files_under(media) == []
    assert not CommitteeOrder.objects.get(pk=order.pk).scan_pages.exists()
    for pid_file in (folder / "pdftoppm.pid", folder / "child.pid"):
        assert not running(int(pid_file.read_text())), pid_file.name  # the whole group is gone


def test_a_scan_that_spends_its_cpu_time_is_refused_in_thai(
    media, order, settings, tmp_path_factory, monkeypatch
):
    settings.UPLOAD_SCAN_MAX_CPU_SECONDS = 1
    fake_poppler(tmp_path_factory.mktemp("bin"), monkeypatch, "pdftoppm", "while :; do :; done")
    started = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        scans.prepare_scan(upload(pdf_bytes(1)))
    assert caught.value.messages == [scans.ERROR_SCAN_TOO_SLOW.format(seconds="๔๕")]
    assert time.perf_counter() - started < 8


def test_a_scan_that_needs_more_memory_than_allowed_is_refused_in_thai(settings):
    # 40 MB of address space is not enough for pdftoppm to render an A4 page at 300 dpi.
    settings.UPLOAD_SCAN_MAX_MEMORY_MB = 40
    with pytest.raises(ValidationError) as caught, path_of(upload(pdf_bytes(1))) as path:
        scans.rasterise_pdf(path)
    assert caught.value.messages == [scans.ERROR_SCAN_TOO_HEAVY]


def test_a_failure_after_the_scan_is_stored_leaves_no_file(media, order, staff_client, monkeypatch):
    def broken_page_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("committees.models.CommitteeOrderScanPage.full_clean", broken_page_save)
    with pytest.raises(RuntimeError):
        _admin_post(staff_client, order, upload(pdf_bytes(2)))
    assert files_under(media) == []


@pytest.mark.django_db(transaction=True)
def test_other_saves_go_through_while_a_scan_is_rasterised(media, order, staff_client, monkeypatch):
    # SQLite takes its write lock when a transaction starts: rasterising inside the admin's
    # transaction failed every other agency's save with "database is locked".
    saved: list[str] = []
    rasterise = scans.rasterise_pdf

    def slow_rasterise(path: Path) -> list[bytes]:
        def another_agency_saves() -> None:
            try:
                CommitteeRole.objects.create(name="ผู้สังเกตการณ์", order=99)
                saved.append("saved")
            except Exception as error:  # the failure is what the test reports
                saved.append(repr(error))
            finally:
                connection.close()

        assert not connection.in_atomic_block
        writer = threading.Thread(target=another_agency_saves)
        writer.start()
        writer.join()
        return rasterise(path)

    monkeypatch.setattr(scans, "rasterise_pdf", slow_rasterise)
    response = _admin_post(staff_client, order, upload(pdf_bytes(2)))
    assert response.status_code == 302
    assert saved == ["saved"]
    assert order.scan_pages.count() == 2


def test_a_normal_scan_still_becomes_its_pages(media, order, staff_client):
    response = _admin_post(staff_client, order, upload(pdf_bytes(3)))
    assert response.status_code == 302
    assert order.scan_pages.count() == 3


def test_a_30000_pixel_square_png_is_refused_in_thai_without_decoding(
    media, order, staff_client, monkeypatch
):
    from PIL import ImageFile

    flood = png_of_blank_pixels(30_000, 30_000)
    assert len(flood) < 200 * 1024

    def no_decoding(self):
        raise AssertionError("the flood was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    started = time.perf_counter()
    response = _admin_post(staff_client, order, upload(flood, "scan.png"))
    assert refused_with(response, ERROR_FAR_TOO_MANY_PIXELS.format(limit="๕๐"))
    assert time.perf_counter() - started < 5
    assert files_under(media) == []


def test_pillow_itself_refuses_a_header_far_over_the_setting(settings):
    # Image.MAX_IMAGE_PIXELS follows the setting: Pillow stops at twice it, before the size is
    # even handed back (a plain check after opening would name the size).
    from ita_portal.lib.uploads import inspect_image

    settings.UPLOAD_IMAGE_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as caught:
        inspect_image(upload(png_of_blank_pixels(100, 100), "x.png"))
    assert caught.value.messages == [ERROR_FAR_TOO_MANY_PIXELS.format(limit="๐.๐๐๑")]
