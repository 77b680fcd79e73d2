"""The members app's dated querysets: a spell counts from its first day and not on its end date,
at the org it was held at; and the org page counts members by kind in one aggregate."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Kind, Spell
from tests.members.factories import make_id

pytestmark = pytest.mark.django_db


def add(cast, org, kind=Kind.ADULT, joined_on=date(2024, 3, 1)):
    extra = {"id_number": make_id(date(2012, 5, 17)), "in_school": True} if kind == Kind.YOUTH else {
        "id_number": make_id()}
    return services.create_member(by=cast.city_admin, org=org, kind=kind, name="测试会员", phone="13800000000",
                                  joined_on=joined_on, **extra)


def test_a_spell_is_open_from_its_first_day_until_the_day_before_it_ends(cast):
    member = add(cast, cast.t1)
    services.leave(member, by=cast.t1_staff, on=date(2025, 1, 1))
    spells = Spell.objects.filter(member=member)
    on = {d: spells.open_on(d).count() for d in (date(2024, 2, 29), date(2024, 3, 1), date(2024, 12, 31),
                                                 date(2025, 1, 1))}
    assert on == {date(2024, 2, 29): 0, date(2024, 3, 1): 1, date(2024, 12, 31): 1, date(2025, 1, 1): 0}


def test_members_of_a_subtree_on_a_date_each_once_at_the_org_they_belonged_to(cast):
    moved, stays = add(cast, cast.t1), add(cast, cast.t1)
    transfer = services.request_transfer(moved, by=cast.t1_staff, to_org=cast.t3)
    services.decide_transfer(transfer, by=cast.t3_staff, accept=True, on=date(2025, 7, 1))
    spells = Spell.objects.open_on
    assert set(spells(date(2025, 6, 30)).within(cast.d1).members()) == {moved, stays}
    assert set(spells(date(2025, 7, 1)).within(cast.d1).members()) == {stays}
    assert list(spells(date(2025, 7, 1)).within(cast.d2).members()) == [moved]
    assert spells(date(2025, 7, 1)).within(cast.city).members().count() == 2
    assert list(spells(date(2025, 7, 1)).within(cast.city).members().visible_to(cast.t3_staff)) == [moved]


def test_org_page_counts_members_by_kind_in_one_aggregate(cast, login):
    joined = date(timezone.localdate().year, 1, 1)  # this year: no dues overdue yet, all in good standing
    for org, kind in ((cast.t1, Kind.ADULT), (cast.t1, Kind.ADULT), (cast.v1, Kind.YOUTH), (cast.t3, Kind.ADULT)):
        add(cast, org, kind, joined)
    services.leave(add(cast, cast.t1), by=cast.t1_staff, on=date(2025, 1, 1))
    client = login(cast.d1_admin)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("orgs:detail", args=[cast.t1.pk])).content.decode()
    assert "在册会员 <strong>3</strong> 人（含下级）：成人 2，青少年 1，团体 0。" in page
    counts = [q["sql"] for q in queries if 'FROM "members_member"' in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counts) == 1 and counts[0].count("COUNT(") == len(Kind)
