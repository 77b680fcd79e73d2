"""The grassroots home page shows the unit's own filing and what to do next; the menu shows how
many notifications are unread."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from filings import workflow
from filings.models import Filing

pytestmark = pytest.mark.django_db


def panel(client) -> str:
    page = client.get(reverse("home")).content.decode()
    start = page.index('id="unit-filing"')
    return page[start:page.index("</section>", start)]


def test_fill_in_opens_the_form_itself(cast, login):
    client = login(cast.t1_staff)
    html = panel(client)
    assert "尚未开始填写" in html and "填写成立备案表" in html
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    assert action == reverse("filings:start", args=[cast.t1.pk])
    response = client.post(action)
    assert response.url == reverse("filings:edit", args=[Filing.objects.get(org=cast.t1).pk])


def test_draft_shows_state_and_what_is_missing(complete_filing, cast, login):
    html = panel(login(cast.t1_staff))
    assert "草稿" in html and "可以提交审核" in html
    assert reverse("filings:edit", args=[complete_filing.pk]) in html
    complete_filing.attachments.filter(kind="election").delete()
    html = panel(login(cast.t1_staff))
    assert "还缺 1 项" in html and "选举结果（正式文件）" in html


def test_submitted_waits_for_the_district(submitted_filing, cast, login):
    html = panel(login(cast.t1_staff))
    assert "待审核" in html and "等待雁江区红十字会审核" in html


def test_returned_shows_a_red_alert_with_the_comment_and_the_field_comment_count(submitted_filing, cast, login):
    workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="请补充辖区人口",
                           field_comments={"host_profile": "太简略", "address": "写到门牌号"})
    html = panel(login(cast.t1_staff))
    alert = html[html.index("alert-danger"):]
    assert "已退回" in html and "请补充辖区人口" in alert and "2 条逐项意见" in alert


def test_filed_shows_number_and_pdf(submitted_filing, cast, login):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    html = panel(login(cast.t1_staff))
    assert "已备案" in html and filing.number in html and reverse("filings:pdf", args=[filing.pk]) in html


def test_bodies_do_not_get_the_unit_panel(cast, login):
    assert 'id="unit-filing"' not in login(cast.d1_reviewer).get(reverse("home")).content.decode()


def test_unread_badge_in_the_menu_costs_one_query(submitted_filing, cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_filing(submitted_filing, by=cast.d1_reviewer, comment="请补充")
    client = login(cast.t1_staff)
    for url in (reverse("home"), reverse("members:list"), reverse("filings:edit", args=[submitted_filing.pk])):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        badge = re.search(r'data-testid="unread-badge"[^>]*>(\d+)<', page)
        assert badge and badge.group(1) == "1", url
        assert sum("notifications_notification" in q["sql"] for q in queries.captured_queries) == 1, url
    client.post(reverse("notifications:inbox"))  # 全部标为已读
    assert 'data-testid="unread-badge"' not in client.get(reverse("home")).content.decode()
