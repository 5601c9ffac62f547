"""Installs work with the pip that python3.11 and Debian 12 ship (23.2.1 and 23.0.1).

pip older than 23.3 reads an extra such as WeasyPrint's `fonttools[woff]>=…` as a second,
unpinned requirement and refuses a --require-hashes lock (pypa/pip#11924). Every documented
install therefore goes through deploy/install-lock (--no-deps, then pip check); .ci/run builds
the production environment with Debian's own Python to prove it (.ci/deploy-venv.sh).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.manage_subprocess import ROOT

INSTALL_LOCK = ROOT / "deploy" / "install-lock"
# A pip install of a lock file: `pip install … -r requirements/….txt`.
PIP_INSTALL_OF_A_LOCK = re.compile(r"pip3?\s+install\b[^\n]*-r\s+\S*requirements/\w+\.txt")


def documented_install_lines() -> list[tuple[str, str]]:
    places = [ROOT / "Makefile", ROOT / "README.md", ROOT / "docs" / "deploy.md"]
    places += sorted((ROOT / ".ci").glob("*.sh")) + [ROOT / ".ci" / "run"]
    found = []
    for path in places:
        for line in path.read_text().splitlines():
            if PIP_INSTALL_OF_A_LOCK.search(line):
                found.append((path.relative_to(ROOT).as_posix(), line.strip()))
    return found


def test_no_documented_install_lets_pip_resolve_the_lock_itself():
    assert documented_install_lines() == [], "install the locks with deploy/install-lock VENV LOCK"


def test_install_lock_installs_without_resolving_then_checks_the_closure():
    script = INSTALL_LOCK.read_text()
    install = next(line for line in script.splitlines() if "pip install" in line)
    assert "--no-deps" in install and "--require-hashes" in install
    assert re.search(r"-m pip check", script)
    assert INSTALL_LOCK.stat().st_mode & 0o111


def test_make_and_the_deployment_guide_install_through_install_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "deploy/install-lock $(VENV) $(LOCK_DEV)" in makefile
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "deploy/install-lock .venv requirements/prod.txt" in guide


def test_both_locks_pin_every_requirement_with_hashes():
    for lock in ("dev", "prod"):
        text = Path(ROOT / "requirements" / f"{lock}.txt").read_text()
        requirements = [
            line for line in text.splitlines() if line and not line.startswith((" ", "#"))
        ]
        assert requirements, lock
        for line in requirements:
            assert re.match(r"^[A-Za-z0-9_.\-]+==[^ ;]+( ;.*)? \\$", line), (lock, line)
