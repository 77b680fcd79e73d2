"""Row 4: a view that queries a tree-placed model without ``orgs.scoping`` fails in strict mode
(on under pytest and with DEBUG), so the mistake shows in the first test that opens the page."""

import pytest
from django.test import Client

from members import services
from orgs.querysets import UnscopedQueryError
from tests.members.factories import make_id

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.strict_urls")]


@pytest.fixture
def members(cast):
    services.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="莲花会员", id_number=make_id(),
                            phone="13800000001")
    services.create_member(by=cast.t3_staff, org=cast.t3, kind="adult", name="岳阳会员", id_number=make_id(),
                            phone="13800000002")
    return cast


def test_strict_mode_is_on_under_tests(settings):
    assert settings.SCOPING_STRICT is True


def test_deliberately_unscoped_view_fails(members, client):
    client.force_login(members.t1_staff)
    with pytest.raises(UnscopedQueryError, match="未经 orgs.scoping 限定范围"):
        client.get("/unscoped/")


def test_the_same_view_scoped_answers_with_own_rows_only(members, client):
    client.force_login(members.t1_staff)
    body = client.get("/scoped/").content.decode()
    assert "莲花会员" in body and "岳阳会员" not in body


def test_without_strict_mode_the_leak_is_what_strict_mode_prevents(members, settings):
    settings.SCOPING_STRICT = False  # production: no error page, which is why tests run strict
    client = Client()
    client.force_login(members.t1_staff)
    assert "岳阳会员" in client.get("/unscoped/").content.decode()


def test_services_called_outside_views_are_not_checked(members):
    from members.models import Member

    assert Member.objects.count() == 2  # commands and tasks keep their whole-table queries
