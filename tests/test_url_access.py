"""Every URL of the project, tried by a user of a *sibling* branch of the tree.

The walk starts from Django's resolver, so a URL added later without a row in ``CASES`` fails
``test_every_url_has_an_access_case``. Each row names the object of the *other* branch that the
URL would act on, the outsider who tries it, and what they must get: 404 for an object outside
their subtree (ids cannot be probed), 403 for a page their role may not use, 302 to the login
page for anonymous users, or 200 for their own (scoped) list pages — which then must not show
the other branch's object.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    kwargs: Callable = lambda c: {}
    actor: str = "t2_staff"  # a user of the sibling branch (宝台镇) looking at 莲花街道's things
    status: int = 404
    method: str = "get"
    hidden: Callable | None = None  # text of the other branch that a 200 page must not contain
    data: dict = field(default_factory=dict)


def t1(c):
    return {"pk": c.t1.pk}


CASES: dict[str, Case] = {
    "home": Case(status=200, hidden=lambda c: c.t1.name),
    "login": Case(actor="anonymous", status=200),
    "logout": Case(method="post", status=302),
    "orgs:tree": Case(status=200, hidden=lambda c: c.t1.name),
    "orgs:detail": Case(t1),
    "orgs:children": Case(t1),
    "orgs:create": Case(lambda c: {"parent_pk": c.t3.pk}, actor="d1_admin"),
    "orgs:edit": Case(lambda c: {"pk": c.t3.pk}, actor="d1_admin", method="post", data={"name": "x"}),
    "orgs:restructure": Case(lambda c: {"pk": c.t3.pk, "action": "dissolve"}, actor="d1_admin", method="post"),
    "orgs:accounts": Case(status=403),
    "orgs:account_create": Case(status=403),
    "orgs:account_edit": Case(lambda c: {"pk": c.t3_staff.pk}, actor="d1_admin"),
    "orgs:audit": Case(status=403),
    "reports:statistics": Case(status=200, hidden=lambda c: c.t1.name),
    "reports:export": Case(lambda c: {}, status=200),
    "reports:year_end_submit": Case(lambda c: {"pk": c.d2.pk}, actor="d1_admin", method="post",
                                    data={"year": 2022}),
}

# Django admin: the site itself refuses non-admin roles (302 to its login); scoped querysets
# make another branch's rows invisible to admins (tested in tests/orgs/test_views.py).
ADMIN_KWARGS = {"object_id": "1", "app_label": "orgs", "content_type_id": "1", "url": "x"}


def all_url_names() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif p.name:
                found[f"{namespace}{p.name}"] = p

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_has_an_access_case():
    missing = sorted(n for n in all_url_names() if n not in CASES and not n.startswith("admin:"))
    assert missing == [], f"URL 缺少访问矩阵条目（在 CASES 中补上）：{missing}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_outsider_gets_the_expected_answer(client, cast, name):
    case = CASES[name]
    if case.actor != "anonymous":
        client.force_login(getattr(cast, case.actor))
    url = reverse(name, kwargs=case.kwargs(cast))
    response = getattr(client, case.method)(url, case.data)
    assert response.status_code == case.status, f"{name} {url}"
    if case.hidden:
        assert case.hidden(cast) not in response.content.decode()


@pytest.mark.parametrize("name", sorted(n for n in all_url_names() if n.startswith("admin:")))
def test_admin_urls_refuse_staff_of_any_branch(client, cast, name):
    pattern = all_url_names()[name]
    kwargs = {k: ADMIN_KWARGS.get(k, "1") for k in pattern.pattern.regex.groupindex}
    client.force_login(cast.t2_staff)
    response = client.get(reverse(name, kwargs=kwargs), follow=True)
    # Wherever the admin sends them, staff end on its login page (or a 404/405), never on data.
    assert response.status_code in (200, 404, 405)
    if response.status_code == 200:
        assert response.request["PATH_INFO"] == reverse("admin:login")


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.actor != "anonymous" and n != "logout"))
def test_anonymous_is_sent_to_login(client, cast, name):
    case = CASES[name]
    response = getattr(client, case.method)(reverse(name, kwargs=case.kwargs(cast)), case.data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
