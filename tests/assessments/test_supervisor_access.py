"""The supervisor role: read-only over the descendants of its agency, nothing else; the other
roles keep what they had (a supervisor membership opens nothing of the staff's admin)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client
from django.urls import reverse

from assessments import access, services
from assessments.models import Agency, Assessment, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(seed_agency, other_agency) -> dict[str, Agency]:
    """obec → seed ESA → two schools (one with an annex); obec → other ESA → its school."""
    obec = Agency.objects.create(code="obec", name="สพฐ.")
    from assessments import hierarchy

    hierarchy.agency_move(agency=seed_agency, new_parent=obec, user=None)
    hierarchy.agency_move(agency=other_agency, new_parent=obec, user=None)
    seed_agency.refresh_from_db()
    other_agency.refresh_from_db()
    school1 = Agency.objects.create(code="school1", name="โรงเรียน ๑", parent=seed_agency)
    school2 = Agency.objects.create(code="school2", name="โรงเรียน ๒", parent=seed_agency)
    annex = Agency.objects.create(code="annex", name="ห้องเรียนสาขา", parent=school1)
    cousin = Agency.objects.create(code="cousin", name="โรงเรียนเขตอื่น", parent=other_agency)
    return {
        "obec": obec,
        "esa": seed_agency,
        "other": other_agency,
        "school1": school1,
        "school2": school2,
        "annex": annex,
        "cousin": cousin,
    }


def user_with(role: str | None, agency: Agency | None, name: str):
    user = get_user_model().objects.create_user(name, password="x-pass-12345")
    if role is not None and agency is not None:
        services.membership_grant(user=user, agency=agency, role=role)
    return get_user_model().objects.get(pk=user.pk)  # no cached roles


@pytest.fixture
def supervisor(tree):
    return user_with(Role.SUPERVISOR, tree["esa"], "sup")


def codes(queryset) -> set[str]:
    return {a.code for a in queryset}


def test_supervisor_roots_and_units(tree, supervisor):
    assert codes(access.supervised_roots(supervisor)) == {tree["esa"].code}
    demo_schools = {f"pathumthani-2-school-{n}" for n in range(1, 5)}
    assert codes(access.supervised_units(supervisor, tree["esa"])) == {
        "school1",
        "school2",
        "annex",
        *demo_schools,
    }
    # Below a supervised agency, a sub-tree may be opened on its own.
    assert codes(access.supervised_units(supervisor, tree["school1"])) == {"annex"}


@pytest.mark.parametrize("target", ["other", "obec", "cousin"])
def test_supervisor_gets_404_for_siblings_parents_and_cousins(tree, supervisor, target):
    assert not access.can_supervise(supervisor, tree[target])
    with pytest.raises(Http404):
        access.supervised_units(supervisor, tree[target])
    with pytest.raises(Http404):
        access.get_supervised_unit(supervisor, tree[target].code)


def test_supervisor_reaches_a_unit_at_any_depth_but_not_its_own_agency(tree, supervisor):
    assert access.can_supervise(supervisor, tree["esa"])
    assert access.can_supervise(supervisor, tree["annex"])
    assert access.get_supervised_unit(supervisor, "school2") == tree["school2"]
    assert access.get_supervised_unit(supervisor, "annex") == tree["annex"]
    with pytest.raises(Http404):
        access.get_supervised_unit(supervisor, tree["esa"].code)
    with pytest.raises(Http404):
        access.get_supervised_unit(supervisor, "no-such-code")


def test_supervisor_is_no_member_of_its_agency_nor_of_the_units(tree, supervisor):
    for agency in tree.values():
        assert not access.can_view(supervisor, agency.pk)
        assert not access.can_edit(supervisor, agency.pk)
        assert not access.can_approve(supervisor, agency.pk)
    assert access.agency_ids(supervisor) == set()
    assert not access.agencies_for(supervisor).exists()
    assessments = Assessment.objects.all()
    assert assessments.exists()
    assert not access.scope_to_user(assessments, supervisor, "agency").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.APPROVER, Role.VIEWER])
def test_the_esa_own_roles_do_not_supervise(tree, role):
    user = user_with(role, tree["esa"], f"u-{role}")
    assert access.can_view(user, tree["esa"].pk)
    assert not access.can_view(user, tree["school1"].pk)  # no role flows down
    assert not access.supervised_roots(user).exists()
    assert not access.can_supervise(user, tree["esa"])
    with pytest.raises(Http404):
        access.supervised_units(user, tree["esa"])
    with pytest.raises(Http404):
        access.get_supervised_unit(user, "school1")


def test_a_school_staff_member_and_an_outsider_and_nobody_supervise_nothing(tree):
    people = [
        user_with(Role.STAFF, tree["school1"], "school-staff"),
        user_with(Role.STAFF, tree["other"], "outsider"),
        user_with(None, None, "nobody"),
        AnonymousUser(),
    ]
    for user in people:
        assert not access.supervised_roots(user).exists()
        assert not access.can_supervise(user, tree["school1"])
        with pytest.raises(Http404):
            access.get_supervised_unit(user, "school2")


def test_site_admin_supervises_every_root(tree):
    admin = get_user_model().objects.create_superuser("root-admin", "a@example.invalid", "x")
    roots = codes(access.supervised_roots(admin))
    assert "obec" in roots and tree["esa"].code not in roots
    assert access.can_supervise(admin, tree["other"])
    assert access.get_supervised_unit(admin, "cousin") == tree["cousin"]
    assert codes(access.supervised_units(admin, tree["obec"])) >= {"school1", "cousin"}


# --- From the outside: a supervisor membership opens nothing of the admin.


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def supervisor_client(supervisor) -> Client:
    supervisor.is_staff = True
    supervisor.save()
    client = Client()
    client.force_login(supervisor)
    return client


@pytest.mark.parametrize("target", ["esa", "school1"])
def test_supervisor_cannot_open_the_agencies_in_the_admin(tree, supervisor_client, target):
    response = supervisor_client.get(change_url(tree[target]))
    assert response.status_code in {302, 403}
    assert response.status_code == 403 or response["Location"] != change_url(tree[target])
    response = supervisor_client.post(change_url(tree[target]), {"name": "แก้แล้ว"})
    assert response.status_code in {302, 403}
    tree[target].refresh_from_db()
    assert tree[target].name != "แก้แล้ว"


def test_supervisor_sees_no_assessment_in_the_admin(tree, supervisor_client, seed_assessment):
    response = supervisor_client.get(reverse("admin:assessments_assessment_changelist"))
    assert response.status_code == 403
    response = supervisor_client.get(change_url(seed_assessment))
    assert response.status_code in {302, 403}
