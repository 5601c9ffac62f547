"""One version: pyproject.toml's, read at run time as ita_portal.__version__, shown to operators
(`manage.py portal_version`, the admin's footer) and matching the changelog's newest section."""

from __future__ import annotations

import re
import tomllib

import ita_portal
from ita_portal.management.commands.portal_version import MESSAGE_VERSION
from tests.manage_subprocess import ROOT, manage

CHANGELOG = ROOT / "CHANGELOG.md"
UNRELEASED = "## [ยังไม่ออกรุ่น (Unreleased)]"
RELEASE_HEADING = re.compile(r"^## \[(\d+\.\d+\.\d+)\] — (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_running_code_and_pyproject_name_one_version():
    assert ita_portal.__version__ == project_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev0)?", ita_portal.__version__)


def test_the_changelog_has_a_section_for_this_version():
    text = CHANGELOG.read_text()
    releases = RELEASE_HEADING.findall(text)
    assert ("0.1.0", "2026-11-26") in releases  # the first release: commit bd68dff
    assert text.count(UNRELEASED) == 1
    version = ita_portal.__version__
    if version.endswith(".dev0"):  # between releases: newer than the newest released section
        newest = tuple(int(n) for n in releases[0][0].split("."))
        assert tuple(int(n) for n in version.removesuffix(".dev0").split(".")) > newest
    else:  # a release: its own section, first under Unreleased
        assert releases[0][0] == version
        assert text.index(UNRELEASED) < text.index(f"## [{version}]")


def test_manage_py_portal_version_prints_it():
    result = manage("portal_version", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == MESSAGE_VERSION.format(version=project_version())


def test_the_admin_footer_shows_it(site_admin_client):
    page = site_admin_client.get("/admin/").content.decode()
    assert MESSAGE_VERSION.format(version=project_version()) in page
