"""No state change by GET, and an audit table nobody can flood (checklist rows 11, 17):

* starting an export (members, volunteers, service records) is a POST with a CSRF token — it may
  start a background job — and a GET on it is a 405; the list pages offer a form button;
* every masked export is an audit event too: who, which list, its filters, how many rows;
* refusals (404 out of scope, 403 wrong role) of one account are one row per minute with a count.
"""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import services as members
from orgs.models import AuditEvent
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers import services as volunteers

pytestmark = pytest.mark.django_db

#: export url name → (its list page, the audit action)
EXPORTS = {
    "members:export": ("members:list", "member.export"),
    "volunteers:export": ("volunteers:list", "volunteer.export"),
    "volunteers:export_records": ("volunteers:records", "volunteer.records_export"),
}


@pytest.fixture
def rows(cast):
    for i in range(3):
        members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i}", id_number=make_id(),
                              phone="13800000000")
        volunteer = vf.volunteer(cast.t1, cast.t1_staff, name=f"志愿者{i}")
        volunteers.log_hours(volunteer, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=2)
    return cast


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_starts_only_by_a_post_with_csrf(rows, name):
    listing, _ = EXPORTS[name]
    client = _csrf_client(rows.t1_staff)
    url = reverse(name)
    assert client.get(url).status_code == 405
    page = client.get(reverse(listing), {"status": ""}).content.decode()
    assert f'href="{url}' not in page  # no export link a prefetcher or crawler could follow
    form = re.search(rf'<form method="post" action="({re.escape(url)}[^"]*)"[^>]*>(.*?)</form>', page, re.S)
    assert form, "the list page offers the export as a form button"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    assert client.post(form.group(1).replace("&amp;", "&")).status_code == 403  # no token: refused
    response = client.post(form.group(1).replace("&amp;", "&"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_masked_exports_are_logged_with_their_rows(rows, login, name, settings):
    _, action = EXPORTS[name]
    client = login(rows.t1_staff)
    query = {"members:export": "kind=adult", "volunteers:export": "status=active",
             "volunteers:export_records": "status=pending"}[name]
    assert client.post(f"{reverse(name)}?{query}").status_code == 200
    event = AuditEvent.objects.get(action=action)
    assert (event.user, event.detail["count"]) == (rows.t1_staff, 3)
    assert event.detail["filters"] == dict([query.split("=")])
    # a big one, handed to a background job, is logged when it starts
    settings.PORTAL = {**settings.PORTAL, "EXPORT_SYNC_MAX_ROWS": 1}
    assert client.post(f"{reverse(name)}?{query}").status_code == 302
    assert [e.detail["count"] for e in AuditEvent.objects.filter(action=action).order_by("pk")] == [3, 3]


def test_an_accounts_denials_are_one_row_a_minute_with_a_count(rows, login):
    client = login(rows.t2_staff)
    out_of_scope = reverse("orgs:detail", args=[rows.t1.pk])
    for _ in range(40):
        assert client.get(out_of_scope).status_code == 404
    assert client.get(reverse("orgs:accounts")).status_code == 403
    denied = AuditEvent.objects.filter(action="access.denied")
    assert denied.count() == 1
    event = denied.get()
    assert (event.user, event.count, event.detail["status"]) == (rows.t2_staff, 41, 404)
    # another account has its own row
    login(rows.t3_staff).get(out_of_scope)
    assert denied.filter(user=rows.t3_staff).get().count == 1
    # a new minute, a new row
    with connection.cursor() as cur:  # the log refuses updates through the ORM: move the clock back by SQL
        cur.execute("UPDATE orgs_auditevent SET at = %s", [timezone.now() - timedelta(minutes=1)])
    login(rows.t2_staff).get(out_of_scope)
    assert list(denied.filter(user=rows.t2_staff).order_by("pk").values_list("count", flat=True)) == [41, 1]
    # the audit page says how many
    page = login(rows.d1_admin).get(reverse("orgs:audit"), {"action": "access."}).content.decode()
    assert "41 次" in page


def test_the_count_is_the_only_thing_that_ever_changes(cast):
    from lib import audit

    event = audit.record("access.denied", user=cast.t1_staff, outcome="failure")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(count=5)
    other = audit.record("auth.login", user=cast.t1_staff)
    assert AuditEvent.objects.filter(pk__in=[event.pk, other.pk]).count_again() == 1  # denials only
    assert [AuditEvent.objects.get(pk=e.pk).count for e in (event, other)] == [2, 1]
