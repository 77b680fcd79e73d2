"""The menu's unread badges cost one query on every page; the notice lists and the receipt table
keep the same number of queries with 5,000 recipient orgs as with a handful."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notices import services
from orgs.models import Organization

pytestmark = pytest.mark.django_db


def villages_under(parent: Organization, n: int, start: int = 0) -> None:
    """``n`` villages below ``parent`` in one insert (paths as treebeard numbers them, names in
    the same order), so that the size is set up in seconds."""
    first = parent.numchild + 1
    Organization.objects.bulk_create(
        [Organization(name=f"第{start + i:05d}村红十字会", level="village", category="village", depth=parent.depth + 1,
                      path=Organization._get_path(parent.path, parent.depth + 1, first + i), numchild=0)
         for i in range(n)], batch_size=1000)
    Organization.objects.filter(pk=parent.pk).update(numchild=parent.numchild + n)
    parent.refresh_from_db()


def publish_to_villages(cast, title):
    return services.publish(by=cast.d1_reviewer, kind="notice", title=title,
                            targets=services.recipients(cast.d1, levels=["village", "town"]), reply_required=True)


def test_badges_cost_one_query_per_page(cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish_to_villages(cast, "第一份")
        publish_to_villages(cast, "第二份")
    client = login(cast.t1_staff)
    for url in (reverse("home"), reverse("notices:list"), reverse("members:list")):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert re.search(r'data-testid="notice-badge"[^>]*>2<', page), url
        assert re.search(r'data-testid="unread-badge"[^>]*>2<', page), url
        badge = [q for q in queries.captured_queries if "notices_receipt" in q["sql"]
                 and "notifications_notification" in q["sql"]]
        assert len(badge) == 1, url
        assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1, url


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_lists_keep_their_query_count_at_5000_recipient_orgs(cast, login):
    villages_under(cast.t2, 3)
    small = publish_to_villages(cast, "小范围")
    services.reply(small, by=cast.t1_staff, text="收到")
    publisher, town = login(cast.d1_reviewer), None
    before = {
        "sent": _count(publisher, reverse("notices:list"), box="sent"),
        "receipts": _count(publisher, reverse("notices:receipts", args=[small.pk])),
        "unread": _count(publisher, reverse("notices:receipts", args=[small.pk]), state="unread"),
    }
    town = login(cast.t1_staff)
    before["received"] = _count(town, reverse("notices:list"))
    villages_under(cast.t2, 5000, start=100)
    big = publish_to_villages(cast, "全区")
    assert big.receipts.count() > 5000
    services.reply(big, by=cast.t1_staff, text="收到")
    publisher = login(cast.d1_reviewer)
    after = {
        "sent": _count(publisher, reverse("notices:list"), box="sent"),
        "receipts": _count(publisher, reverse("notices:receipts", args=[big.pk])),
        "unread": _count(publisher, reverse("notices:receipts", args=[big.pk]), state="unread"),
    }
    town = login(cast.t1_staff)
    after["received"] = _count(town, reverse("notices:list"))
    assert after == before
