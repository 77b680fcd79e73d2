"""The statistics page's chart series against counts worked out by hand."""

from datetime import date

import pytest

from orgs import services as org_services
from orgs.models import Organization
from reports import statistics
from reports.report import build_report
from tests.volunteers import factories as vf
from volunteers import services as volunteers
from volunteers.models import ServiceTeam

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def fresh(org):
    return Organization.objects.get(pk=org.pk)


def test_members_over_time_counts_each_kind_on_each_date(people):
    # See the people fixture: A1 2020-06-01, A2 2021-03-01, A3 2019-01-01→2021-12-31, A4 2022-01-10 (all adults);
    # Y1 youth from 2021-09-01; G1 group from 2020-01-01.
    dates = [D("2019-12-31"), D("2020-12-31"), D("2021-12-31"), D("2022-12-31")]
    series = statistics.members_over_time(fresh(people.city), dates)
    assert series == {"成人会员": [1, 2, 2, 3], "青少年会员": [0, 0, 1, 1], "团体会员": [0, 1, 1, 1]}
    # The district 安岳县 only sees A4 and, after the transfer on 2022-05-01, A2.
    assert statistics.members_over_time(fresh(people.d2), dates)["成人会员"] == [0, 0, 0, 2]


def test_village_coverage_by_town_uses_declared_totals_and_founded_villages(cast):
    c = cast
    org_services.update_org(c.t1, by=c.operator, villages_total=4)
    org_services.update_org(c.v1, by=c.operator, founded_on=D("2021-05-01"))
    v2 = org_services.create_org(parent=c.t1, by=c.operator, name="莲花村红十字小组", level="village",
                                 category="village")
    org_services.update_org(v2, by=c.operator, founded_on=D("2022-05-01"))
    rows = statistics.village_coverage_by_town(fresh(c.d1), D("2021-12-31"))
    # Siblings are kept in name order. 宝台镇 has declared nothing and has no village orgs: 0 of 0.
    assert rows == [("宝台镇红十字会", 0, 0), ("莲花街道红十字会", 1, 4)]
    assert statistics.village_coverage_by_town(fresh(c.d1), D("2022-12-31"))[1] == ("莲花街道红十字会", 2, 4)


def test_hours_by_specialty_counts_approved_hours_of_each_team(cast):
    c = cast
    rescue = volunteers.create_team(org=c.t1, by=c.operator, name="救援队", specialty="rescue",
                                    founded_on=D("2020-01-01"))
    blood = volunteers.create_team(org=c.t1, by=c.operator, name="献血队", specialty="blood",
                                   founded_on=D("2020-01-01"))
    v = vf.volunteer(c.t1, c.operator, registered_on=D("2020-01-01"))
    for team, on, hours, approve in [(rescue, "2021-01-05", 4, True), (rescue, "2021-02-05", 2, True),
                                     (blood, "2021-03-05", 3, True), (blood, "2021-04-05", 5, False),
                                     (None, "2021-05-05", 1, True), (rescue, "2022-01-05", 7, True)]:
        record = volunteers.log_hours(v, by=c.operator, served_on=D(on), hours=hours, team=team)
        if approve:  # by another account than the one that entered them (separation of duties)
            volunteers.approve_record(record, by=c.city_admin)
    labels = dict(ServiceTeam._meta.get_field("specialty").choices)
    got = statistics.hours_by_specialty(fresh(c.d1), D("2021-12-31"))
    assert got == {labels["rescue"]: 6, labels["blood"]: 3, "未编队": 1}
    assert statistics.hours_by_specialty(fresh(c.d2), D("2021-12-31")) == {}


def test_page_chart_data_carries_the_series(people):
    report = build_report(fresh(people.city), D("2022-12-31"), base_year=2020)
    charts = report.chart_data()
    assert charts["members"]["labels"] == ["2020年末", "2021年末", "2022年末"]
    assert charts["members"]["series"]["成人会员"] == [2, 2, 3]
    assert charts["children"]["labels"] == ["安岳县红十字会", "雁江区红十字会"]
    assert charts["hours"]["series"] == {"志愿服务时长（小时）": [10.5]}
