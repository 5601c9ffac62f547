"""What a fresh clone holds: nothing that points at the machine the commit was made on.

A helper's worktree once committed tests/readers/node_modules as a symbolic link to another
checkout (.gitignore named it with a trailing slash, which matches a directory only): a clone
elsewhere got a link to a folder that is not there, or worse, to someone else's packages.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.manage_subprocess import ROOT

SYMLINK_MODE = "120000"


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)


@pytest.fixture
def in_a_git_checkout() -> None:
    if shutil.which("git") is None or _git("rev-parse", "--is-inside-work-tree").returncode:
        pytest.skip("not a git checkout (an exported tree has no index to read)")


@pytest.mark.usefixtures("in_a_git_checkout")
def test_no_tracked_file_is_a_symbolic_link():
    listing = _git("ls-files", "--stage").stdout.splitlines()
    links = [line.split("\t", 1)[1] for line in listing if line.startswith(SYMLINK_MODE)]
    assert links == []


@pytest.mark.usefixtures("in_a_git_checkout")
@pytest.mark.parametrize("path", ["tests/readers/node_modules", ".venv"])
def test_installed_folders_are_ignored_even_as_links(tmp_path, path):
    # The project's ignore rules in an empty repository where the folder is a symbolic link
    # (as a worktree or a shared install makes it): a rule with a trailing slash misses it.
    subprocess.run(["git", "init", "--quiet", str(tmp_path)], check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    link = tmp_path / path
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(tmp_path)
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "--quiet", path])
    assert ignored.returncode == 0, f"{path} as a link is not ignored"
