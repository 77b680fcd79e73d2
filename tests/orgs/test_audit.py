from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lib import audit
from orgs import services
from orgs.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def last(action):
    return AuditEvent.objects.filter(action=action).order_by("-id").first()


def test_login_failure_lockout_and_logout_are_recorded(client, cast):
    client.post(reverse("login"), {"username": "t1_staff", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = last("auth.login")
    assert (event.username, event.org, event.ip, event.outcome) == ("t1_staff", cast.t1, "10.1.2.3", "success")
    client.post(reverse("logout"))
    assert last("auth.logout").user == cast.t1_staff
    for _ in range(5):
        client.post(reverse("login"), {"username": "t2_staff", "password": "nope"}, REMOTE_ADDR="10.9.9.9")
    assert last("auth.login_failed").username == "t2_staff"
    assert last("auth.locked_out").outcome == "failure"


def test_denials_are_recorded_with_path(client, cast):
    client.force_login(cast.t2_staff)
    client.get(reverse("orgs:detail", args=[cast.t1.pk]), REMOTE_ADDR="10.0.0.7")
    event = last("access.denied")
    assert event.detail["status"] == 404 and event.ip == "10.0.0.7" and event.user == cast.t2_staff
    client.get(reverse("orgs:accounts"))  # the same minute: counted on the same row
    assert (last("access.denied").pk, last("access.denied").count) == (event.pk, 2)
    client.force_login(cast.t1_staff)
    client.get(reverse("orgs:accounts"))
    assert last("access.denied").detail["status"] == 403 and last("access.denied").user == cast.t1_staff


@pytest.mark.parametrize("step, action", [
    (lambda c: services.merge_org(c.t1, into=c.t2, by=c.d1_admin), "org.merged_into"),
    (lambda c: services.move_org(c.t1, new_parent=c.d2, by=c.city_admin), "org.moved"),
    (lambda c: services.update_account(c.t1_staff, by=c.d1_admin, role="admin"), "account.changed"),
    (lambda c: services.create_account(by=c.d1_admin, username="n1", password="Qz7#mVx2pLw", org=c.t2,
                                       role="staff"), "account.created"),
])
def test_writes_leave_an_audit_row(cast, step, action):
    step(cast)
    event = last(action)
    assert event is not None and event.user is not None and event.outcome == "success"


def test_role_change_records_old_and_new(cast):
    services.update_account(cast.t1_staff, by=cast.d1_admin, role="admin")
    assert last("account.changed").detail["changes"]["role"] == ["staff", "admin"]


def test_audit_log_is_append_only(cast):
    event = audit.record("test.event", user=cast.t1_staff)
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.event"


def test_purge_keeps_six_months(cast):
    young = audit.record("test.young", user=cast.t1_staff)
    old = audit.record("test.old", user=cast.t1_staff)
    AuditEvent.objects.filter(pk=old.pk).exists()
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("UPDATE orgs_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=200), old.pk])
        cur.execute("UPDATE orgs_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=180),
                                                                        young.pk])
    assert audit.purge() == 1
    assert list(AuditEvent.objects.filter(action__startswith="test.").values_list("action", flat=True)) == [
        "test.young"]


def test_admin_sees_audit_of_own_subtree_only(client, cast):
    audit.record("account.password_changed", user=cast.t1_staff)
    audit.record("account.password_changed", user=cast.t3_staff)
    client.force_login(cast.d1_admin)
    html = client.get(reverse("orgs:audit"), {"action": "account."}).content.decode()
    assert "<td>t1_staff</td>" in html and "t3_staff" not in html
