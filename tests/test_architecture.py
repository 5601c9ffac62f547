"""The apps' one-way dependencies hold, and import-linter would catch a new loop."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [
    "ita_portal",
    "indicators",
    "assessments",
    "actionplans",
    "committees",
    "oit",
    "reports",
    "supervision",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_importing_reports_from_assessments_breaks_the_layers(tree_copy: Path):
    selectors = tree_copy / "assessments" / "selectors.py"
    # Inside a function, where an import is easiest to hide.
    selectors.write_text(
        selectors.read_text() + "\n\ndef _loop():\n    from reports import charts  # noqa\n"
    )
    result = _lint_imports(tree_copy)
    assert result.returncode != 0
    assert "assessments.selectors -> reports.charts" in result.stdout


def test_plans_importing_committees_breaks_their_independence(tree_copy: Path):
    services = tree_copy / "actionplans" / "services.py"
    services.write_text(services.read_text() + "\nfrom committees import models  # noqa\n")
    result = _lint_imports(tree_copy)
    assert result.returncode != 0
    assert "Plans and committees do not know each other BROKEN" in result.stdout
