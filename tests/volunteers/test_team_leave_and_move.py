"""退出服务队 and 转移管理组织 pages."""

import io
import re
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from orgs.models import AuditEvent
from tests.volunteers import factories
from volunteers import services
from volunteers.models import ServiceRecord, TeamMembership, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_of_team(cast):
    vol = factories.volunteer(cast.t1, cast.t1_staff, name="队员甲")
    team = services.create_team(org=cast.t1, by=cast.t1_staff, name="莲花救护队", specialty="first_aid",
                                founded_on=date(2025, 1, 1))
    return services.add_to_team(team, vol, by=cast.t1_staff, joined_on=date(2025, 2, 1))


def test_staff_end_a_team_membership_on_a_date(cast, login, member_of_team):
    client = login(cast.t1_staff)
    url = reverse("volunteers:team_leave", args=[member_of_team.pk])
    assert url in client.get(reverse("volunteers:team", args=[member_of_team.team_id])).content.decode()
    resp = client.post(url, {"left_on": "2026-01-31"})
    assert resp.status_code == 302
    assert TeamMembership.objects.get(pk=member_of_team.pk).left_on == date(2026, 1, 31)
    assert AuditEvent.objects.filter(action="volunteer.team_left").exists()
    # left once: a second leave is refused, and the link is gone from the page
    assert url not in client.get(reverse("volunteers:team", args=[member_of_team.team_id])).content.decode()
    again = client.post(url, {"left_on": "2026-02-01"})
    assert "已于2026-01-31退出服务队" in again.content.decode()


def test_leave_date_errors_next_to_the_field(cast, login, member_of_team):
    client = login(cast.t1_staff)
    url = reverse("volunteers:team_leave", args=[member_of_team.pk])
    before = client.post(url, {"left_on": "2025-01-01"})
    assert before.context["form"].errors["left_on"] == ["退出日期不能早于加入日期。"]
    future = client.post(url, {"left_on": (timezone.localdate() + timedelta(days=3)).isoformat()})
    assert future.context["form"].errors["left_on"] == ["退出日期不能晚于今天。"]
    assert TeamMembership.objects.get(pk=member_of_team.pk).left_on is None


def test_sibling_town_cannot_end_the_membership(cast, login, member_of_team):
    resp = login(cast.t2_staff).post(reverse("volunteers:team_leave", args=[member_of_team.pk]),
                                     {"left_on": "2026-01-31"})
    assert resp.status_code == 404
    assert TeamMembership.objects.get(pk=member_of_team.pk).left_on is None


def test_move_volunteer_within_scope_is_audited_on_both_sides(cast, login):
    vol = factories.volunteer(cast.t1, cast.t1_staff, name="志愿者移")
    client = login(cast.d1_admin)
    resp = client.post(reverse("volunteers:move", args=[vol.pk]), {"to_org": cast.t2.pk, "reason": "搬家"})
    assert resp.status_code == 302
    assert Volunteer.objects.get(pk=vol.pk).org == cast.t2
    events = AuditEvent.objects.filter(action="volunteer.moved", object_id=str(vol.pk))
    assert {e.org_id for e in events} == {cast.t1.pk, cast.t2.pk}
    assert events.first().detail["reason"] == "搬家"
    # the old town's staff no longer see the volunteer; the new town's do
    assert login(cast.t1_staff).get(reverse("volunteers:detail", args=[vol.pk])).status_code == 404
    assert login(cast.t2_staff).get(reverse("volunteers:detail", args=[vol.pk])).status_code == 200


def test_move_outside_the_movers_scope_is_not_offered_nor_accepted(cast, login):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    client = login(cast.t1_staff)
    page = client.get(reverse("volunteers:move", args=[vol.pk])).content.decode()
    assert cast.t2.name not in page and cast.t3.name not in page
    resp = client.post(reverse("volunteers:move", args=[vol.pk]), {"to_org": cast.t3.pk})
    assert resp.status_code == 200 and "to_org" in resp.context["form"].errors
    assert Volunteer.objects.get(pk=vol.pk).org == cast.t1


def test_hours_served_before_a_move_stay_with_the_old_org(cast, login):
    """ServiceRecord.credited_org: the org managing the volunteer when hours are entered keeps them."""
    from reports import statistics
    from volunteers import selectors

    vol = factories.volunteer(cast.t1, cast.t1_staff, name="志愿者迁")
    today = timezone.localdate()
    before = services.log_hours(vol, by=cast.t1_staff, served_on=today - timedelta(days=30), hours=3)
    services.approve_record(before, by=cast.d1_reviewer)
    assert login(cast.d1_admin).post(reverse("volunteers:move", args=[vol.pk]),
                                     {"to_org": cast.t2.pk, "reason": "搬家"}).status_code == 302
    vol.refresh_from_db()
    services.approve_record(services.log_hours(vol, by=cast.t2_staff, served_on=today, hours=5), by=cast.d1_reviewer)

    credited = ServiceRecord.objects.approved()
    assert [credited.filter(credited_org=org).total_hours() for org in (cast.t1, cast.t2)] == [3, 5]
    assert [statistics.people_items(org, today)[14] for org in (cast.t1, cast.t2, cast.d1)] == [3, 5, 8]
    assert sum(statistics.hours_by_specialty(cast.t1, today).values()) == 3
    assert selectors.volunteer_hours(vol) == 8  # the volunteer's own total is whole wherever they are
    # the records themselves follow the volunteer: the new town sees both, each with where it counts
    page = login(cast.t2_staff).get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    rows = re.findall(r"<td>([\d.]+)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td><td>已通过</td>", page)
    assert sorted(rows) == [("3", cast.t1.name), ("5", cast.t2.name)]
    assert login(cast.t1_staff).get(reverse("volunteers:detail", args=[vol.pk])).status_code == 404
    # and the record export says the same
    export = login(cast.t2_staff).post(reverse("volunteers:export_records") + "?status=approved").getvalue()
    sheet = [row for row in openpyxl.load_workbook(io.BytesIO(export)).active.values]
    assert sheet[1][:2] == ("志愿者", "计入组织")  # under the title
    assert sorted((str(row[3]), row[1]) for row in sheet[2:]) == [("3", cast.t1.name), ("5", cast.t2.name)]
