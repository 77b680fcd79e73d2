import pytest
from django.forms import Field
from django.urls import reverse
from django.utils import translation

from orgs.models import ChangeKind, Organization, OrgStatus, User

pytestmark = pytest.mark.django_db


def test_login_page_is_chinese_and_logs_in(client, cast):
    page = client.get(reverse("login"))
    assert "登录" in page.content.decode()
    response = client.post(reverse("login"), {"username": "t1_staff", "password": "Test#Portal2026"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_tree_shows_only_own_subtree(login, cast):
    html = login(cast.t1_staff).get(reverse("orgs:tree")).content.decode()
    assert "莲花街道红十字会" in html
    assert "雁江区红十字会" not in html and "宝台镇红十字会" not in html


def test_children_fragment_of_sibling_is_404(login, cast):
    client = login(cast.t1_staff)
    assert client.get(reverse("orgs:children", args=[cast.t1.pk])).status_code == 200
    assert client.get(reverse("orgs:children", args=[cast.t2.pk])).status_code == 404


def test_admin_creates_child_with_chinese_errors(login, cast):
    client = login(cast.d1_admin)
    url = reverse("orgs:create", args=[cast.t2.pk])
    bad = client.post(url, {"name": "", "level": "village", "form": "society"})
    html = bad.content.decode()
    with translation.override("zh-hans"):  # Django's own wording, which its releases revise
        required = str(Field.default_error_messages["required"])
    assert bad.status_code == 200 and required in html and "基层组织须选择类别" in html
    good = client.post(url, {"name": "宝台村红十字小组", "level": "village", "category": "village",
                             "form": "group"})
    org = Organization.objects.get(name="宝台村红十字小组")
    assert good["Location"] == reverse("orgs:detail", args=[org.pk]) and Organization.objects.get_parent(org) == cast.t2


def test_staff_cannot_edit_own_org(login, cast):
    response = login(cast.t1_staff).post(reverse("orgs:edit", args=[cast.t1.pk]), {"name": "改名"})
    assert response.status_code == 403
    assert Organization.objects.get(pk=cast.t1.pk).name == "莲花街道红十字会"


def test_injected_level_is_ignored_on_edit(login, cast):
    client = login(cast.d1_admin)
    client.post(reverse("orgs:edit", args=[cast.t1.pk]), {
        "name": "莲花街道红十字会（新）", "level": "county", "category": "town", "form": "society"})
    t1 = Organization.objects.get(pk=cast.t1.pk)
    assert t1.name == "莲花街道红十字会（新）" and t1.level == "town"
    assert t1.changes.filter(kind=ChangeKind.UPDATED).exists()


def test_merge_through_page(login, cast):
    client = login(cast.d1_admin)
    response = client.post(reverse("orgs:restructure", args=[cast.t1.pk, "merge"]), {"into": cast.t2.pk})
    assert response.status_code == 302
    assert Organization.objects.get(pk=cast.t1.pk).status == OrgStatus.DISSOLVED


def test_merge_target_outside_subtree_is_not_offered(login, cast):
    client = login(cast.d1_admin)
    response = client.post(reverse("orgs:restructure", args=[cast.t1.pk, "merge"]), {"into": cast.t3.pk})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert Organization.objects.get(pk=cast.t1.pk).status == OrgStatus.PLANNED


def test_admin_creates_account_in_subtree_with_password_rules(login, cast):
    client = login(cast.d1_admin)
    weak = client.post(reverse("orgs:account_create"), {
        "username": "new_staff", "full_name": "新人", "role": "staff", "password": "12345678", "org": cast.t2.pk})
    assert "密码" in weak.content.decode() and not User.objects.filter(username="new_staff").exists()
    client.post(reverse("orgs:account_create"), {
        "username": "new_staff", "full_name": "新人", "role": "staff", "password": "Bt#9xLq2vW", "org": cast.t2.pk})
    assert User.objects.get(username="new_staff").org == cast.t2


def test_reviewer_role_only_at_a_body(login, cast):
    response = login(cast.d1_admin).post(reverse("orgs:account_create"), {
        "username": "r2", "full_name": "审", "role": "reviewer", "password": "Bt#9xLq2vW", "org": cast.t2.pk})
    assert "审核员只能设在县级以上红十字会" in response.content.decode()


def test_deactivated_account_is_logged_out_at_next_request(client, cast):
    client.force_login(cast.t1_staff)
    assert client.get(reverse("home")).status_code == 200
    User.objects.filter(pk=cast.t1_staff.pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302


def test_admin_site_is_scoped(login, cast):
    client = login(cast.d1_admin)
    listing = client.get(reverse("admin:orgs_organization_changelist")).content.decode()
    assert "莲花街道红十字会" in listing and "岳阳镇红十字会" not in listing
    assert client.get(reverse("admin:orgs_organization_change", args=[cast.t3.pk])).status_code == 404
    assert login(cast.t1_staff).get(reverse("admin:index")).status_code == 302


def test_field_history_shows_who_changed_what(login, cast):
    client = login(cast.d1_admin)
    client.post(reverse("orgs:edit", args=[cast.t1.pk]), {
        "name": "莲花街道红十字会", "category": "town", "form": "society", "address": "新地址 1 号"})
    html = client.get(reverse("orgs:detail", args=[cast.t1.pk])).content.decode()
    table = html.split('data-testid="field-history"', 1)[1]
    assert "单位地址：（空） → 新地址 1 号" in table and "d1_admin" in table
