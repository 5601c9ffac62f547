"""Without DEBUG, WhiteNoise serves what collectstatic wrote: every page's stylesheets, scripts,
fonts and images answer 200 with the right content type, compressed, at stable URLs."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from assessments.demo import SEED_AGENCY_CODE

ASSET = re.compile(r"<(?:link|script|img)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
CONTENT_TYPES = {
    ".css": ("text/css",),
    ".js": ("text/javascript", "application/javascript"),
    ".ttf": ("font/ttf",),
    ".woff2": ("font/woff2",),
    ".png": ("image/png",),
    ".svg": ("image/svg+xml",),
    ".ico": ("image/x-icon", "image/vnd.microsoft.icon"),
}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic once, as the build does, into a folder of this test module."""
    root = tmp_path_factory.mktemp("staticfiles")
    # Swagger UI's and ReDoc's big scripts are left uncompressed here only to keep the test
    # fast (brotli at its best takes about 40 s over them); stylesheets and fonts are compressed.
    skip = ["jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"]
    skip += ["swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4"]
    skip += ["js", "map"]
    with override_settings(STATIC_ROOT=root, WHITENOISE_SKIP_COMPRESS_EXTENSIONS=skip):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def production_client(static_root):
    """A client of the app as production runs it: DEBUG off, only collected files served."""
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=static_root,
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
    ):
        # WhiteNoise reads its settings and STATIC_ROOT when the client builds the middleware.
        yield Client()


def _assets_of(html: str) -> set[str]:
    found = {unescape(url) for url in ASSET.findall(html)}
    return {url for url in found if url.startswith("/") and not url.startswith("//")}


def _expected_types(url: str) -> tuple[str, ...]:
    return CONTENT_TYPES.get(Path(urlsplit(url).path).suffix, ())


def _fetch_all(client: Client, urls: set[str]) -> dict[str, str]:
    """Fetch every asset and what its stylesheets link (fonts); return URL -> content type."""
    seen: dict[str, str] = {}
    todo = sorted(urls)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        content_type = response["Content-Type"]
        seen[url] = content_type
        expected = _expected_types(url)
        if expected:
            assert content_type.startswith(expected), (url, content_type)
        if content_type.startswith("text/css"):
            css = b"".join(response.streaming_content).decode()
            for ref in CSS_URL.findall(css):
                if not ref.startswith(("data:", "http:", "https:", "#")):
                    todo.append(urlsplit(urljoin(url, ref)).path)
    return seen


@pytest.fixture
def published_year(settings, tmp_path, approver_client, seed_assessment) -> int:
    """The demo report published by its approver (rendered for real), media in a temp folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    response = approver_client.post(f"/manage/reports/{seed_assessment.pk}/publish/")
    assert response.status_code == 302
    assert seed_assessment.publications.count() == 1
    return seed_assessment.fiscal_year


@pytest.mark.django_db
def test_public_pages_and_everything_they_link_answer_200(production_client, published_year):
    pages = [
        "/",
        f"/agencies/{SEED_AGENCY_CODE}/",
        f"/reports/{SEED_AGENCY_CODE}/{published_year}/",
    ]
    pages += ["/open-data/", "/admin/login/", "/api/docs/"]
    assets: set[str] = set()
    for page in pages:
        response = production_client.get(page)
        assert response.status_code == 200, page
        assert response["Content-Type"].startswith("text/html"), page
        assets |= _assets_of(response.content.decode())
    seen = _fetch_all(production_client, assets)
    # The pages' own stylesheets, the admin's and Swagger UI's files, and the fonts they link.
    assert "/static/css/app.css" in seen
    assert "/static/css/report.css" in seen  # linked by the published report's stored HTML
    assert "/static/admin/css/base.css" in seen
    assert "/static/fonts/sarabun/Sarabun-Regular.ttf" in seen
    assert any(url.startswith("/static/drf_spectacular_sidecar/") for url in seen)
    assert any(url.startswith("/api/docs/") for url in seen)  # Swagger UI's start-up script


@pytest.mark.django_db
def test_the_admin_pages_of_a_site_administrator_load_their_files(
    production_client, django_user_model
):
    admin = django_user_model.objects.create_superuser("static-admin", "a@example.invalid", "x")
    production_client.force_login(admin)
    response = production_client.get("/admin/")
    assert response.status_code == 200
    seen = _fetch_all(production_client, _assets_of(response.content.decode()))
    assert "/static/css/admin.css" in seen


def test_the_report_stylesheet_keeps_its_name_for_published_reports(production_client):
    # Published HTML is stored once with this URL: a content-hashed name would break it later.
    assert static("css/report.css") == "/static/css/report.css"
    seen = _fetch_all(production_client, {"/static/css/report.css"})
    assert "/static/fonts/sarabun/Sarabun-Bold.ttf" in seen


def test_stylesheets_are_served_compressed(production_client):
    response = production_client.get("/static/css/app.css", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"].startswith("text/css")


def test_a_missing_static_file_is_404(production_client):
    assert production_client.get("/static/css/no-such-file.css").status_code == 404
