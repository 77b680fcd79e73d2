import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from orgs import scoping
from orgs.models import LeadershipTerm, Organization, User

pytestmark = pytest.mark.django_db


def visible_names(user):
    return sorted(scoping.visible_orgs(user).values_list("name", flat=True))


def expected_names(root):
    """Independent of scoping: walk the tree by parent links from ``root``."""
    found, frontier = [], [root]
    while frontier:
        node = frontier.pop()
        found.append(node.name)
        frontier.extend(Organization.objects.get_children(node))
    return sorted(found)


@pytest.mark.parametrize("who, root", [
    ("t1_staff", "t1"), ("t2_staff", "t2"), ("d1_reviewer", "d1"), ("d1_admin", "d1"),
    ("d2_reviewer", "d2"), ("city_admin", "city"),
])
def test_each_role_sees_exactly_its_subtree(cast, who, root):
    assert visible_names(getattr(cast, who)) == expected_names(getattr(cast, root))


def test_superuser_sees_everything(cast):
    assert scoping.visible_orgs(cast.operator).count() == Organization.objects.count()


def test_user_without_org_or_inactive_sees_nothing(cast):
    orphan = User.objects.create_user("orphan", password="x", role="admin")
    assert visible_names(orphan) == []
    cast.d1_admin.is_active = False
    assert visible_names(cast.d1_admin) == []


def test_scope_applies_to_rows_placed_at_orgs(cast):
    LeadershipTerm.objects.create(org=cast.t1, role="president", person_name="甲", starts_on="2022-10-01")
    LeadershipTerm.objects.create(org=cast.t3, role="president", person_name="乙", starts_on="2022-10-01")
    assert [t.person_name for t in LeadershipTerm.objects.visible_to(cast.d1_reviewer)] == ["甲"]
    assert [t.person_name for t in LeadershipTerm.objects.visible_to(cast.city_admin)] == ["甲", "乙"]


def test_out_of_scope_is_404_wrong_role_is_403(cast):
    with pytest.raises(Http404):
        scoping.get_visible_or_404(Organization, cast.d2_reviewer, pk=cast.t1.pk)
    with pytest.raises(Http404):
        scoping.require(cast.d1_admin, "org.edit", cast.t3)
    with pytest.raises(PermissionDenied):
        scoping.require(cast.t1_staff, "org.edit", cast.t1)
    scoping.require(cast.d1_admin, "org.edit", cast.t1)  # allowed: no exception
