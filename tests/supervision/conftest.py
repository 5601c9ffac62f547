"""A small tree for the console (factories.make_tree): the supervisor supervises the ESA; its
sibling, the sibling's schools and the parent must never show."""

from __future__ import annotations

import pytest
from django.test import Client

from assessments.models import Role

from .factories import Tree, make_member, make_tree


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tree(seed_assessment) -> Tree:
    return make_tree(seed_assessment)


@pytest.fixture
def supervisor_client(tree) -> Client:
    return _client(make_member("esa-supervisor", tree.esa, Role.SUPERVISOR))


@pytest.fixture
def school_staff_client(tree) -> Client:
    return _client(make_member("school-staff", tree.schools[0], Role.STAFF))


@pytest.fixture
def esa_staff_client(tree) -> Client:
    return _client(make_member("esa-staff", tree.esa, Role.STAFF))
