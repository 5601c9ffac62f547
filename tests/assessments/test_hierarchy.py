"""The hierarchy of agencies: paths kept on create, descendants in one query, moves with history."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from assessments import hierarchy
from assessments.models import Agency, AgencyMove

pytestmark = pytest.mark.django_db


def make(code: str, parent: Agency | None = None) -> Agency:
    return Agency.objects.create(code=code, name=f"หน่วยงาน {code}", parent=parent)


@pytest.fixture
def tree() -> dict[str, Agency]:
    """obec → esa1 → school1 → annex; obec → esa2 → school2; another root 'moi'."""
    obec = make("obec")
    esa1 = make("esa1", obec)
    school1 = make("school1", esa1)
    annex = make("annex", school1)
    esa2 = make("esa2", obec)
    school2 = make("school2", esa2)
    moi = make("moi")
    return {a.code: a for a in (obec, esa1, school1, annex, esa2, school2, moi)}


def fresh(agency: Agency) -> Agency:
    return Agency.objects.get(pk=agency.pk)


def test_a_new_agency_gets_its_path_from_its_parent(tree):
    obec, esa1, school1 = tree["obec"], tree["esa1"], tree["school1"]
    assert fresh(obec).tree_path == f"/{obec.pk}/"
    assert fresh(school1).tree_path == f"/{obec.pk}/{esa1.pk}/{school1.pk}/"
    assert school1.tree_path == fresh(school1).tree_path  # the instance too


def test_lies_below_is_strictly_below_at_any_depth_without_a_query(tree, django_assert_num_queries):
    obec, esa1, annex, moi = (fresh(tree[c]) for c in ("obec", "esa1", "annex", "moi"))
    with django_assert_num_queries(0):
        assert hierarchy.lies_below(annex, {obec.pk})
        assert hierarchy.lies_below(annex, {moi.pk, esa1.pk})
        assert not hierarchy.lies_below(esa1, {esa1.pk})  # not below itself
        assert not hierarchy.lies_below(obec, {esa1.pk})  # nor below its own unit
        assert not hierarchy.lies_below(annex, {moi.pk})


def test_descendants_are_every_depth_not_itself_nor_siblings(tree):
    assert {a.code for a in hierarchy.descendants(tree["obec"])} == {
        "esa1",
        "school1",
        "annex",
        "esa2",
        "school2",
    }
    assert {a.code for a in hierarchy.descendants(tree["esa1"])} == {"school1", "annex"}
    assert not hierarchy.descendants(tree["annex"]).exists()


def test_descendants_are_one_query(tree, django_assert_num_queries):
    obec = fresh(tree["obec"])
    with django_assert_num_queries(1):
        assert len(list(hierarchy.descendants(obec))) == 5


def test_a_path_prefix_does_not_match_a_longer_id():
    """/1/ must not take /12/ for its child: the path ends with a slash."""
    agencies = [make(f"a{i}") for i in range(12)]
    first = agencies[0]
    assert not hierarchy.descendants(first).exists()


def test_ancestors_nearest_first(tree):
    assert [a.code for a in hierarchy.ancestors(tree["annex"])] == ["school1", "esa1", "obec"]
    assert hierarchy.ancestors(tree["obec"]) == []


def test_is_descendant(tree):
    assert hierarchy.is_descendant(tree["annex"].pk, tree["obec"])
    assert hierarchy.is_descendant(tree["school1"].pk, tree["esa1"])
    assert not hierarchy.is_descendant(tree["school2"].pk, tree["esa1"])  # a cousin
    assert not hierarchy.is_descendant(tree["esa1"].pk, tree["esa1"])  # itself
    assert not hierarchy.is_descendant(tree["obec"].pk, tree["esa1"])  # its parent
    assert not hierarchy.is_descendant(None, tree["esa1"])


def test_a_move_carries_the_whole_subtree_and_is_recorded(tree):
    admin = get_user_model().objects.create_user("mover")
    school1, esa2, annex = tree["school1"], tree["esa2"], tree["annex"]
    move = hierarchy.agency_move(agency=school1, new_parent=esa2, user=admin, note="ยุบรวมเขต")
    assert move is not None
    assert (move.agency, move.from_parent, move.to_parent) == (school1, tree["esa1"], esa2)
    assert (move.moved_by, move.note) == (admin, "ยุบรวมเขต")
    assert fresh(school1).parent == esa2
    esa2_path = fresh(esa2).tree_path
    assert fresh(school1).tree_path == f"{esa2_path}{school1.pk}/"
    assert fresh(annex).tree_path == f"{esa2_path}{school1.pk}/{annex.pk}/"
    assert {a.code for a in hierarchy.descendants(tree["esa1"])} == set()
    assert {a.code for a in hierarchy.descendants(esa2)} == {"school2", "school1", "annex"}
    # The instance moved is up to date: saving it again is fine.
    school1.name = "ชื่อใหม่"
    school1.save()


def test_a_move_under_another_root_and_to_the_top(tree):
    esa1, moi = tree["esa1"], tree["moi"]
    hierarchy.agency_move(agency=esa1, new_parent=moi, user=None)
    assert {a.code for a in hierarchy.descendants(moi)} == {"esa1", "school1", "annex"}
    hierarchy.agency_move(agency=esa1, new_parent=None, user=None)
    assert fresh(esa1).tree_path == f"/{esa1.pk}/"
    assert fresh(tree["annex"]).tree_path == f"/{esa1.pk}/{tree['school1'].pk}/{tree['annex'].pk}/"
    assert AgencyMove.objects.filter(agency=esa1).count() == 2


def test_the_move_queries_are_bounded(tree, django_assert_max_num_queries):
    for i in range(20):
        make(f"extra{i}", tree["school1"])
    with django_assert_max_num_queries(8):
        hierarchy.agency_move(agency=tree["esa1"], new_parent=tree["moi"], user=None)
    assert hierarchy.descendants(tree["moi"]).count() == 23


def test_a_move_to_the_same_parent_changes_nothing(tree):
    assert hierarchy.agency_move(agency=tree["esa1"], new_parent=tree["obec"], user=None) is None
    assert not AgencyMove.objects.exists()


@pytest.mark.parametrize("target", ["esa1", "school1", "annex"])
def test_a_move_under_itself_or_its_descendant_is_refused(tree, target):
    before = dict(Agency.objects.values_list("code", "tree_path"))
    with pytest.raises(ValidationError) as error:
        hierarchy.agency_move(agency=tree["esa1"], new_parent=tree[target], user=None)
    assert "ไม่ได้" in error.value.messages[0]
    assert dict(Agency.objects.values_list("code", "tree_path")) == before
    assert fresh(tree["esa1"]).parent == tree["obec"]
    assert not AgencyMove.objects.exists()


def test_changing_the_parent_by_save_is_refused(tree):
    esa1 = fresh(tree["esa1"])
    esa1.parent = tree["moi"]
    with pytest.raises(ValueError):
        esa1.save()
    assert fresh(tree["esa1"]).parent == tree["obec"]


def test_bulk_created_agencies_get_their_paths(tree):
    Agency.objects.bulk_create(
        [Agency(code="bulk-root", name="ก"), Agency(code="bulk-2", name="ข")]
    )
    Agency.objects.bulk_create([Agency(code="bulk-child", name="ค", parent=tree["esa2"])])
    assert hierarchy.tree_paths_fill() == 3
    root = Agency.objects.get(code="bulk-root")
    assert root.tree_path == f"/{root.pk}/"
    child = Agency.objects.get(code="bulk-child")
    assert child.tree_path == f"{fresh(tree['esa2']).tree_path}{child.pk}/"
    assert not Agency.objects.filter(tree_path="").exists()


def test_an_agency_left_without_a_path_is_not_everybodys_parent(tree):
    """A row an older release made (empty path) must not make "" the prefix of everything."""
    Agency.objects.bulk_create([Agency(code="old", name="เก่า")])
    old = Agency.objects.get(code="old")
    assert old.tree_path == ""
    assert not hierarchy.descendants(old).exists()
    assert fresh(old).tree_path == f"/{old.pk}/"


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_agency_its_own_path(back_to_latest):
    from tests.migrating import migrate_to

    before = migrate_to([("assessments", "0013_agencies_follow_nacc_from_earliest_year")])
    old = before.get_model("assessments", "Agency")
    ids = [old.objects.create(code=f"old{i}", name=f"เดิม {i}").pk for i in range(3)]
    after = migrate_to([("assessments", "0015_agency_hierarchy")])
    paths = dict(after.get_model("assessments", "Agency").objects.values_list("pk", "tree_path"))
    assert {pk: paths[pk] for pk in ids} == {pk: f"/{pk}/" for pk in ids}
