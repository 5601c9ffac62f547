"""Two people on one admin change page: the helpers of the lost-update tests of each record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from ita_portal.lib.admin_locking import ERROR_STALE_EDIT
from tests.actionplans.formdata import admin_form_data

FormData = dict[str, Any]


def form_of(client: Client, url: str, form_id: str) -> FormData:
    """The change form as the browser would submit it, untouched."""
    response = client.get(url)
    assert response.status_code == 200
    return admin_form_data(response.content.decode(), form_id)


def first_saves_then_second_is_refused(
    first: Client,
    second: Client,
    url: str,
    form_id: str,
    *,
    first_edit: Callable[[FormData], None],
    second_edit: Callable[[FormData], None],
) -> FormData:
    """Both open the page; the first saves; the second's save is refused in Thai. The form shown
    again to the second (their own input in it) is returned."""
    first_form = form_of(first, url, form_id)
    second_form = form_of(second, url, form_id)
    first_edit(first_form)
    saved = first.post(url, first_form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    second_edit(second_form)
    refused = second.post(url, second_form)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert ERROR_STALE_EDIT in html
    return admin_form_data(html, form_id)


def fresh_form_saves(client: Client, url: str, form_id: str, edit: Callable[[FormData], None]):
    """A form opened after the last save is saved."""
    data = form_of(client, url, form_id)
    edit(data)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
