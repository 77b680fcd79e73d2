"""Menus and buttons show a user only what they may open: every link on every page of the access
matrix, followed as the user who saw it, never ends on a refusal (403) or the sign-in page."""

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.test_url_access import ACTORS, CASES, placed  # noqa: F401  (placed: the matrix's fixture)

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("/") and not href.startswith("//"):
            self.links.add(href)


def _links(html: str) -> set[str]:
    reader = _Links()
    reader.feed(html)
    return reader.links


def _refused(response) -> bool:
    to_sign_in = response.status_code == 302 and any(
        response["Location"].startswith(reverse(name)) for name in ("login", "admin:login"))
    return response.status_code == 403 or to_sign_in


def test_no_link_leads_its_reader_to_a_refusal(placed):  # noqa: F811  (the matrix fixture, imported above)
    c = placed
    refused = []
    for actor in ACTORS:
        if actor == "anonymous":
            continue
        client = Client(raise_request_exception=False)
        client.force_login(getattr(c, actor))
        shown: dict[str, str] = {}  # link → the first page that showed it
        for name, case in sorted(CASES.items()):
            if case.method != "get":
                continue
            response = client.get(reverse(name, kwargs=case.kwargs(c)))
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                for link in _links(response.content.decode()):
                    shown.setdefault(link, name)
        assert shown, actor
        for link, page in sorted(shown.items()):
            with transaction.atomic():
                response = client.get(link)
                transaction.set_rollback(True)
            if _refused(response):
                refused.append(f"{actor} ({ACTORS[actor]}) on {page}: {link} → {response.status_code}")
    assert refused == [], "\n".join(refused)


def test_each_role_still_sees_the_entries_it_uses(placed, client):  # noqa: F811  (the matrix fixture, imported above)
    """Hiding must not hide too much: each role's menu keeps its own work."""
    c = placed
    wanted = {
        "t1_staff": ["members:list", "members:queue", "members:transfers", "volunteers:list"],
        "d1_reviewer": ["filings:queue", "members:list", "volunteers:records", "campaigns:list"],
        "d1_admin": ["filings:queue", "orgs:accounts", "orgs:audit", "filings:seal", "signing:manage", "members:queue",
                     "campaigns:list", "reports:targets"],
        "vol_user": ["volunteers:mine"],
    }
    for actor, names in wanted.items():
        client.force_login(getattr(c, actor))
        links = _links(client.get(reverse("home")).content.decode())
        links |= _links(client.get(reverse("members:list")).content.decode()) if actor != "vol_user" else set()
        missing = [n for n in names if reverse(n) not in links]
        assert missing == [], f"{actor} misses {missing}"
