"""Three threads asking for a PDF at once: every render completes, one at a time (issue 10)."""

from __future__ import annotations

import shutil
import subprocess
import threading

import pytest
import weasyprint

from ita_portal.lib import pdf, pdf_engine

THREADS = 3
# A few tenths of a second of WeasyPrint work per render: long enough for unserialised renders to overlap.
PARAGRAPH = "<p>สำนักงานเขตพื้นที่การศึกษาประถมศึกษาปทุมธานี เขต ๒ ดำเนินการตามมาตรการส่งเสริมคุณธรรม</p>"
DOCUMENT = (
    '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>ทดสอบ</title>'
    # A fixed creation time: renders that end in different seconds still give the same bytes.
    '<meta name="dcterms.created" content="2026-01-01T09:00:00+07:00">'
    "<style>@font-face{font-family:Sarabun;src:url(fonts/sarabun/Sarabun-Regular.ttf)}"
    "body{font-family:Sarabun}</style></head><body>" + PARAGRAPH * 60 + "</body></html>"
)


class CountingHTML(weasyprint.HTML):
    """WeasyPrint's HTML, counting how many documents are being built and written at once."""

    lock = threading.Lock()
    active = 0
    most = 0

    def __init__(self, *args, **kwargs):
        with CountingHTML.lock:
            CountingHTML.active += 1
            CountingHTML.most = max(CountingHTML.most, CountingHTML.active)
        super().__init__(*args, **kwargs)

    def write_pdf(self, *args, **kwargs):
        try:
            return super().write_pdf(*args, **kwargs)
        finally:
            with CountingHTML.lock:
                CountingHTML.active -= 1


@pytest.fixture
def counting_html(monkeypatch):
    CountingHTML.active = CountingHTML.most = 0
    monkeypatch.setattr(pdf_engine, "HTML", CountingHTML)
    return CountingHTML


def test_concurrent_renders_run_one_at_a_time_and_all_complete(counting_html):
    start = threading.Barrier(THREADS)
    results: list[bytes] = []
    errors: list[BaseException] = []

    def render() -> None:
        try:
            start.wait()
            results.append(pdf.render_pdf(DOCUMENT))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=render) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors and len(results) == THREADS
    assert counting_html.most == 1, f"{counting_html.most} renders ran at once"
    for output in results:
        assert output.startswith(b"%PDF-") and output.rstrip().endswith(b"%%EOF")
    # Deterministic output: the same document gives the same bytes, whichever thread made it.
    assert len(set(results)) == 1


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")
def test_a_render_under_contention_is_a_readable_pdf(counting_html, tmp_path):
    threads = [threading.Thread(target=pdf.render_pdf, args=(DOCUMENT,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    output = tmp_path / "x.pdf"
    output.write_bytes(pdf.render_pdf(DOCUMENT))
    for thread in threads:
        thread.join(timeout=120)
    info = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True, check=True)
    assert "Pages:" in info.stdout and "PDF version:" in info.stdout
    assert counting_html.most == 1
