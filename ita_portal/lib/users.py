"""Who acts in the portal, as types: annotations of the `user` parameters of every app.

`Actor` is whoever sent a request (request.user: maybe nobody logged in); `Person` is a
logged-in account, as services that record authorship need it.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

Person: TypeAlias = User
Actor: TypeAlias = User | AnonymousUser

ERROR_SIGN_IN = "กรุณาเข้าสู่ระบบก่อน"


def signed_in(user: Actor) -> Person:
    """The account behind a request that login_required or the admin already let through.

    Services that record who did something need an account; an anonymous user reaching one
    is a wiring error of the view, refused rather than recorded as nobody.
    """
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(ERROR_SIGN_IN)
    return user


def display_name(user: Person) -> str:
    """How a mail or a page names a person: first and last name, else the username."""
    return f"{user.first_name} {user.last_name}".strip() or user.get_username()
