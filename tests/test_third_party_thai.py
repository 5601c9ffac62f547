"""Every string of the third-party apps a user meets is Thai, from our own catalogue.

django-axes (the lockout and its admin), django-auditlog (the history admin), django-import-
export (the import and export pages) and DRF (the API's errors and its browsable pages) ship no
Thai, or Thai with mistakes. Every msgid of their catalogues must be in locale/th: a package
upgrade that adds a string fails here until it is translated.
"""

from __future__ import annotations

import gettext
import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PACKAGES = ["axes", "auditlog", "import_export", "rest_framework"]
OUR_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
THAI = re.compile("[\u0e01-\u0e5b]")


# _("…"), gettext_lazy('…') in Python; {% translate "…" %} in templates. f-strings are not
# translatable and are not matched.
IN_PYTHON = re.compile(
    r"""\b(?:_|gettext|gettext_lazy)\(\s*(?:'((?:[^'\\]|\\.)+)'|"((?:[^"\\]|\\.)+)")\s*[,)]"""
)
IN_TEMPLATES = re.compile(r"""\{%\s*(?:trans|translate)\s+(?:'([^']+)'|"([^"]+)")""")


def package_msgids(package: str) -> set[str]:
    """The strings a package marks for translation: in its catalogues and in its source (the
    catalogues lag: axes 8.3 marks strings none of its catalogues lists)."""
    root = Path(import_module(package).__file__).parent
    return catalogue_msgids(root / "locale") | source_msgids(root)


def source_msgids(root: Path) -> set[str]:
    msgids: set[str] = set()
    for path in root.rglob("*"):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        pattern = {".py": IN_PYTHON, ".html": IN_TEMPLATES, ".txt": IN_TEMPLATES}.get(path.suffix)
        if pattern:
            for match in pattern.finditer(path.read_text(errors="replace")):
                msgids.add(re.sub(r"\\(['\"])", r"\1", match[1] or match[2]))
    return msgids


def catalogue_msgids(locale: Path) -> set[str]:
    """The msgids of every language a package ships (the union: some catalogues lag)."""
    msgids: set[str] = set()
    for path in locale.glob("*/LC_MESSAGES/django.mo"):
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)
        for key in catalogue._catalog:  # type: ignore[attr-defined]
            msgid = key[0] if isinstance(key, tuple) else key
            if msgid:
                msgids.add(msgid)
    return msgids


def our_msgids() -> set[str]:
    """The msgids of locale/th/LC_MESSAGES/django.po with a non-empty translation."""
    entries = re.findall(
        r'^msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?msgstr(?:\[0\])? ((?:".*"\n)+)',
        OUR_CATALOGUE.read_text(),
        flags=re.MULTILINE,
    )

    def text(lines: str) -> str:
        escaped = "".join(re.findall(r'"(.*)"', lines))
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), escaped)

    return {text(msgid) for msgid, msgstr in entries if THAI.search(text(msgstr))}


def test_the_catalogue_reader_sees_our_entries():
    ours = our_msgids()
    assert "None available" in ours and "Request was throttled." in ours
    assert len(package_msgids("rest_framework")) >= 120
    assert "Clean up expired attempts" in source_msgids(Path(import_module("axes").__file__).parent)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_string_of_the_package_is_in_our_thai_catalogue(package):
    missing = package_msgids(package) - our_msgids()
    assert sorted(missing) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_every_string_of_the_package_reads_thai(package):
    with translation.override("th"):
        english = [msgid for msgid in package_msgids(package) if not THAI.search(_(msgid))]
    assert english == []


def _(msgid: str) -> str:
    return translation.gettext(msgid)
