"""A NUL byte (\\x00) in any text sent to the portal is a Thai 400, never a 500.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"): a
reason or comment read straight from request.POST by a view or an admin page reached the
database and answered 500. Run on both databases (DATABASE_URL=postgres://… for PostgreSQL).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from ita_portal.errors import TITLE_NOT_FOUND
from ita_portal.input_guard import MESSAGE_NUL

NUL_TEXT = "เหตุผล\x00ที่ซ่อนอยู่"


def _plan(name):
    return lambda fixtures: reverse(f"actionplans:{name}", args=[fixtures.pk])


def _report(name):
    return lambda fixtures: reverse(f"reports:{name}", args=[fixtures.assessment_id])


# (who posts, the state needed, the URL of that state, the form data): every free text a view
# or admin page reads from request.POST itself.
POSTS = {
    "plan submit": ("staff_client", "draft_plan", _plan("submit"), {"comment": NUL_TEXT}),
    "plan approve": ("approver_client", "submitted_plan", _plan("approve"), {"comment": NUL_TEXT}),
    "plan return": ("approver_client", "submitted_plan", _plan("return"), {"comment": NUL_TEXT}),
    "plan reopen": ("approver_client", "approved_plan", _plan("reopen"), {"comment": NUL_TEXT}),
    "plan reopen request": (
        "staff_client",
        "approved_plan",
        _plan("request_reopen"),
        {"comment": NUL_TEXT},
    ),
    "plan reopen declined": (
        "approver_client",
        "reopen_requested",
        _plan("decline_reopen"),
        {"comment": NUL_TEXT},
    ),
    "report unpublish": (
        "approver_client",
        "published",
        _report("report_unpublish"),
        {"reason": NUL_TEXT},
    ),
    "report reopen": (
        "approver_client",
        "published",
        _report("report_reopen"),
        {"reason": NUL_TEXT},
    ),
    "OIT paste": (
        "staff_client",
        "seed_assessment",
        lambda a: reverse("admin:oit_evidence_paste", args=[a.pk]),
        {"urls": f"O1 https://example.invalid/{NUL_TEXT}", "do": "save"},
    ),
    "a field's name": ("staff_client", "draft_plan", _plan("submit"), {"com\x00ment": "x"}),
}

# Searches and filters read from the query string.
GETS = {
    "portal search": ("anonymous_client", "/?q=" + NUL_TEXT),
    "API search": ("anonymous_client", "/api/agencies/?search=" + NUL_TEXT),
    "admin search": ("staff_client", "/admin/assessments/assessment/?q=" + NUL_TEXT),
    "admin filter": ("staff_client", "/admin/oit/evidence/?preliminary_result=" + NUL_TEXT),
}


def _refused(response) -> None:
    assert response.status_code == 400
    assert MESSAGE_NUL in response.content.decode()


@pytest.mark.parametrize("case", sorted(POSTS))
def test_a_nul_byte_in_posted_text_is_refused_in_thai(case, request, django_db_blocker):
    who, state, url_of, data = POSTS[case]
    client = request.getfixturevalue(who)
    client.raise_request_exception = False
    target = request.getfixturevalue(state)
    _refused(client.post(url_of(target), data))


def test_nothing_is_written_from_a_refused_comment(staff_client, draft_plan):
    before = draft_plan.transitions.count()
    staff_client.post(reverse("actionplans:submit", args=[draft_plan.pk]), {"comment": NUL_TEXT})
    draft_plan.refresh_from_db()
    assert (draft_plan.status, draft_plan.transitions.count()) == ("draft", before)


@pytest.mark.parametrize("case", sorted(GETS))
def test_a_nul_byte_in_the_query_string_is_refused_in_thai(case, request):
    who, url = GETS[case]
    client = request.getfixturevalue(who)
    client.raise_request_exception = False
    _refused(client.get(url))


@pytest.mark.parametrize("path", ["/reports/pathumthani-2%00/", "/admin/auth/user/1%00/change/"])
def test_a_nul_byte_in_the_path_is_not_found_in_thai(site_admin_client, path):
    site_admin_client.raise_request_exception = False
    response = site_admin_client.get(path)
    assert response.status_code == 404
    assert TITLE_NOT_FOUND in response.content.decode()


@pytest.mark.django_db
def test_every_address_refuses_a_posted_nul_byte(demo, media_root, fast_pdf):
    """Every form of the portal, the admin and the API, posted a NUL byte by a site
    administrator (who may reach them all): the Thai 400, whatever the view would have done."""
    from tests.test_url_walk import SKIPPED, Samples, _clients, named_patterns

    samples = Samples(demo, media_root)
    client = _clients(demo)["site_admin"]
    client.raise_request_exception = False
    answers = {}
    for name, route in sorted(set(named_patterns())):
        if name in SKIPPED or "(?P<format>" in route:
            continue
        url = reverse(name, kwargs=samples.kwargs(name, route))
        response = client.post(url, {"name": NUL_TEXT, "comment": NUL_TEXT, "reason": NUL_TEXT})
        if response.status_code != 400 or MESSAGE_NUL not in response.content.decode():
            answers[url] = response.status_code
    assert not answers, "\n".join(f"{url}: {status}" for url, status in sorted(answers.items()))
