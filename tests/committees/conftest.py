"""Fixtures of the committee tests: a media folder of the test's own and the demo agency's order."""

from __future__ import annotations

from pathlib import Path

import pytest

from committees.models import CommitteeOrder


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def order(demo, seed_agency) -> CommitteeOrder:
    return CommitteeOrder.objects.get(agency=seed_agency)
