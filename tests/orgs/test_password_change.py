"""Forced change of initial passwords and re-authentication before a change (checklist row 9)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from orgs import services
from orgs.models import AuditEvent, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW = "Kx9#rainbow-Lake"


def _new_account(cast):
    return services.create_account(by=cast.d1_admin, username="newbie", password="Init#Portal2026",
                                   org=cast.t1, role="staff", full_name="新人")


def test_account_created_by_an_admin_must_change_its_password_before_anything_else(cast, client):
    account = _new_account(cast)
    client.force_login(account)
    for url in (reverse("home"), reverse("orgs:tree"), reverse("members:list"), reverse("notifications:inbox")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change"), url
    page = client.get(reverse("password_change"), follow=True)
    assert "首次登录请先修改初始密码" in page.content.decode()


def test_after_the_change_the_portal_opens(cast, client):
    account = _new_account(cast)
    client.force_login(account)
    response = client.post(reverse("password_change"), {
        "old_password": "Init#Portal2026", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    account.refresh_from_db()
    assert account.must_change_password is False and account.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # session kept (update_session_auth_hash)
    assert AuditEvent.objects.filter(action="account.password_changed", username="newbie").exists()


def test_a_wrong_current_password_changes_nothing(cast, client):
    account = _new_account(cast)
    client.force_login(account)
    response = client.post(reverse("password_change"), {
        "old_password": "guess-Guess#1", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode()
    account.refresh_from_db()
    assert account.must_change_password and account.check_password("Init#Portal2026")


@pytest.mark.parametrize("new, message", [
    ("Init#Portal2026", "新密码不能与当前密码相同"),
    ("1234567890", "密码只包含数字"),
    ("short#A1", "至少要包含 10 个字符"),
])
def test_weak_or_same_new_password_is_refused_in_chinese(cast, client, new, message):
    account = _new_account(cast)
    client.force_login(account)
    response = client.post(reverse("password_change"), {
        "old_password": "Init#Portal2026", "new_password1": new, "new_password2": new})
    assert response.status_code == 200 and message in response.content.decode()
    account.refresh_from_db()
    assert account.must_change_password


def test_every_user_changes_password_only_with_the_current_one(cast, client):
    client.force_login(cast.t1_staff)  # not forced, but the current password is still asked for
    response = client.post(reverse("password_change"), {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    cast.t1_staff.refresh_from_db()
    assert cast.t1_staff.check_password(PASSWORD)


def test_demo_accounts_must_change_the_published_password(db):
    call_command("load_demo", verbosity=0)
    demo = User.objects.exclude(is_superuser=True)
    assert demo.exists() and not demo.filter(must_change_password=False).exists()


def test_development_mode_does_not_force_the_change(cast, client, settings):
    settings.DEBUG = True
    client.force_login(_new_account(cast))
    assert client.get(reverse("orgs:tree")).status_code == 200


def test_logout_stays_possible(cast, client):
    client.force_login(_new_account(cast))
    assert client.post(reverse("logout"))["Location"] == reverse("login")
