import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
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
    assert "请 15 分钟后再试" in locked.content.decode()
    assert "_auth_user_id" not in client.session


PROXY = "127.0.0.1"  # the reverse proxy (nginx) in front of gunicorn, as README sets it up


def via_proxy(username, password, client_ip, client=None, forwarded=None):
    """A sign-in through the reverse proxy: the connection is the proxy's, the client is in
    ``X-Forwarded-For`` (``forwarded``: the header as the proxy passes it on, when not just the client)."""
    return (client or Client()).post(reverse("login"), {"username": username, "password": password},
                                     REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded or client_ip,
                                     HTTP_X_FORWARDED_PROTO="https")


def test_one_client_behind_the_proxy_cannot_lock_everyone_out(cast, settings):
    """The attack: every request arrives from the proxy's address; five wrong passwords from one
    client, for one account and for a name nobody has, must lock only that client out of them."""
    settings.TRUSTED_PROXIES = [PROXY]
    attacker = "203.0.113.66"
    for _ in range(5):
        via_proxy("t1_staff", "wrong-password", attacker)
        via_proxy("no_such_user", "wrong-password", attacker)
    assert via_proxy("t1_staff", PASSWORD, attacker).status_code == 429  # the attacker is locked out
    # the attacked account from a place with no failures for it, and another account: both get in
    assert via_proxy("t1_staff", PASSWORD, "198.51.100.7").status_code == 302
    assert via_proxy("t2_staff", PASSWORD, "198.51.100.8").status_code == 302


def test_without_a_trusted_proxy_failures_of_one_name_lock_only_that_name(cast, settings):
    """A proxy not (yet) named in ``TRUSTED_PROXIES``: everyone shares its address, the forwarded
    header is not believed, and five failures for one login name still leave the others alone."""
    settings.TRUSTED_PROXIES = []
    for i in range(5):
        via_proxy("no_such_user", "wrong-password", f"203.0.113.{i}")
    assert via_proxy("no_such_user", PASSWORD, "203.0.113.99").status_code == 429  # header not believed
    assert via_proxy("t2_staff", PASSWORD, "198.51.100.8").status_code == 302


