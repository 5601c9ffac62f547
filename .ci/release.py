"""Make a release: `make release VERSION=X.Y.Z` (docs/deploy.md 2.7).

    python3 .ci/release.py X.Y.Z   the changelog's Unreleased section becomes "## [X.Y.Z] — date",
                                   a new empty Unreleased above it; pyproject.toml's version and
                                   ita_portal.__version__ become X.Y.Z; the migrations it ships
                                   are listed in ita_portal/released_migrations/X.Y.Z.txt
    python3 .ci/release.py --next  both versions become the next minor's .dev0 (X.Y+1.0.dev0)

Nothing is written unless every check passes. The Makefile commits and tags (vX.Y.Z).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNRELEASED = "## [ยังไม่ออกรุ่น (Unreleased)]"
RELEASED = re.compile(r"^## \[(\d+\.\d+\.\d+)\] — ", re.MULTILINE)
PYPROJECT_VERSION = re.compile(r'^version = "([^"]+)"$', re.MULTILINE)
MODULE_VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.MULTILINE)
ERROR_FORMAT = "เลขรุ่น {version} ไม่ถูกต้อง: ต้องเป็นตัวเลขอารบิกสามส่วน X.Y.Z เช่น 0.2.0 (ไม่มี v นำหน้า)"
ERROR_NOT_NEWER = "รุ่น {version} ต้องใหม่กว่ารุ่นล่าสุดใน CHANGELOG.md ({newest})"
ERROR_NOTHING = "หัวข้อ Unreleased ใน CHANGELOG.md ว่าง: เขียนสิ่งที่เปลี่ยนก่อนออกรุ่น"
ERROR_LAYOUT = "ไม่พบ {what} ใน {path}"


class ReleaseError(Exception):
    pass


def _parse(version: str) -> tuple[int, int, int]:
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        raise ReleaseError(ERROR_FORMAT.format(version=version))
    major, minor, patch = (int(n) for n in version.split("."))
    return major, minor, patch


def _files(root: Path) -> dict[str, Path]:
    return {
        "pyproject": root / "pyproject.toml",
        "module": root / "ita_portal" / "__init__.py",
        "changelog": root / "CHANGELOG.md",
    }


def _set(path: Path, pattern: re.Pattern[str], line: str) -> str:
    text = path.read_text(encoding="utf-8")
    if not pattern.search(text):
        raise ReleaseError(ERROR_LAYOUT.format(what=pattern.pattern, path=path))
    return pattern.sub(line, text, count=1)


def read_versions(root: Path) -> tuple[str, str]:
    """(pyproject.toml's version, ita_portal.__version__) as written in the files."""
    files = _files(root)
    found = []
    for key, pattern in (("pyproject", PYPROJECT_VERSION), ("module", MODULE_VERSION)):
        match = pattern.search(files[key].read_text(encoding="utf-8"))
        if match is None:
            raise ReleaseError(ERROR_LAYOUT.format(what=pattern.pattern, path=files[key]))
        found.append(match.group(1))
    return found[0], found[1]


def _changelog_released(text: str, version: str, today: dt.date) -> str:
    if UNRELEASED not in text:
        raise ReleaseError(ERROR_LAYOUT.format(what=UNRELEASED, path="CHANGELOG.md"))
    newest = RELEASED.search(text)
    if newest and _parse(version) <= _parse(newest.group(1)):
        raise ReleaseError(ERROR_NOT_NEWER.format(version=version, newest=newest.group(1)))
    head, rest = text.split(UNRELEASED, 1)
    body, tail = (rest.split("\n## [", 1) + [""])[:2]
    if not body.strip():
        raise ReleaseError(ERROR_NOTHING)
    section = f"{UNRELEASED}\n\n## [{version}] — {today.isoformat()}\n{body.rstrip()}\n\n"
    return head + section + (f"## [{tail}" if tail else "")


def _write_versions(root: Path, version: str, changelog: str | None = None) -> None:
    files = _files(root)
    pyproject = _set(files["pyproject"], PYPROJECT_VERSION, f'version = "{version}"')
    module = _set(files["module"], MODULE_VERSION, f'__version__ = "{version}"')
    files["pyproject"].write_text(pyproject, encoding="utf-8")
    files["module"].write_text(module, encoding="utf-8")
    if changelog is not None:
        files["changelog"].write_text(changelog, encoding="utf-8")


def _record_migrations(root: Path, version: str) -> None:
    """The migrations this release ships: later ones must be safe while it still serves
    (ita_portal/migration_phases.py)."""
    names = sorted(
        f"{path.parent.parent.name}.{path.stem}" for path in root.glob("*/migrations/[0-9]*.py")
    )
    folder = root / "ita_portal" / "released_migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{version}.txt").write_text("".join(f"{n}\n" for n in names), encoding="utf-8")


def make_release(root: Path, version: str, *, today: dt.date) -> None:
    _parse(version)
    text = _files(root)["changelog"].read_text(encoding="utf-8")
    _write_versions(root, version, _changelog_released(text, version, today))
    _record_migrations(root, version)


def begin_next(root: Path) -> str:
    major, minor, _ = _parse(read_versions(root)[0].removesuffix(".dev0"))
    version = f"{major}.{minor + 1}.0.dev0"
    _write_versions(root, version)
    return version


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        if argv[0] == "--next":
            print(begin_next(ROOT))
        else:
            make_release(ROOT, argv[0], today=dt.date.today())
            print(argv[0])
    except ReleaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
