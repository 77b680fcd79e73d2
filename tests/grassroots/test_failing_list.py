"""The district-wide 五有/六有 list: hand-built orgs, each failing what it lacks, the same answers
as the org-by-org check, a fixed number of queries, and only the user's own subtree."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grassroots import checks
from grassroots import services as grassroots
from members import services as members
from orgs.models import GRASSROOTS_LEVELS, LeadershipTerm, Organization
from tests.members.factories import ids
from tests.volunteers import factories as vf

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 1)


def grassroots_of(root):
    return Organization.objects.filter(path__startswith=root.path, level__in=GRASSROOTS_LEVELS).order_by("path")


def failing_names(root, on=DAY):
    return {row.label: [org.name for org, _ in row.orgs] for row in checks.failing(grassroots_of(root), on)}


def test_each_org_fails_exactly_what_it_lacks_and_agrees_with_the_single_check(cast):
    [number] = ids(1, start=500)
    members.create_member(by=cast.d1_admin, org=cast.t1, kind="adult", name="会员甲", id_number=number,
                          phone="13800000000", joined_on=date(2025, 3, 1))
    LeadershipTerm.objects.create(org=cast.t1, role="president", person_name="会长甲", starts_on=date(2024, 1, 1))
    grassroots.save_org_profile(cast.t1, by=cast.t1_staff, rules_on_file=True, platform="社区红十字服务站",
                                annual_funding=Decimal("5000"))
    vf.activity(cast.t1, cast.t1_staff, held_on=DAY - timedelta(days=30))
    vf.activity(cast.t2, cast.t2_staff, held_on=DAY - timedelta(days=400))  # too old to count
    names = failing_names(cast.d1)
    assert cast.t1.name not in sum(names.values(), [])
    assert names["有红十字特色的活动"] == [o.name for o in grassroots_of(cast.d1) if o.pk != cast.t1.pk]
    for org in grassroots_of(cast.d1):
        single = {i.label for i in checks.five_haves(org, on=DAY) if not i.ok}
        assert single == {label for label, orgs in names.items() if org.name in orgs}
    # as of before the member joined, 莲花街道 had nobody
    assert cast.t1.name in failing_names(cast.d1, date(2025, 2, 28))["有稳定的会员和志愿者队伍"]


def test_links_point_to_what_is_missing(cast):
    rows = {row.label: dict(row.orgs) for row in checks.failing(grassroots_of(cast.t1), DAY)}
    t1 = Organization.objects.get(pk=cast.t1.pk)
    assert rows["有热心红十字事业的带头人"][t1] == f"/campaigns/unit/{t1.pk}/"
    assert rows["有经费（六有）"][t1] == f"/volunteers/orgs/{t1.pk}/profile/"


def test_fixed_number_of_queries(cast, operator):
    from orgs import services as orgs

    def count():
        with CaptureQueriesContext(connection) as queries:
            checks.failing(grassroots_of(cast.d1), DAY)
        return len(queries)

    few = count()
    for i in range(30):
        orgs.create_org(parent=cast.t2, by=operator, name=f"测试{i}村红十字会", level="village", category="village")
    assert count() == few


def test_the_page_lists_the_users_own_subtree_with_links(cast, login):
    html = login(cast.d1_reviewer).get("/campaigns/compliance/").content.decode()
    assert 'data-org="莲花街道红十字会"' in html and f'href="/campaigns/unit/{cast.t1.pk}/">去登记' in html
    outsider = login(cast.t1_staff).get("/campaigns/compliance/")
    assert outsider.status_code in (403, 404)
