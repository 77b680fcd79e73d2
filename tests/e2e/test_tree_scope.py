import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_township_staff_sees_own_subtree_only(cast, sign_in):
    page = sign_in(cast.t1_staff)
    expect(page.get_by_test_id("whoami")).to_contain_text("莲花街道红十字会")
    page.click("text=组织架构")
    tree = page.locator(".tree")
    expect(tree).to_contain_text("莲花街道红十字会")
    # The root is open on load; its child arrives from the lazy children view.
    expect(tree).to_contain_text("莲花社区红十字会")
    for outside in ("雁江区红十字会", "宝台镇红十字会", "岳阳镇红十字会", "资阳市红十字会"):
        expect(tree).not_to_contain_text(outside)
    # Typing a sibling's id into the address bar gets a 404, not its page.
    response = page.goto(f"/orgs/{cast.t2.pk}/")
    assert response.status == 404


def test_district_admin_expands_tree(cast, sign_in):
    page = sign_in(cast.d1_admin)
    page.goto("/orgs/")
    tree = page.locator(".tree")
    expect(tree).to_contain_text("宝台镇红十字会")
    expect(tree).not_to_contain_text("莲花社区红十字会")
    page.locator("details[data-children] summary", has_text="莲花街道红十字会").click()
    expect(tree).to_contain_text("莲花社区红十字会")
    expect(tree).not_to_contain_text("岳阳镇红十字会")
