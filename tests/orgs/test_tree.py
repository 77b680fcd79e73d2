import pytest
from django.core.exceptions import ValidationError

from orgs import services
from orgs.models import ChangeKind, Organization, OrgStatus, User

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(o.name for o in qs)


def test_add_child_places_node_under_parent(cast):
    org = services.create_org(parent=cast.t2, by=cast.d1_admin, name="宝台村红十字小组", level="village",
                              category="village", form="group")
    assert Organization.objects.get_parent(org) == cast.t2
    assert org.path.startswith(cast.t2.path) and org.depth == cast.t2.depth + 1
    assert org.changes.get().kind == ChangeKind.CREATED


def test_subtree_is_one_prefix_query(cast, django_assert_num_queries):
    with django_assert_num_queries(1):
        subtree = names(Organization.objects.filter(path__startswith=cast.d1.path))
    assert subtree == names([cast.d1, cast.t1, cast.t2, cast.v1])


def test_ancestors_of_village(cast):
    assert [a.name for a in Organization.objects.get_ancestors(cast.v1)] == [
        "四川省红十字会", "资阳市红十字会", "雁江区红十字会", "莲花街道红十字会"]
    assert cast.v1.reviewing_body() == cast.d1


def test_child_level_must_fit_parent(cast):
    with pytest.raises(ValidationError) as exc:
        services.create_org(parent=cast.t1, by=cast.d1_admin, name="错层级", level="county")
    assert "只能设立" in str(exc.value)


def test_move_takes_the_whole_subtree(cast):
    services.move_org(cast.t1, new_parent=cast.d2, by=cast.city_admin)
    t1 = Organization.objects.get(pk=cast.t1.pk)
    v1 = Organization.objects.get(pk=cast.v1.pk)
    assert Organization.objects.get_parent(t1) == cast.d2
    assert v1.path.startswith(t1.path) and v1.is_within(Organization.objects.get(pk=cast.d2.pk))
    assert t1.changes.filter(kind=ChangeKind.MOVED, counterpart=cast.d2).exists()


def test_move_below_own_descendant_is_refused(cast):
    with pytest.raises(ValidationError):
        services.move_org(cast.t1, new_parent=cast.v1, by=cast.d1_admin)
    assert Organization.objects.get_parent(Organization.objects.get(pk=cast.t1.pk)) == cast.d1


def test_merge_moves_children_and_accounts_and_records_both_sides(cast):
    services.merge_org(cast.t1, into=cast.t2, by=cast.d1_admin)
    t1 = Organization.objects.get(pk=cast.t1.pk)
    t2 = Organization.objects.get(pk=cast.t2.pk)
    assert t1.status == OrgStatus.DISSOLVED and t1.numchild == 0
    assert Organization.objects.get_parent(Organization.objects.get(pk=cast.v1.pk)) == t2
    assert User.objects.get(pk=cast.t1_staff.pk).org == t2
    assert t1.changes.filter(kind=ChangeKind.MERGED_INTO, counterpart=t2).exists()
    absorbed = t2.changes.get(kind=ChangeKind.ABSORBED)
    assert absorbed.counterpart == t1 and absorbed.detail["moved"]["children"] == 1


def test_dissolve_moves_people_to_successor_atomically(cast):
    # The successor cannot take a village (towns only take villages and units): the whole step fails.
    with pytest.raises(ValidationError):
        services.dissolve_org(cast.t1, successor=cast.dep3, by=cast.city_admin)
    t1 = Organization.objects.get(pk=cast.t1.pk)
    assert t1.status == OrgStatus.PLANNED and t1.numchild == 1
    assert not t1.changes.exclude(kind=ChangeKind.CREATED).exists()

    services.dissolve_org(cast.t1, successor=cast.t2, by=cast.d1_admin, reason="区划调整")
    assert Organization.objects.get(pk=cast.t1.pk).status == OrgStatus.DISSOLVED
    assert cast.t2.changes.filter(kind=ChangeKind.RECEIVED, counterpart=cast.t1).exists()


def test_admin_cannot_restructure_own_org_or_outside_subtree(cast):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        services.dissolve_org(cast.d1, successor=cast.d2, by=cast.d1_admin)
    with pytest.raises(Http404):
        services.merge_org(cast.t1, into=cast.t3, by=cast.d1_admin)
    assert Organization.objects.get(pk=cast.t1.pk).status == OrgStatus.PLANNED