def test_forwarded_address_counts_only_from_a_trusted_proxy(cast, settings):
    """A client cannot pick its own address: a forged ``X-Forwarded-For`` sent straight to the
    portal is ignored, and through the proxy only the address the proxy saw counts."""
    from orgs.models import AuditEvent

    settings.TRUSTED_PROXIES = [PROXY]
    client = Client()
    for i in range(5):  # straight to gunicorn, a new forged address each time
        client.post(reverse("login"), {"username": "t1_staff", "password": "wrong-password"},
                    REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert attempt(client, "t1_staff", PASSWORD, ip="10.0.0.5").status_code == 429
    for i in range(5):  # through nginx ($proxy_add_x_forwarded_for): the forged part is left of the real one
        via_proxy("t2_staff", "wrong-password", None, forwarded=f"192.0.2.{i}, 203.0.113.7")
    assert via_proxy("t2_staff", PASSWORD, "203.0.113.7").status_code == 429
    failed = AuditEvent.objects.filter(action="auth.login_failed", username="t2_staff")
    assert set(failed.values_list("ip", flat=True)) == {"203.0.113.7"}  # the audit log uses the same rule


def test_credential_stuffing_from_one_address_is_throttled(cast, settings):
    """One address trying many login names, a few passwords each: locked at a higher threshold,
    for every name, while other addresses go on signing in."""
    settings.TRUSTED_PROXIES = [PROXY]
    stuffer = "203.0.113.80"
    for i in range(settings.LOGIN_IP_FAILURE_LIMIT):
        response = via_proxy(f"user{i:03d}", "Guess#2026a", stuffer)
        assert response.status_code == (200 if i < settings.LOGIN_IP_FAILURE_LIMIT - 1 else 429)
    assert via_proxy("t1_staff", PASSWORD, stuffer).status_code == 429
    assert via_proxy("t1_staff", PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.parametrize("remote, forwarded, expected", [
    ("203.0.113.5", "192.0.2.1", "203.0.113.5"),  # not a proxy: its header is ignored
    (PROXY, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the hop the proxy added
    (PROXY, "203.0.113.9, 10.0.0.2", "203.0.113.9"),  # past a second trusted proxy
    (PROXY, "not-an-address", PROXY),  # garbage: the proxy itself
    (PROXY, "", PROXY),
    ("", "192.0.2.1", None),  # a Unix socket has no address
    ("garbage", "", None),
])
def test_client_address_rule(settings, remote, forwarded, expected):
    from django.test import RequestFactory

    from lib.proxies import client_ip

    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_mistyped_trusted_proxy_fails_the_system_check(settings):
    from lib.proxies import check_trusted_proxies

    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert check_trusted_proxies() == []
    settings.TRUSTED_PROXIES = ["nginx"]
    assert [e.id for e in check_trusted_proxies()] == ["orgs.E001"]


def _age_attempts(delta):
    """Move every recorded failure back in time, as if ``delta`` had passed."""
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog
    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - delta)
    AccessAttemptExpiration.objects.update(expires_at=F("expires_at") - delta)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - delta)


def test_lock_from_one_address_ends_after_the_cool_off(cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        via_proxy("t1_staff", "wrong-password", "203.0.113.1")
    assert via_proxy("t1_staff", PASSWORD, "203.0.113.1").status_code == 429
    _age_attempts(settings.LOGIN_COOLOFF + timedelta(minutes=1))
    assert via_proxy("t1_staff", PASSWORD, "203.0.113.1").status_code == 302


def test_name_failing_from_several_addresses_cools_off_longer(cast, settings):
    """Guessing one account's password from several addresses: each address is locked for the
    longer cool-off, while the owner signing in from an address with no failures gets in."""
    settings.TRUSTED_PROXIES = [PROXY]
    spread = [f"203.0.113.{i}" for i in range(1, settings.LOGIN_SPREAD_ADDRESSES + 1)]
    for address in spread:
        for _ in range(5):
            via_proxy("t2_staff", "wrong-password", address)
    assert via_proxy("t2_staff", PASSWORD, "198.51.100.9").status_code == 302  # the owner, elsewhere
    _age_attempts(settings.LOGIN_COOLOFF + timedelta(minutes=1))
    assert [via_proxy("t2_staff", PASSWORD, a).status_code for a in spread] == [429] * len(spread)
    _age_attempts(settings.LOGIN_COOLOFF_SPREAD + timedelta(minutes=1))
    assert via_proxy("t2_staff", PASSWORD, spread[0]).status_code == 302


@pytest.fixture
def admin_of_locked(cast, settings):
    """t1_staff locked out from one address; a client signed in as the district's admin."""
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(5):
        via_proxy("t1_staff", "wrong-password", "203.0.113.1")
    admin = Client()
    admin.force_login(cast.d1_admin)
    return admin


def test_admin_unlocks_an_account_and_it_is_logged(cast, admin_of_locked):
    from orgs.models import AuditEvent

    admin = admin_of_locked
    listing = admin.get(reverse("orgs:accounts")).content.decode()
    assert "已锁定" in listing and reverse("orgs:account_unlock", args=[cast.t1_staff.pk]) in listing
    outsider = Client()
    outsider.force_login(cast.d2_reviewer)
    assert outsider.post(reverse("orgs:account_unlock", args=[cast.t1_staff.pk])).status_code == 404
    assert via_proxy("t1_staff", PASSWORD, "203.0.113.1").status_code == 429
    assert admin.get(reverse("orgs:account_unlock", args=[cast.t1_staff.pk])).status_code == 405
    response = admin.post(reverse("orgs:account_unlock", args=[cast.t1_staff.pk]), REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.unlocked")
    assert (event.user, event.object_id, event.ip) == (cast.d1_admin, str(cast.t1_staff.pk), "198.51.100.20")
    assert "已锁定" not in admin.get(reverse("orgs:accounts")).content.decode()
    assert via_proxy("t1_staff", PASSWORD, "203.0.113.1").status_code == 302


def test_admin_site_action_unlocks_too(cast, admin_of_locked):
    from orgs.models import AuditEvent

    response = admin_of_locked.post(reverse("admin:orgs_user_changelist"),
                          {"action": "unlock_logins", "_selected_action": [cast.t1_staff.pk]})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.unlocked", object_id=str(cast.t1_staff.pk)).count() == 1
    assert via_proxy("t1_staff", PASSWORD, "203.0.113.1").status_code == 302


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
    with pytest.raises(ValidationError) as exc:
        validate_password("T1_staff#Xy9z", cast.t1_staff)
    assert any("容易猜到的词" in m for m in exc.value.messages), exc.value.messages


@pytest.mark.parametrize("username, full_name, password", [
    ("yj_admin", "", "yjadmin2026#A"),  # the login without its punctuation
    ("yj.admin", "", "Yj-Admin#2026x"),  # either side's punctuation and case
    ("lianhua_staff", "Zhang Wei", "ZhangWei#2026a"),  # the person's name
    ("lianhua_staff", "张伟", "张伟Abc#2026x"),  # a two-character Chinese name
])
def test_password_holding_the_login_or_the_persons_name_is_refused(cast, username, full_name, password):
    from orgs.models import User

    user = User(username=username, full_name=full_name, org=cast.t1, role="staff")
    with pytest.raises(ValidationError) as exc:
        validate_password(password, user)
    assert any("容易猜到的词" in m for m in exc.value.messages), exc.value.messages


def test_new_account_with_its_own_name_in_the_password_is_refused(cast, login):
    from orgs.models import User

    client = login(cast.d1_admin)
    for password in ("WangXiaoming#26", "bt.Staff#2026x"):
        response = client.post(reverse("orgs:account_create"), {
            "username": "bt_staff", "full_name": "Wang Xiaoming", "role": "staff", "org": cast.t2.pk,
            "password": password})
        assert response.status_code == 200 and "容易猜到的词" in response.content.decode()
    assert not User.objects.filter(username="bt_staff").exists()


def _created_and_signs_in(login, cast, username, full_name, password):
    """An admin creates the account with ``password`` and its owner then signs in with it."""
    response = login(cast.d1_admin).post(reverse("orgs:account_create"), {
        "username": username, "full_name": full_name, "role": "staff", "org": cast.t2.pk, "password": password})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return Client().post(reverse("login"), {"username": username, "password": password}).status_code == 302


def test_a_password_sharing_only_a_short_piece_of_the_name_is_accepted(cast, login):
    assert _created_and_signs_in(login, cast, "yj_admin", "Li Na", "Qz7#mVx2pLw-yj")  # "yj" alone is no context word


def test_strong_password_accepted(cast, login):
    assert _created_and_signs_in(login, cast, "bt_staff", "Wang Xiaoming", "Qz7#mVx2pLw")


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


def test_purge_drops_the_failure_detail_after_a_day(cast, settings):
    import io

    from axes.models import AccessFailureLog
    from django.core.management import call_command

    settings.TRUSTED_PROXIES = [PROXY]
    via_proxy("t1_staff", "wrong-password", "203.0.113.1")
    _age_attempts(timedelta(days=2))
    via_proxy("t1_staff", "wrong-password", "203.0.113.2")
    call_command("purge_audit", stdout=io.StringIO())
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["203.0.113.2"]
