"""The cast every test can use: the demo agency's staff and approver, an outsider, the public.

`demo` loads exactly what `manage.py load_demo` loads (every app's demo module).
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from assessments.demo import OTHER_AGENCY_CODE, SEED_AGENCY_CODE, DemoContext
from tests.storage_s3 import (  # noqa: F401  (fixtures)
    media_storage,
    s3_bucket,
    s3_endpoint,
    s3_media,
    s3_wanted_everywhere,
    use_s3_media,
)

DEMO_PASSWORD = "demo-pass-for-tests"


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`-n 2`) each worker process gets a cache folder and a MEDIA_ROOT of
    its own, for itself and the processes it starts: the autouse cache.clear() of one worker
    would otherwise wipe the other's counts mid-test, and their files would meet. Without xdist
    nothing changes. (The test databases are per worker already: pytest-django suffixes them.)"""
    import os
    from pathlib import Path

    from django.conf import settings
    from django.test.utils import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    cache = dict(settings.CACHES["default"])
    changed: dict[str, object] = {}
    if cache["BACKEND"].endswith("FileBasedCache"):
        cache["LOCATION"] = os.environ["CACHE_DIR"] = f"{cache['LOCATION']}-{worker}"
        changed["CACHES"] = {**settings.CACHES, "default": cache}
    media = Path(f"{settings.MEDIA_ROOT}-{worker}")
    os.environ["MEDIA_ROOT"] = str(media)
    changed["MEDIA_ROOT"] = media
    if settings.IMPORT_UPLOAD_DIR == settings.MEDIA_ROOT / "private" / "score-imports":
        changed["IMPORT_UPLOAD_DIR"] = media / "private" / "score-imports"
    # For the whole worker process: the settings fixture of each test overrides on top of it.
    override_settings(**changed).enable()


@pytest.fixture(autouse=True)
def _no_lockouts(settings):
    # Tests log in many times from one address; lockout has its own tests.
    settings.AXES_ENABLED = False
    # The demo users are made for every test: a slow password hash would dominate the suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _public_pages_rendered(request, settings):
    # Writes invalidate the cached public pages when their transaction commits, and a test's
    # own transaction never commits: pages are rendered on every request, except where the test
    # commits what it writes (tests that say PUBLIC_PAGE_CACHE_TESTED = True, and those on a
    # transactional database, such as the browser tests).
    tested = getattr(request.module, "PUBLIC_PAGE_CACHE_TESTED", False)
    committing = {"transactional_db", "live_server"} & set(request.fixturenames)
    if not tested and not committing:
        settings.PUBLIC_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _media_on_s3_when_asked(request, settings):
    """TEST_MEDIA_STORAGE=s3: every test's media on the local S3 server (tests/storage_s3.py)."""
    if s3_wanted_everywhere():
        use_s3_media(
            settings, request.getfixturevalue("s3_endpoint"), request.getfixturevalue("s3_bucket")
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The cache is shared by processes (files or Redis): no test sees another's counts.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db) -> DemoContext:
    """Everything load_demo makes, as the DemoContext the loaders filled."""
    from importlib import import_module

    from auditlog.context import disable_auditlog
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    # The seed's synthetic schools (issue 20) and their published report (a PDF render and a
    # file in MEDIA_ROOT) are left out here: `demo_schools` and `demo_published` add them.
    context = DemoContext(password=DEMO_PASSWORD, with_schools=False, publish_reports=False)
    with disable_auditlog():
        for app_config in apps.get_app_configs():
            if module_has_submodule(app_config.module, "demo"):
                import_module(f"{app_config.name}.demo").load(context)
    return context


@pytest.fixture
def demo_schools(demo) -> DemoContext:
    """The demo with the seed ESA's synthetic schools at their stages and demo-supervisor, as
    load_demo makes them, but the last school's report not yet published (demo_published)."""
    from auditlog.context import disable_auditlog

    from actionplans.demo import school_plans_load
    from assessments.demo import load_schools

    with disable_auditlog():
        load_schools(demo, demo.agencies[SEED_AGENCY_CODE])
        school_plans_load(demo)
    return demo


@pytest.fixture
def demo_published(demo_schools, settings, tmp_path, monkeypatch) -> DemoContext:
    """demo_schools with the last school's report published, as load_demo makes it (the PDF a
    stand-in, MEDIA_ROOT a temporary folder)."""
    from reports import demo as reports_demo
    from tests.reports.conftest import fake_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("reports.publishing.render_pdf", fake_pdf)
    demo_schools.publish_reports = True
    reports_demo.load(demo_schools)
    return demo_schools


@pytest.fixture
def seed_agency(demo):
    return demo.agencies[SEED_AGENCY_CODE]


@pytest.fixture
def other_agency(demo):
    return demo.agencies[OTHER_AGENCY_CODE]


@pytest.fixture
def seed_assessment(demo):
    return demo.assessments[SEED_AGENCY_CODE]


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(demo) -> Client:
    """A staff member (เจ้าหน้าที่) of the seed agency."""
    return _client_for(demo.users["demo-staff"])


@pytest.fixture
def approver_client(demo) -> Client:
    """An approver (ผู้บริหาร) of the seed agency."""
    return _client_for(demo.users["demo-approver"])


@pytest.fixture
def outsider_client(demo) -> Client:
    """Staff of another agency (demo-other)."""
    return _client_for(demo.users["demo-other"])


@pytest.fixture
def site_admin_client(db) -> Client:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(
        "site-admin", "admin@example.invalid", "x-admin-pass-1"
    )
    return _client_for(admin)


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def load_demo_command(db, settings, tmp_path):
    # The demo publishes a school's report: its PDF goes to a temporary MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path / "media"

    def run(password: str = DEMO_PASSWORD) -> None:
        # --reset: the data are loaded again over what is there (load_demo keeps a demo otherwise).
        call_command("load_demo", password=password, reset=True, stdout=open("/dev/null", "w"))

    return run


@pytest.fixture
def back_to_latest():
    """After a migration test, the database is at the latest migrations again."""
    from tests.migrating import migrate_to_latest

    yield
    migrate_to_latest()


# --- The frameworks beyond the NACC's 2562-2568 (issue 19: NACC 2569/2570, OVEC 2569 and OBEC's
# schools' 2566 are in fixtures/frameworks.json).
@pytest.fixture
def only_the_naccs_years_up_to_2568(db) -> None:
    """A database from before issuers and 2569 was loaded: tests that make 2568's next year, or
    migrate a database back to one framework per year, start from it."""
    from django.db.models import Q

    from indicators.models import Framework

    Framework.objects.filter(Q(fiscal_year__gt=2568) | ~Q(issuer__code="nacc")).delete()
