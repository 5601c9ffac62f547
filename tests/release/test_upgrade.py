"""The upgrade drill: release 0.1.0's own backup (tests/data/releases/0.1.0, made by that
release's code) is restored into an empty database and media folder, today's `migrate` runs, and
every PDF the old release published is byte-identical and served unchanged at its public
address; its public pages still answer."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tests.manage_subprocess import ROOT, manage

PREVIOUS = ROOT / "tests" / "data" / "releases" / "0.1.0"
UPGRADE_DATABASE_SUFFIX = "_upgrade"

# Run by `manage.py shell` against the upgraded database: every published version's public
# addresses, answered by the application itself (status and SHA-256 of the body).
PROBE = """
import hashlib, json
from django.test import Client
from reports.models import ReportPublication

client = Client()
answers = {}
def ask(url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers[url] = [response.status_code, hashlib.sha256(body).hexdigest()]
ask("/")
for p in ReportPublication.objects.select_related("assessment__agency").order_by("pk"):
    code, year = p.assessment.agency.code, p.assessment.fiscal_year
    for url in (
        f"/reports/{code}/{year}/v{p.version}.pdf", f"/reports/{code}/{year}/report.pdf",
        f"/media/{p.pdf.name}", f"/reports/{code}/{year}/v{p.version}/",
        f"/reports/{code}/{year}/", f"/agencies/{code}/",
    ):
        ask(url)
    answers[f"pdf:{p.version}:{code}:{year}"] = ["media/" + p.pdf.name, p.sha256]
print("PROBE " + json.dumps(answers))
"""


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.load(member)


def _run(*args: str, env: dict[str, str]) -> str:
    result = manage(*args, **env)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


def _upgrade_and_probe(archive: Path, env: dict[str, str]) -> dict[str, list]:
    _run("restore", str(archive), env=env)
    _run("migrate", "--noinput", env=env)
    _run("migrate", "--check", env=env)  # nothing left unapplied
    (line,) = [
        x for x in _run("shell", "-c", PROBE, env=env).splitlines() if x.startswith("PROBE ")
    ]
    return json.loads(line.removeprefix("PROBE "))


def _assert_published_pdfs_unchanged(archive: Path, answers: dict[str, list]) -> None:
    files = _manifest(archive)["files"]
    pdfs = {name: entry for name, entry in files.items() if name.endswith(".pdf")}
    published = {k: v for k, v in answers.items() if k.startswith("pdf:")}
    assert pdfs and len(published) == len(pdfs)  # every PDF in the archive is a publication
    for key, (name, recorded) in published.items():
        _, version, code, year = key.split(":")
        expected = pdfs[name]["sha256"]
        assert recorded == expected, name  # the database's own record of the file
        for url in (f"/reports/{code}/{year}/v{version}.pdf", "/" + name):
            assert answers[url] == [200, expected], url


def _assert_pages_answer(answers: dict[str, list]) -> None:
    pages = {url: status for url, (status, _) in answers.items() if url.startswith("/")}
    assert len(pages) >= 7  # the home page and six per publication
    assert {url: status for url, status in pages.items() if status != 200} == {}


def _drill(archive: Path, env: dict[str, str]) -> None:
    answers = _upgrade_and_probe(archive, env)
    _assert_published_pdfs_unchanged(archive, answers)
    _assert_pages_answer(answers)


def test_release_0_1_0_sqlite_data_upgrades_with_every_published_pdf_unchanged(tmp_path):
    env = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _drill(PREVIOUS / "sqlite.tar.gz", env)


@pytest.fixture
def empty_postgresql_database() -> Iterator[str]:
    """A fresh, empty database beside the test database; its DATABASE_URL."""
    database = settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        pytest.skip("needs PostgreSQL (pg_restore)")
    import psycopg2

    name = f"{database['NAME']}{UPGRADE_DATABASE_SUFFIX}"
    server = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8'")
    password = f":{server['password']}" if server["password"] else ""
    yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.postgres
def test_release_0_1_0_postgresql_data_upgrades_with_every_published_pdf_unchanged(
    tmp_path, empty_postgresql_database
):
    env = {
        "DEBUG": "true",
        "DATABASE_URL": empty_postgresql_database,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    _drill(PREVIOUS / "postgresql.tar.gz", env)


def test_the_archives_are_release_0_1_0s_format_1_with_a_published_pdf():
    for vendor in ("sqlite", "postgresql"):
        manifest = _manifest(PREVIOUS / f"{vendor}.tar.gz")
        assert manifest["format"] == 1
        assert manifest["database"]["vendor"] == vendor
        pdfs = [name for name in manifest["files"] if name.endswith(".pdf")]
        assert pdfs, vendor
        assert all(len(manifest["files"][n]["sha256"]) == 64 for n in pdfs)
