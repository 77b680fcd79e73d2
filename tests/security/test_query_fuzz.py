"""Malformed query strings never give a 5xx (checklist row 28): every page a GET reaches, with
every parameter the page itself offers (its filter forms and its own links: pagination, quick
filters) and the ones the list views read, each set to every value of a hostile corpus. A NUL
byte anywhere in a query string is a 400 with a Chinese message (PostgreSQL cannot store or
compare it), as is a number no list can mean.

The pages and their arguments come from the access matrix (``tests/test_url_access.py``): a page
added there is fuzzed here too."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from lib import paging
from tests.test_url_access import CASES, placed  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

CORPUS = [
    "\x00", "a\x00b", "x" * 10_000, "999999999999999999999999", "-999999999999999999999999", "-1", "abc",
    "1e308", "\u202e123", "１２３", "²", "'\"<>{}() OR 1=1 --", "2023-02-29", "%_",
]
#: read by list views without always being on the page
ALWAYS = set(paging.PARAMS) | {"q", "days", "all"}
#: who asks for each page: the first of these the page lets in
ACTORS = ("city_admin", "d1_reviewer", "t1_staff", "vol_user")


class _Params(HTMLParser):
    """The names a page offers for its own query string: fields of its GET forms, keys of its links
    that stay on the page."""

    def __init__(self, path):
        super().__init__()
        self.path, self.names, self._get_form = path, set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._get_form = (attrs.get("method") or "get").lower() == "get" and \
                urlsplit(attrs.get("action") or "").path in ("", self.path)
        elif tag in ("input", "select", "textarea") and self._get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            if link.query and link.path in ("", self.path):
                self.names |= {k for k, _ in parse_qsl(link.query, keep_blank_values=True)}

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


def _get_pages(c):
    """(url name, url, client, first answer) of every page that answers a GET with 200 to someone
    in the cast."""
    for name, case in sorted(CASES.items()):
        if case.method != "get" or 200 not in case.ok:
            continue
        url = reverse(name, kwargs=case.kwargs(c))
        for actor in ((None,) if case.public else ACTORS):
            client = Client(raise_request_exception=False)
            if actor:
                client.force_login(getattr(c, actor))
            first = client.get(url)
            if first.status_code == 200:
                yield name, url, client, first
                break


def test_every_page_parameter_survives_the_corpus(placed):  # noqa: F811
    c = placed
    asked, wrong = 0, []
    for name, url, client, first in _get_pages(c):
        parser = _Params(url)
        html = first.get("Content-Type", "").startswith("text/html")
        if html:
            parser.feed(first.content.decode())
        # a list: a page without arguments showing a table, or an export of one
        listing = not CASES[name].kwargs(c) and (not html or "<table" in first.content.decode())
        for param in sorted(parser.names | (ALWAYS if listing else set())):
            for value in CORPUS:
                response = client.get(url, {param: value})
                asked += 1
                if response.status_code >= 500:
                    wrong.append(f"{name} ?{param}={value[:20]!r}: {response.status_code}")
                elif "\x00" in value and response.status_code != 400:
                    wrong.append(f"{name} ?{param}={value[:20]!r}: {response.status_code}, not 400")
    assert wrong == [], "\n".join(wrong)
    assert asked > 1500  # the walk really reached the pages (1,876 on this cast)


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1"])
def test_nul_in_a_public_query_is_a_400_in_chinese(cast, query):
    response = Client(raise_request_exception=False).get(f"{reverse('members:apply_pick')}?{query}")
    assert response.status_code == 400 and "请求中的参数无效" in response.content.decode()


def test_absurd_number_of_days_is_a_400_in_chinese(cast, login):
    client = login(cast.t1_staff)
    response = client.get(reverse("volunteers:certificates"), {"days": "999999999999999999999999"})
    assert response.status_code == 400 and "天数" in response.content.decode()
    assert client.get(reverse("volunteers:certificates"), {"days": "30"}).status_code == 200
