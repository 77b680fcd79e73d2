"""No English reaches a user: every page of the access matrix (tests/test_url_access.py), as every
actor, and every form of those pages sent back empty and with nonsense, is read for English.

The matrix's ``CASES`` are the list of pages, so a page added later is read here too."""

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.test_url_access import ACTORS, CASES, placed  # noqa: F401  (placed: the matrix's fixture)
from tests.ui_text import english_in, visible_text

pytestmark = pytest.mark.django_db


def _client(c, actor) -> Client:
    client = Client(raise_request_exception=False)
    if actor != "anonymous":
        client.force_login(getattr(c, actor))
    return client


def _rolled_back(send):
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def test_no_page_shows_english_to_any_actor(placed):  # noqa: F811  (the matrix fixture, imported above)
    c = placed
    found = []
    for name, case in sorted(CASES.items()):
        url = reverse(name, kwargs=case.kwargs(c))
        for actor in ACTORS:
            client = _client(c, actor)
            send = getattr(client, case.method)
            response = _rolled_back(lambda send=send, url=url, case=case: send(url, case.data, follow=True))
            if "text/html" in response.get("Content-Type", ""):
                found += [f"{name} as {actor}: {hit}" for hit in english_in(response.content.decode())]
    assert found == [], "\n".join(found)


class _Forms(HTMLParser):
    """The POST forms of a page that send to the page itself, with the names of their fields."""

    def __init__(self, path):
        super().__init__()
        self.path, self.forms, self._current = path, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = (attrs.get("action") or "").split("?")[0]
            mine = (attrs.get("method") or "").lower() == "post" and action in ("", self.path)
            self._current = {} if mine else None
            if mine:
                self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea") and attrs.get("name"):
            kind = attrs.get("type", tag)
            if kind not in ("hidden", "submit", "file", "checkbox", "radio"):
                self._current[attrs["name"]] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


#: nonsense for every kind of field: not a date, not a number, not a choice, not an ID
NONSENSE = "无效★"


def test_form_errors_are_chinese(placed):  # noqa: F811  (the matrix fixture, imported above)
    """Every form a permitted user sees, sent empty and sent with nonsense in each field: the
    messages next to the fields (and any message after a redirect) are Chinese."""
    c = placed
    found, sent = [], 0
    for name, case in sorted(CASES.items()):
        if case.method != "get":
            continue
        url = reverse(name, kwargs=case.kwargs(c))
        roles_sent = set()  # a form differs by role, not by the place of the user in the tree
        for actor in ACTORS:
            role = getattr(c, actor).role if actor != "anonymous" else actor
            if role in roles_sent:
                continue
            client = _client(c, actor)
            page = client.get(url)
            if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                continue
            reader = _Forms(re.sub(r"\?.*", "", url))
            reader.feed(page.content.decode())
            roles_sent.add(role)
            for fields in reader.forms:
                for data in ({}, dict.fromkeys(fields, NONSENSE)):
                    response = _rolled_back(lambda data=data, post=client.post, url=url: post(url, data, follow=True))
                    sent += 1
                    found += [f"{name} as {actor}, sent {data or 'empty'}: {hit}"
                              for hit in english_in(response.content.decode())]
    assert sent > 20  # the forms were found and sent
    assert found == [], "\n".join(found)


def test_the_reader_finds_english_a_user_would_see_and_nothing_else():
    page = ('<select name="kind" id="id_kind" class="form-select"><option value="">- Select an option -</option>'
            '</select><a href="/filings/?status=draft" title="draft">草稿</a><p>状态：draft → submitted</p>'
            '<input placeholder="This field is required.">')
    hits = "\n".join(english_in(page))
    assert "Select an option" in hits and "draft" in hits and "submitted" in hits and "This" in hits
    quiet = '<a href="/x/?status=draft" class="filed" id="submitted">草稿</a><script>var None;</script>'
    assert english_in(quiet) == []


def test_field_history_names_states_and_choices_in_chinese(placed, client):  # noqa: F811  (the matrix fixture, imported above)
    """A filing's history says 草稿 → 待审核, never the stored codes."""
    client.force_login(placed.t1_staff)
    text = visible_text(client.get(reverse("filings:edit", args=[placed.filing.pk])).content.decode())
    assert "状态：草稿 → 待审核" in text
