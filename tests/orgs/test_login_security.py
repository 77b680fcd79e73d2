import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_sixth_try_is_refused_even_with_right_password(client, cast):
    for _ in range(4):
        response = attempt(client, "t1_staff", "wrong-password")
        assert response.status_code == 200 and "请输入一个正确的" in response.content.decode()
    assert attempt(client, "t1_staff", "wrong-password").status_code == 429  # the fifth failure locks
    locked = attempt(client, "t1_staff", PASSWORD)
    assert locked.status_code == 429 and "已暂时锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_across_addresses(client, cast):
    for i in range(5):
        attempt(client, "t2_staff", "wrong-password", ip=f"10.0.1.{i}")
    assert attempt(client, "t2_staff", PASSWORD, ip="10.0.9.9").status_code == 429


def test_failures_below_the_limit_do_not_lock(client, cast):
    for _ in range(4):
        attempt(client, "t3_staff", "wrong-password")
    assert attempt(client, "t3_staff", PASSWORD).status_code == 302


@pytest.mark.parametrize("password, message", [
    ("Ab1!", "密码太短"),
    ("12345678901", "密码只包含数字"),
    ("abcdefghijk", "至少包含小写字母、大写字母、数字、符号中的 3 类"),
    ("Hongshizi#2026", "容易猜到的词"),
    ("红十字Abc#2026x", "容易猜到的词"),
    ("Password1234", "密码太常见"),
])
def test_weak_passwords_refused_in_chinese(cast, password, message):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, cast.t1_staff)
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_org_name_and_login_inside_password_refused(cast):
    with pytest.raises(ValidationError):
        validate_password("T1_staff#Xy9z", cast.t1_staff)


def test_strong_password_accepted(cast):
    validate_password("Qz7#mVx2pLw", cast.t1_staff)  # raises on failure


def test_session_ends_after_absolute_lifetime(client, cast, settings):
    settings.SESSION_ABSOLUTE_LIFETIME = 3600
    client.force_login(cast.t1_staff)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["_signed_in_at"] = int(time.time()) - 3601
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302  # logged out server-side


def test_idle_expiry_moves_on_at_most_once_a_minute(client, cast, monkeypatch):
    """A page view moves the 30-minute idle expiry on, but writes the session at most once a minute."""
    from django.contrib.sessions.models import Session

    clock = [time.time()]
    monkeypatch.setattr("orgs.middleware.time.time", lambda: clock[0])
    client.force_login(cast.t1_staff)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry():
        return Session.objects.get(session_key=key).expire_date

    assert client.get(reverse("home")).status_code == 200
    first = expiry()
    clock[0] += 30
    assert client.get(reverse("home")).status_code == 200
    assert expiry() == first  # within the minute: no write
    clock[0] += 31
    assert client.get(reverse("home")).status_code == 200
    assert expiry() > first  # a minute on: the idle expiry moved
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("home")).status_code == 302  # idle past the expiry: signed out


def test_logout_kills_session_server_side(client, cast):
    client.force_login(cast.t1_staff)
    old_cookie = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = old_cookie
    assert client.get(reverse("home")).status_code == 302


def test_login_does_not_redirect_off_site(client, cast):
    response = client.post(reverse("login") + "?next=//evil.example.com/",
                           {"username": "t1_staff", "password": PASSWORD, "next": "//evil.example.com/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_signed_in_request_loads_the_account_and_its_org_in_one_query(client, cast, django_assert_num_queries):
    """orgs.backends.PortalBackend: the header and scoping read ``user.org`` on every page."""
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    assert attempt(client, "t1_staff", PASSWORD).status_code == 302  # signs in through the backend
    request = RequestFactory().get("/")
    request.session = client.session
    assert request.session.get("_auth_user_id") == str(cast.t1_staff.pk)  # the session read first
    with django_assert_num_queries(1):
        user = get_user(request)
        assert (user.username, user.org.name) == ("t1_staff", cast.t1.name)


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, cast):
    client.force_login(cast.t1_staff)
    assert client.get(reverse("members:list")).status_code == 200
    cast.t1_staff.is_active = False
    cast.t1_staff.save()
    response = client.get(reverse("members:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_permissions_of_the_account_and_its_groups_are_read_in_one_query(client, cast, django_assert_num_queries):
    """orgs.backends.PortalBackend.get_all_permissions: ModelBackend's set (own + groups'), one query."""
    from django.contrib.auth import get_user
    from django.contrib.auth.models import Group, Permission
    from django.test import RequestFactory

    grant = Permission.objects.get(content_type__app_label="members", codename="export_full_pii")
    other = Permission.objects.get(content_type__app_label="members", codename="view_member")
    auditors = Group.objects.create(name="导出授权")
    auditors.permissions.add(grant)
    cast.t1_staff.groups.add(auditors)
    cast.t1_staff.user_permissions.add(other)

    def signed_in(user):
        client.force_login(user)
        request = RequestFactory().get("/")
        request.session = client.session
        return get_user(request)

    user = signed_in(cast.t1_staff)
    with django_assert_num_queries(1):
        assert user.get_all_permissions() == {"members.export_full_pii", "members.view_member"}
        assert user.has_perm("members.export_full_pii") and not user.has_perm("members.delete_member")
    assert not signed_in(cast.t2_staff).has_perm("members.export_full_pii")  # neither own nor a group's
    assert user.get_all_permissions(obj=cast.t1) == set()  # object permissions: none, as ModelBackend
    cast.t1_staff.is_active = False
    assert cast.t1_staff.get_all_permissions() == set()  # an inactive account holds none


def test_a_grant_through_a_group_shows_the_full_export(client, cast):
    from django.contrib.auth.models import Group, Permission

    client.force_login(cast.t1_staff)
    assert "export-full" not in client.get(reverse("members:list")).content.decode()
    group = Group.objects.create(name="导出授权")
    group.permissions.add(Permission.objects.get(content_type__app_label="members", codename="export_full_pii"))
    cast.t1_staff.groups.add(group)
    assert "export-full" in client.get(reverse("members:list")).content.decode()
