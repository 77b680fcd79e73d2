"""Items 1–8 of seed 002 附件1/附件2 against counts worked out by hand on a known tree."""

from datetime import date

import pytest

from orgs import services
from orgs.models import GovernanceEvent, Organization
from reports import statistics

pytestmark = pytest.mark.django_db


def event(org, kind, on):
    GovernanceEvent.objects.create(org=org, kind=kind, occurred_on=date.fromisoformat(on))


def found(org, on):
    Organization.objects.filter(pk=org.pk).update(founded_on=date.fromisoformat(on), status="filed")


@pytest.fixture
def facts(cast):
    """A known history:
    city: elected 2016-05-01 and 2021-06-01; party group 2019-01-01; supervisory board 2022-03-01
    d1 (雁江区): rationalised 2020-09-01; elected 2017-11-08; party group 2021-07-01
    d2 (安岳县): elected 2020-12-30; supervisory board 2020-06-01
    grassroots: t1 founded 2020-10-01, v1 2022-11-10, t3 2021-03-01, t2 never (筹建), dep3 2019-01-01
    but dep3 dissolved 2022-01-01 into t3.
    """
    event(cast.city, "general_election", "2016-05-01")
    event(cast.city, "general_election", "2021-06-01")
    event(cast.city, "party_group", "2019-01-01")
    event(cast.city, "supervisory_board", "2022-03-01")
    event(cast.d1, "management_rationalised", "2020-09-01")
    event(cast.d1, "general_election", "2017-11-08")
    event(cast.d1, "party_group", "2021-07-01")
    event(cast.d2, "general_election", "2020-12-30")
    event(cast.d2, "supervisory_board", "2020-06-01")
    found(cast.t1, "2020-10-01")
    found(cast.v1, "2022-11-10")
    found(cast.t3, "2021-03-01")
    found(cast.dep3, "2019-01-01")
    services.dissolve_org(Organization.objects.get(pk=cast.dep3.pk), successor=cast.d2, by=cast.operator)
    Organization.objects.filter(pk=cast.dep3.pk).update(dissolved_on=date(2022, 1, 1))
    return cast


@pytest.mark.parametrize("on, expected", [
    # 2020-12-31: city due (last 2016 ≤ 2015-12-31? no: 2016-05-01 > 2015-12-31, not due);
    # d1 last 2017 → not due; d2 elected 2020-12-30 → not due.
    (date(2020, 12, 31), {1: 1, 2: 0, 3: 0, 4: 1, 5: 0, 6: 0, 7: 1, 8: 2}),
    # 2021-06-01: city re-elected; t3 founded; d1 party group not yet (2021-07-01).
    (date(2021, 6, 1), {1: 1, 2: 0, 3: 0, 4: 1, 5: 0, 6: 0, 7: 1, 8: 3}),
    # 2022-12-31: d1 last election 2017-11-08 ≤ 2017-12-31 → due; dep3 dissolved; v1 founded.
    (date(2022, 12, 31), {1: 1, 2: 0, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 3}),
    # 2026-07-01: city's 2021-06-01 election is over five years old → due; d2's 2020 one too.
    (date(2026, 7, 1), {1: 1, 2: 1, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1, 8: 3}),
])
def test_city_items_as_of_dates(facts, on, expected):
    assert statistics.org_items(Organization.objects.get(pk=facts.city.pk), on) == expected


def test_each_figure_is_one_query(facts, django_assert_num_queries):
    with django_assert_num_queries(1):
        statistics.org_items(facts.city, date(2022, 12, 31))
    with django_assert_num_queries(1):
        statistics.org_items_by_child(facts.city, date(2022, 12, 31))


def test_breakdown_by_child_adds_up(facts):
    on = date(2022, 12, 31)
    city = Organization.objects.get(pk=facts.city.pk)
    by_child = statistics.org_items_by_child(city, on)
    d1 = Organization.objects.get(pk=facts.d1.pk)
    d2 = Organization.objects.get(pk=facts.d2.pk)
    assert by_child[d1.path] == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 8: 2}
    assert by_child[d2.path] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 1, 8: 1}
    whole = statistics.org_items(city, on)
    for n in (1, 3, 5, 7, 8):  # county and grassroots items live entirely in the children
        assert by_child[d1.path][n] + by_child[d2.path][n] == whole[n]


def test_increase_over_base_year(facts):
    city = Organization.objects.get(pk=facts.city.pk)
    increase = statistics.org_increase_items(city, date(2022, 12, 31), date(2020, 12, 31))
    # Elections after 2020-12-31: the city's 2021-06-01 only (d2's was 2020-12-30).
    assert increase == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1, 6: 1, 7: 0, 8: 1}


def test_subtree_of_a_district_leaves_the_other_out(facts):
    d1 = Organization.objects.get(pk=facts.d1.pk)
    assert statistics.org_items(d1, date(2022, 12, 31)) == {1: 1, 2: 0, 3: 1, 4: 0, 5: 1, 6: 0, 7: 0, 8: 2}


def test_coverage_of_towns_and_villages(facts):
    Organization.objects.filter(pk=facts.t1.pk).update(villages_total=4)
    Organization.objects.filter(pk=facts.t2.pk).update(villages_total=6)
    city = Organization.objects.get(pk=facts.city.pk)
    cov = statistics.coverage(city, date(2022, 12, 31))
    # towns/departments alive on 2022-12-31: t1 (filed), t2, t3 (filed) — dep3 was dissolved.
    assert (cov["towns"].covered, cov["towns"].total) == (2, 3)
    # villages: v1 founded 2022-11-10, out of 4 + 6 declared by the towns.
    assert (cov["villages"].covered, cov["villages"].total) == (1, 10)
    assert cov["villages"].ratio == 0.1 and cov["villages"].meets_target is False
    earlier = statistics.coverage(city, date(2021, 1, 1))
    # 2021-01-01: t1 and dep3 (not yet dissolved) filed, t3 not yet; four units alive.
    assert earlier["villages"].covered == 0 and (earlier["towns"].covered, earlier["towns"].total) == (2, 4)


@pytest.mark.parametrize("on, t1_covered", [(date(2022, 11, 9), 0), (date(2022, 11, 10), 1)])
def test_village_coverage_by_town_counts_founded_villages_under_each_town(facts, on, t1_covered):
    Organization.objects.filter(pk=facts.t2.pk).update(villages_total=12)
    rows = statistics.village_coverage_by_town(facts.city, on)
    # t1 has one child (v1) and declared no total; t2 declared 12; t3 has neither
    assert {name: (covered, total) for name, covered, total in rows} == {
        "莲花街道红十字会": (t1_covered, 1), "宝台镇红十字会": (0, 12), "岳阳镇红十字会": (0, 0)}
