"""signed_in: services that record authorship get an account, never the anonymous user."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from ita_portal.lib.users import ERROR_SIGN_IN, display_name, signed_in


def test_a_signed_in_account_passes_through():
    user = User(username="somchai")
    assert signed_in(user) is user


def test_the_anonymous_user_is_refused_in_thai():
    with pytest.raises(PermissionDenied, match=ERROR_SIGN_IN):
        signed_in(AnonymousUser())


def test_a_person_is_named_by_first_and_last_name_else_by_username():
    assert (
        display_name(User(username="somchai", first_name="สมชาย", last_name="ใจดี")) == "สมชาย ใจดี"
    )
    assert display_name(User(username="somchai", first_name=" ", last_name="")) == "somchai"
