import pytest

from demo.scale import tree as scale
from orgs.models import Organization

pytestmark = pytest.mark.django_db


def test_generated_tree_is_valid_deterministic_and_national_shaped():
    shape = scale.build_tree(600, seed=3)
    assert Organization.objects.count() == shape.total >= 600
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    county = Organization.objects.filter(level="county").order_by("path").first()
    assert Organization.objects.get_children(county).count() == shape.towns + shape.departments
    first_names = list(Organization.objects.order_by("path").values_list("name", "status")[:50])
    Organization.objects.all().delete()
    scale.build_tree(600, seed=3)
    assert list(Organization.objects.order_by("path").values_list("name", "status")[:50]) == first_names
