"""The report's URL fetcher reads only the project's own files: no network, nothing outside."""

from pathlib import Path

import pytest
from django.conf import settings

from ita_portal.lib.pdf import ForbiddenURL, SafeURLFetcher
from tests.pdf_objects import page_labels, pdf_objects_text
from tests.start_up import loaded_at_start


@pytest.fixture
def fetcher(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return SafeURLFetcher()


def test_the_fetcher_reads_a_shipped_font(fetcher):
    font = (Path(settings.FONT_DIR) / "sarabun" / "Sarabun-Regular.ttf").resolve()
    response = fetcher.fetch(font.as_uri())
    assert response.read(4) == font.read_bytes()[:4]


def test_the_fetcher_reads_data_urls(fetcher):
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


def test_the_fetcher_reads_a_media_file_through_the_storage(fetcher):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("meetings/photo.png", ContentFile(b"\x89PNG"))
    assert fetcher.fetch(f"ita-media:{name}").read() == b"\x89PNG"


@pytest.mark.parametrize("url", ["ita-media:../secret.txt", "ita-media:/etc/passwd", "ita-media:"])
def test_the_fetcher_refuses_media_names_that_leave_the_storage(fetcher, url):
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(url)


def test_the_fetcher_no_longer_reads_media_by_file_url(fetcher, settings):
    """Media are read through the storage only (a bucket has no paths)."""
    photo = settings.MEDIA_ROOT / "photo.png"
    photo.write_bytes(b"\x89PNG")
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(photo.as_uri())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
    ],
)
def test_the_fetcher_refuses_the_network_and_files_elsewhere(fetcher, url):
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(url)


def test_the_fetcher_refuses_a_symlink_that_leaves_the_media_folder(fetcher, settings):
    link = settings.MEDIA_ROOT / "escape.txt"
    link.symlink_to("/etc/hostname")
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(link.as_uri())


def test_the_fetcher_refuses_dot_dot_paths_out_of_static(fetcher):
    static = Path(settings.STATICFILES_DIRS[0]).resolve()
    with pytest.raises(ForbiddenURL):
        fetcher.fetch(static.as_uri() + "/../pyproject.toml")


def test_redirects_are_not_followed(fetcher):
    handlers = {type(h).__name__ for h in fetcher.handlers}
    assert "HTTPRedirectHandler" not in handlers


def test_weasyprint_is_imported_on_the_first_render_not_with_the_url_configuration():
    """A process that serves pages or runs a command without a PDF does not pay WeasyPrint's
    import (about 0.7 s, issues 22 and 23)."""
    assert not loaded_at_start(
        "weasyprint", imports="ita_portal.lib.pdf, supervision.summary_pdf, reports.publishing"
    )


def test_photos_and_their_masks_are_not_interpolated_as_pdfa_requires():
    """PDF/A forbids /Interpolate true; WeasyPrint writes it for every image with
    image-rendering: auto, so a report with a meeting photo was not PDF/A (issue 22)."""
    import base64
    import io

    from PIL import Image

    from ita_portal.lib.pdf import render_pdf

    def png(mode: str) -> str:
        buffer = io.BytesIO()
        Image.new(mode, (40, 30), (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)).save(
            buffer, "PNG"
        )
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()

    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ภาพ</title></head>'
        f'<body><img src="{png("RGB")}" alt="ภาพประชุม"><img src="{png("RGBA")}" alt="ตรา">'
        "</body></html>"
    )
    objects = pdf_objects_text(render_pdf(html))
    assert b"/Interpolate true" not in objects
    assert objects.count(b"/Interpolate false") >= 3  # two images and the second one's mask


def test_table_header_cells_say_what_they_head():
    """PDF/UA: every TH structure element has a /Scope; WeasyPrint writes none (issue 22)."""
    from ita_portal.lib.pdf import render_pdf

    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ตาราง</title></head>'
        '<body><table><thead><tr><th scope="col">ตัวชี้วัด</th><th scope="col">คะแนน</th></tr>'
        '</thead><tbody><tr><th scope="row">การปฏิบัติหน้าที่</th><td>๙๗.๐๙</td></tr></tbody>'
        "</table></body></html>"
    )
    objects = pdf_objects_text(render_pdf(html))
    assert objects.count(b"/Scope /Column") == 2
    assert objects.count(b"/Scope /Row") == 1


def test_a_pdf_carries_its_creation_date_in_bangkok_time(settings):
    """pdfinfo showed no CreationDate (issue 22); the digest of the document is unchanged."""
    import datetime as dt
    import subprocess
    import tempfile
    from pathlib import Path

    from ita_portal.lib.pdf import document_digest, render_pdf, with_creation_date

    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>วันที่</title></head>'
        "<body><p>สร้างเมื่อ</p></body></html>"
    )
    digest = document_digest(html)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dated.pdf"
        path.write_bytes(render_pdf(html))
        info = subprocess.run(
            ["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True
        ).stdout
    created = next(line for line in info.splitlines() if line.startswith("CreationDate:"))
    assert created.split()[-1].endswith("+07")  # Asia/Bangkok
    assert document_digest(html) == digest
    fixed = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert 'content="2026-12-07T09:30:00+07:00"' in with_creation_date(html, fixed)
    given = with_creation_date(html, fixed)
    assert with_creation_date(given) == given  # a document that gives its date keeps it


def test_a_viewer_shows_the_number_printed_on_the_paper():
    """/PageLabels from each page's printed number: a viewer said "page 14" where the paper
    says ๑๑ (issue 22). The cover, which prints none, is "ปก"."""
    from ita_portal.lib.pdf import render_pdf

    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>เลขหน้า</title>'
        "<style>@page { @top-center { content: '- ' counter(page) ' -' } }"
        "@page :first { @top-center { content: none } }"
        "p { break-after: page }</style></head>"
        "<body><p>ปก</p><p>หน้าสอง</p><p>หน้าสาม</p></body></html>"
    )
    assert page_labels(render_pdf(html)) == ["ปก", "2", "3"]
