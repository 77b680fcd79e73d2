"""Keyset pages: following 下一页 visits every row once, in order, keeping the filters; 上一页 goes back;
a forged cursor gives the first page, never an error."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from lib import audit
from lib.identity import id_check_char
from members import services as members
from tests.members.factories import ids


def _link(response, rel):
    found = re.search(rf'href="([^"]+)" rel="{rel}"', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def _numbers(response):
    return re.findall(r">(\d{11})</a>", response.content.decode())


@pytest.fixture
def many_members(cast):
    made = []
    for i, id_number in enumerate(ids(120, start=500)):
        kind = "youth" if i % 3 == 0 else "adult"
        born = date(2012, 1, 1) if kind == "youth" else date(1990, 1, 1)
        id_number = id_number[:6] + born.strftime("%Y%m%d") + id_number[14:]
        id_number = id_number[:17] + id_check_char(id_number[:17])
        made.append(members.create_member(by=cast.t1_staff, org=cast.t1, kind=kind, name=f"会员{i:03d}",
                                          id_number=id_number, phone="13800000000",
                                          joined_on=date(2025, 1, 1) + timedelta(days=i % 40)))
    return made


def _walk(client, url):
    seen, response = [], client.get(url)
    while True:
        assert response.status_code == 200
        seen.append(_numbers(response))
        nxt = _link(response, "next")
        if not nxt:
            return seen, response
        response = client.get(reverse("members:list") + nxt)


def test_member_pages_visit_every_row_once_newest_first(client, cast, many_members):
    client.force_login(cast.t1_staff)
    pages, last = _walk(client, reverse("members:list"))
    shown = [n for page in pages for n in page]
    expected = [m.number for m in sorted(many_members, key=lambda m: (m.joined_on, m.pk), reverse=True)]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert shown == expected
    back = client.get(reverse("members:list") + _link(last, "prev"))
    assert _numbers(back) == expected[50:100]


def test_member_pages_keep_the_filter(client, cast, many_members):
    client.force_login(cast.t1_staff)
    pages, _ = _walk(client, reverse("members:list") + "?kind=youth")
    shown = [n for page in pages for n in page]
    youth = {m.number for m in many_members if m.kind == "youth"}
    assert len(shown) == len(youth) == 40 and set(shown) == youth


@pytest.mark.parametrize("cursor", ["%%%", "bm90LWEtZGF0ZXwx", "MjAyNS0wMS0wMQ==", "x" * 500])
def test_forged_cursor_gives_the_first_page(client, cast, many_members, cursor):
    client.force_login(cast.t1_staff)
    first = client.get(reverse("members:list"))
    for param in ("after", "before"):
        response = client.get(reverse("members:list"), {param: cursor})
        assert response.status_code == 200
        assert _numbers(response) == _numbers(first)


def test_audit_log_pages_newest_first(client, cast):
    for i in range(230):
        audit.record("account.changed", user=cast.d1_admin, org=cast.t1, username=f"event{i:03d}")
    client.force_login(cast.d1_admin)
    url = reverse("orgs:audit") + "?action=account.changed"
    actions, response = [], client.get(url)
    while True:
        actions += re.findall(r"<td>(event\d{3})</td>", response.content.decode())
        nxt = _link(response, "next")
        if not nxt:
            break
        response = client.get(reverse("orgs:audit") + nxt)
    assert actions == [f"event{i:03d}" for i in reversed(range(230))]


def test_each_row_links_to_its_own_member(client, cast, many_members):
    """lib.paging.row_links: the detail URL reversed once a page, each row's key put in."""
    client.force_login(cast.t1_staff)
    links = re.findall(r'<a href="([^"]+)">(\d{11})</a>', client.get(reverse("members:list")).content.decode())
    expected = {m.number: reverse("members:detail", args=[m.pk]) for m in many_members}
    assert len(links) == 50 and all(href == expected[number] for href, number in links)


@pytest.mark.parametrize("viewname", ["members:detail", "filings:pdf", "volunteers:activity"])
def test_row_links_give_what_reverse_gives(viewname):
    from lib.paging import row_links

    link = row_links(viewname)
    assert [link(pk) for pk in (1, 42, 1234567)] == [reverse(viewname, args=[pk]) for pk in (1, 42, 1234567)]
