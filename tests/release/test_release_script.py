"""`make release VERSION=X.Y.Z` (.ci/release.py): the changelog's Unreleased section becomes
the release, pyproject and ita_portal.__version__ change together, then the next .dev0 begins."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from pathlib import Path

import pytest

from tests.manage_subprocess import ROOT

loader = SourceFileLoader("release", str(ROOT / ".ci" / "release.py"))
release = module_from_spec(spec_from_loader("release", loader))
loader.exec_module(release)

FILES = ["pyproject.toml", "CHANGELOG.md", "ita_portal/__init__.py"]  # what a release changes


@pytest.fixture
def checkout(tmp_path) -> Path:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "reports" / "migrations").mkdir(parents=True)
    (tmp_path / "reports" / "migrations" / "0001_initial.py").write_text("")
    (tmp_path / "reports" / "migrations" / "__init__.py").write_text("")
    return tmp_path


def _versions(root: Path) -> tuple[str, str]:
    return release.read_versions(root)


def test_a_release_moves_unreleased_under_its_number_and_sets_both_versions(checkout):
    before = (checkout / "CHANGELOG.md").read_text()
    unreleased = before.split(release.UNRELEASED)[1].split("\n## [")[0].strip()
    release.make_release(checkout, "0.2.0", today=dt.date(2026, 12, 7))
    assert _versions(checkout) == ("0.2.0", "0.2.0")
    after = (checkout / "CHANGELOG.md").read_text()
    head, section = after.split("## [0.2.0] — 2026-12-07\n")
    assert head.rstrip().endswith(release.UNRELEASED)  # a new, empty Unreleased on top
    assert section.split("\n## [")[0].strip() == unreleased
    assert "## [0.1.0] — 2026-11-26" in section
    shipped = checkout / "ita_portal" / "released_migrations" / "0.2.0.txt"
    assert shipped.read_text() == "reports.0001_initial\n"

    release.begin_next(checkout)
    assert _versions(checkout) == ("0.3.0.dev0", "0.3.0.dev0")


@pytest.mark.parametrize("bad", ["1.2", "v0.2.0", "0.2.0.dev0", "0.1.0", "0.0.9", "๐.๒.๐"])
def test_a_version_that_is_not_newer_x_y_z_is_refused_in_thai_and_nothing_changes(checkout, bad):
    before = {name: (checkout / name).read_text() for name in FILES}
    with pytest.raises(release.ReleaseError) as refused:
        release.make_release(checkout, bad, today=dt.date(2026, 12, 7))
    assert str(refused.value) in (
        release.ERROR_FORMAT.format(version=bad),
        release.ERROR_NOT_NEWER.format(version=bad, newest="0.1.0"),
    )
    assert {name: (checkout / name).read_text() for name in FILES} == before


def test_an_empty_unreleased_section_is_not_released(checkout):
    release.make_release(checkout, "0.2.0", today=dt.date(2026, 12, 7))
    with pytest.raises(release.ReleaseError) as refused:
        release.make_release(checkout, "0.2.1", today=dt.date(2026, 12, 8))
    assert str(refused.value) == release.ERROR_NOTHING
