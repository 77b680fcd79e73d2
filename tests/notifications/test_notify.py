"""The one notifier: sent after commit, e-mail copies only to those who chose them, reminders at
most once a day, the inbox with read/unread, and the badge in one query."""

import re

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TEST = services.reason("test.ping", "测试")


def test_sent_after_commit_and_not_at_all_when_rolled_back(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.notify([cast.t1_staff], "会被撤销", reason=TEST)
            transaction.set_rollback(True)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.notify([cast.t1_staff], "请查看", reason=TEST, link="/filings/", org=cast.t1)
    assert not Notification.objects.exists()  # nothing before the commit
    for callback in pending:
        callback()
    note = Notification.objects.get()
    assert (note.user, note.message, note.link, note.org, note.read) == (cast.t1_staff, "请查看", "/filings/",
                                                                         cast.t1, False)


def test_email_only_for_accounts_that_chose_it_one_mail_each(cast, django_capture_on_commit_callbacks):
    for user, email, wants in ((cast.t1_staff, "a@example.cn", True), (cast.t2_staff, "b@example.cn", True),
                               (cast.d1_reviewer, "c@example.cn", False)):
        user.email, user.email_notifications = email, wants
        user.save()
    cast.t3_staff.is_active = False
    cast.t3_staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([cast.t1_staff, cast.t2_staff, cast.d1_reviewer, cast.t3_staff, cast.d1_admin], "开会",
                        reason=TEST)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.cn", "b@example.cn"]
    assert all(len(m.to) == 1 and "开会" in m.subject for m in mail.outbox)
    # in-app for every active account, whatever its e-mail choice; none for the inactive one
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "t1_staff", "t2_staff", "d1_reviewer", "d1_admin"}


def test_once_a_day_reaches_nobody_twice(cast, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify([cast.t1_staff], "请尽快回执", reason=TEST, about_key="notice:1", once_a_day=True)
            services.notify([cast.t1_staff, cast.t2_staff], "请尽快回执", reason=TEST, about_key="notice:1",
                            once_a_day=True)
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["t1_staff", "t2_staff"]
    Notification.objects.update(created_at=Notification.objects.first().created_at.replace(year=2000))
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([cast.t1_staff], "请尽快回执", reason=TEST, about_key="notice:1", once_a_day=True)
        services.notify([cast.t1_staff], "另一件事", reason=TEST, about_key="notice:2", once_a_day=True)
    assert Notification.objects.filter(user=cast.t1_staff).count() == 3


def test_inbox_shows_own_unread_and_opens_one(cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([cast.t1_staff], "第一条", reason=TEST, link="/orgs/")
        services.notify([cast.t1_staff], "第二条", reason=TEST)
        services.notify([cast.t2_staff], "别人的", reason=TEST)
    client = login(cast.t1_staff)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "第一条" in page and "第二条" in page and "别人的" not in page and "测试" in page
    first = Notification.objects.get(message="第一条")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    first.refresh_from_db()
    assert first.read
    unread = client.get(reverse("notifications:inbox"), {"show": "unread"}).content.decode()
    assert "第二条" in unread and "第一条" not in unread
    other = Notification.objects.get(message="别人的")
    assert client.post(reverse("notifications:open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert not other.read


def test_open_never_redirects_off_site(cast, login):
    note = Notification.objects.create(user=cast.t1_staff, message="x", reason=TEST, link="https://evil.example/")
    response = login(cast.t1_staff).post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_email_choice_page_changes_the_account_and_is_audited(cast, login):
    from orgs.models import AuditEvent

    client = login(cast.t1_staff)
    assert "同时通过电子邮件接收通知" in client.get(reverse("notifications:settings")).content.decode()
    client.post(reverse("notifications:settings"), {})  # an unticked box is "no"
    cast.t1_staff.refresh_from_db()
    assert cast.t1_staff.email_notifications is False
    assert AuditEvent.objects.filter(action="notifications.email_choice", user=cast.t1_staff).exists()
    client.post(reverse("notifications:settings"), {"email_notifications": "on"})
    cast.t1_staff.refresh_from_db()
    assert cast.t1_staff.email_notifications is True


def test_badge_is_one_query_whatever_the_count(cast, login, django_capture_on_commit_callbacks):
    client = login(cast.t1_staff)
    for n in (1, 30):
        with django_capture_on_commit_callbacks(execute=True):
            services.notify([cast.t1_staff] * 1, "x", reason=TEST)
            Notification.objects.bulk_create(
                [Notification(user=cast.t1_staff, message="y", reason=TEST) for _ in range(n)])
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("home")).content.decode()
        expected = Notification.objects.filter(user=cast.t1_staff, read=False).count()
        assert re.search(r'data-testid="unread-badge"[^>]*>(\d+)<', page).group(1) == str(expected)
        assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1
