"""Merging or dissolving an org moves its members and teams *on that date*: both orgs keep their
history, so the statistics as of the day before and the day of the change are both right."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from members import services as members
from members.models import Spell
from orgs import services
from reports.statistics import people_items
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers import services as volunteers
from volunteers.models import ServiceTeam, TeamMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def t2_people(cast):
    c = cast
    c.m1 = members.create_member(by=c.t2_staff, org=c.t2, kind="adult", name="宝台会员甲", id_number=make_id(),
                                 phone="13800000011", joined_on=date(2025, 3, 1))
    c.m2 = members.create_member(by=c.t2_staff, org=c.t2, kind="adult", name="宝台会员乙", id_number=make_id(),
                                 phone="13800000012", joined_on=date(2025, 3, 1))
    c.vol = vf.volunteer(c.t2, c.t2_staff, name="宝台志愿者")
    c.team = volunteers.create_team(org=c.t2, by=c.t2_staff, name="宝台应急救护队", specialty="first_aid",
                                    founded_on=date(2025, 1, 1))
    volunteers.add_to_team(c.team, c.vol, by=c.t2_staff, joined_on=date(2025, 2, 1))
    return c


def test_merge_closes_spells_at_the_old_org_and_opens_them_at_the_new(t2_people):
    c = t2_people
    today = timezone.localdate()
    before = today - timedelta(days=1)

    services.merge_org(c.t2, into=c.t1, by=c.d1_admin)

    def members_as_of(on, org):
        return Spell.objects.open_on(on).within(org).members()

    assert set(members_as_of(before, c.t2)) == {c.m1, c.m2}
    assert set(members_as_of(before, c.t1)) == set()
    assert set(members_as_of(today, c.t2)) == set()
    assert set(members_as_of(today, c.t1)) == {c.m1, c.m2}
    # the statistics page's figures (item 10: adult members) agree on both sides of the date
    assert people_items(c.t2, before)[10] == 2 and people_items(c.t1, before)[10] == 0
    assert people_items(c.t2, today)[10] == 0 and people_items(c.t1, today)[10] == 2
    assert people_items(c.d1, before)[10] == people_items(c.d1, today)[10] == 2  # nobody counted twice
    closed = Spell.objects.get(member=c.m1, org=c.t2)
    assert (closed.end, closed.counterpart) == (today, c.t1)
    opened = Spell.objects.get(member=c.m1, org=c.t1)
    assert (opened.start, opened.end, opened.counterpart) == (today, None, c.t2)


def test_dissolve_carries_teams_on_at_the_successor_with_memberships(t2_people):
    c = t2_people
    today = timezone.localdate()
    before = today - timedelta(days=1)

    services.dissolve_org(c.t2, successor=c.t1, by=c.d1_admin, reason="区划调整")

    assert people_items(c.t2, before)[13] == 1 and people_items(c.t1, before)[13] == 0
    assert people_items(c.t2, today)[13] == 0 and people_items(c.t1, today)[13] == 1
    old = ServiceTeam.objects.get(pk=c.team.pk)
    new = ServiceTeam.objects.get(org=c.t1, name="宝台应急救护队")
    assert old.org == c.t2 and old.dissolved_on == today
    assert (new.specialty, new.founded_on) == ("first_aid", today)
    assert TeamMembership.objects.get(team=old, volunteer=c.vol).left_on == today
    assert TeamMembership.objects.get(team=new, volunteer=c.vol).left_on is None


def test_a_refused_restructuring_changes_no_spell(t2_people):
    c = t2_people
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # staff may not restructure
        services.merge_org(c.t2, into=c.t1, by=c.t2_staff)
    assert not Spell.objects.filter(org=c.t1).exists()
    assert Spell.objects.filter(org=c.t2, end__isnull=True).count() == 2


def test_members_cannot_be_handed_to_a_body_and_nothing_moves(t2_people):
    c = t2_people
    from django.core.exceptions import ValidationError

    from orgs.models import Organization, OrgStatus

    with pytest.raises(ValidationError, match="只能并入或移交给基层组织"):
        services.merge_org(c.t2, into=c.d1, by=c.d1_admin)
    assert Organization.objects.get(pk=c.t2.pk).status != OrgStatus.DISSOLVED
    assert Spell.objects.filter(org=c.t2, end__isnull=True).count() == 2
    assert ServiceTeam.objects.get(pk=c.team.pk).dissolved_on is None


def test_pending_transfers_follow_the_successor(t2_people):
    c = t2_people
    from members.models import Transfer

    outgoing = members.request_transfer(c.m1, by=c.t2_staff, to_org=c.t3)
    incoming_member = members.create_member(by=c.t3_staff, org=c.t3, kind="adult", name="岳阳会员",
                                            id_number=make_id(), phone="13800000013")
    incoming = members.request_transfer(incoming_member, by=c.t3_staff, to_org=c.t2)

    services.dissolve_org(c.t2, successor=c.t1, by=c.d1_admin)

    assert Transfer.objects.get(pk=outgoing.pk).from_org == c.t1
    assert Transfer.objects.get(pk=incoming.pk).to_org == c.t1
    members.decide_transfer(Transfer.objects.get(pk=incoming.pk), by=c.t1_staff, accept=True)
    incoming_member.refresh_from_db()
    assert incoming_member.org == c.t1
