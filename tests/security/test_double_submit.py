"""Double submit of a create form creates one record (checklist row 20): the page carries a
one-time token (``{% once_token %}``), ``orgs.middleware.OnceMiddleware`` lets each token through once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Application
from orgs.models import Organization, User
from tests.volunteers.factories import resident_id
from volunteers.models import ServiceTeam, Volunteer

pytestmark = pytest.mark.django_db


def token_on(page) -> str:
    found = re.search(r'name="_once" value="([^"]+)"', page.content.decode())
    assert found, "the create form carries no one-time token"
    return found.group(1)


FORMS = {
    "org": ("orgs:create", lambda c: {"parent_pk": c.t1.pk}, "d1_admin", Organization,
            lambda c: {"name": "新社区红十字会", "level": "village", "category": "community", "form": "society"}),
    "account": ("orgs:account_create", lambda c: {}, "d1_admin", User,
                lambda c: {"username": "new_staff", "full_name": "新人", "role": "staff",
                           "password": "Kx9#rainbow-Lake", "org": c.t1.pk}),
    "volunteer": ("volunteers:create", lambda c: {}, "t1_staff", Volunteer,
                  lambda c: {"org": c.t1.pk, "name": "志愿者丙", "gender": "F", "id_number": resident_id(),
                             "phone": "13912345678", "registered_on": "2026-01-05", "status": "active"}),
    "team": ("volunteers:team_create", lambda c: {}, "t1_staff", ServiceTeam,
             lambda c: {"org": c.t1.pk, "name": "莲花救护队", "specialty": "first_aid", "founded_on": "2025-01-01"}),
    "application": ("members:apply", lambda c: {"org_pk": c.t1.pk}, None, Application,
                    lambda c: {"kind": "adult", "name": "申请人", "id_number": "11010519491231002X",
                               "phone": "13800000009"}),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_double_submit_creates_one_record(cast, form):
    name, kwargs, actor, model, data = FORMS[form]
    client = Client()
    if actor:
        client.force_login(getattr(cast, actor))
    url = reverse(name, kwargs=kwargs(cast))
    values = {**data(cast), "_once": token_on(client.get(url))}
    before = model.objects.count()
    first = client.post(url, values)
    assert first.status_code == 302, first.content.decode()[-1500:]
    second = client.post(url, values)
    assert model.objects.count() == before + 1
    assert second.status_code == 302 and second["Location"] == url
    assert "本次重复提交未再保存" in client.get(url).content.decode()


def test_a_form_shown_again_with_errors_gets_a_new_token(cast):
    client = Client()
    client.force_login(cast.d1_admin)
    url = reverse("orgs:create", kwargs={"parent_pk": cast.t1.pk})
    token = token_on(client.get(url))
    again = client.post(url, {"name": "", "level": "village", "_once": token})
    assert again.status_code == 200 and token_on(again) != token
    fixed = {"name": "新社区红十字会", "level": "village", "category": "community", "form": "society",
             "_once": token_on(again)}
    assert client.post(url, fixed).status_code == 302
    assert Organization.objects.filter(name="新社区红十字会").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_submit_that_failed_can_be_sent_again(cast):
    """The database connection dies while the record is being saved: the user gets the 503 page
    that tells them to retry, and the retry — the same form, the same token — is saved."""
    from django.core.signals import request_started
    from django.db import close_old_connections
    from django.db.models.signals import pre_save

    from tests.faults import own_pid, terminate

    def recycle(**kwargs):  # what a real server does at the start of each request
        close_old_connections()

    def cut(sender, **kwargs):
        terminate(own_pid())

    client = Client(raise_request_exception=False)
    client.force_login(cast.d1_admin)
    url = reverse("orgs:create", kwargs={"parent_pk": cast.t1.pk})
    values = {**FORMS["org"][4](cast), "_once": token_on(client.get(url))}
    request_started.connect(recycle)
    try:
        pre_save.connect(cut, sender=Organization)
        try:
            failed = client.post(url, values)
        finally:
            pre_save.disconnect(cut, sender=Organization)
        assert failed.status_code == 503 and "请稍候几秒刷新页面再试" in failed.content.decode()
        assert not Organization.objects.filter(name="新社区红十字会").exists()
        again = client.post(url, values)
    finally:
        request_started.disconnect(recycle)
    assert again.status_code == 302 and again["Location"] != url, again.content.decode()[-800:]
    assert Organization.objects.filter(name="新社区红十字会").count() == 1
