"""五有/六有 derived from the org's own data: members count for 有稳定的会员和志愿者队伍, and each
missing item links to where the org records it (leaders on its campaign page)."""

from datetime import date

import pytest

from grassroots import checks
from members import services as members
from tests.members.factories import ids

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 1)


def items(org, on=DAY):
    return {i.label: i for i in checks.five_haves(org, on=on)}


def test_twenty_five_members_and_no_volunteers_pass_the_people_item(cast):
    for i, number in enumerate(ids(25)):
        members.create_member(by=cast.d1_admin, org=cast.t1, kind="adult", name=f"会员{i}", id_number=number,
                              phone="13800000000",
                              joined_on=date(2025, 3, 1))
    assert items(cast.t1)["有稳定的会员和志愿者队伍"].ok
    # as of a day before they joined, the org had nobody
    before = items(cast.t1, on=date(2025, 2, 28))["有稳定的会员和志愿者队伍"]
    assert not before.ok and before.missing == "暂无在册会员或志愿者。"
    assert not items(cast.t2)["有稳定的会员和志愿者队伍"].ok  # a village's or another town's never count


def test_missing_leader_links_to_the_campaign_unit_page(cast, login):
    leader = items(cast.t1)["有热心红十字事业的带头人"]
    assert not leader.ok and leader.link == f"/campaigns/unit/{cast.t1.pk}/"
    page = login(cast.t1_staff).get(f"/orgs/{cast.t1.pk}/")
    assert f'href="/campaigns/unit/{cast.t1.pk}/" data-testid="fix"' in page.content.decode()
