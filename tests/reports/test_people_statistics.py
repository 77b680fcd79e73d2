"""Items 9–14 of seed 002 附件1/附件2 against counts worked out by hand, as of several dates."""

from datetime import date

import pytest

from orgs.models import Organization
from reports import statistics
from tests.volunteers import factories as vf
from volunteers import services as volunteers

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def city(c):
    return Organization.objects.get(pk=c.city.pk)


@pytest.mark.parametrize("on, expected", [
    # 2020-12-31: G1; A1, A3 (A2 not yet); V1; no team yet but T2; 3 h.
    ("2020-12-31", {9: 1, 10: 2, 11: 0, 12: 1, 13: 1, 14: 3}),
    # 2021-12-31: A3 leaves that day (spell ends exclusive) → A1, A2; Y1; V1, V2; T1, T2; 5.5 h.
    ("2021-12-31", {9: 1, 10: 2, 11: 1, 12: 2, 13: 2, 14: 5.5}),
    # 2022-12-31: A1, A2 (now at t3), A4; T2 dissolved; V2's 5 h; the pending 4 h never count.
    ("2022-12-31", {9: 1, 10: 3, 11: 1, 12: 2, 13: 1, 14: 10.5}),
])
def test_city_people_items_as_of(people, on, expected):
    assert statistics.people_items(city(people), D(on)) == expected


def test_transfer_moves_the_count_between_districts(people):
    d1 = Organization.objects.get(pk=people.d1.pk)
    d2 = Organization.objects.get(pk=people.d2.pk)
    before, after = D("2022-04-30"), D("2022-05-01")
    assert statistics.people_items(d1, before)[10] == 2 and statistics.people_items(d2, before)[10] == 1
    assert statistics.people_items(d1, after)[10] == 1 and statistics.people_items(d2, after)[10] == 2


def test_people_by_child_is_grouped_and_adds_up(people, django_assert_num_queries):
    root = city(people)
    with django_assert_num_queries(4):
        by_child = statistics.people_items_by_child(root, D("2022-12-31"))
    d1 = Organization.objects.get(pk=people.d1.pk)
    d2 = Organization.objects.get(pk=people.d2.pk)
    assert by_child[d1.path] == {9: 1, 10: 1, 11: 1, 12: 1, 13: 1, 14: 5.5}
    assert by_child[d2.path] == {9: 0, 10: 2, 11: 0, 12: 1, 13: 0, 14: 5}


def test_each_people_figure_is_one_query(people, django_assert_num_queries):
    root = city(people)
    with django_assert_num_queries(4):  # spells (items 9–11), volunteers, teams, hours
        statistics.people_items(root, D("2022-12-31"))


def test_increase_over_base_year_and_survey_has_all_items(people):
    root = city(people)
    on, base = D("2022-12-31"), D("2020-12-31")
    inc = statistics.increase(root, on, base)
    assert {n: inc[n] for n in range(9, 15)} == {9: 0, 10: 1, 11: 1, 12: 1, 13: 0, 14: 7.5}
    assert sorted(statistics.survey(root, on)) == list(range(1, 15))
    # the report passes the survey it already has: same figures, fewer queries
    assert statistics.increase(root, on, base, statistics.survey(root, on)) == statistics.increase(root, on, base)


def test_targets_progress_from_activities_and_teams(people, login):
    from reports.models import Target

    c = people
    for metric, value in [("certified_first_aiders", 4800), ("people_trained", 29000),
                          ("stem_cell_samples", 200), ("organ_donation_registrations", 50), ("rescue_teams", 1)]:
        Target.objects.create(org=c.d1, metric=metric, starts_on=D("2021-01-01"), ends_on=D("2025-12-31"),
                              value=value)
    vf.activity(c.t1, c.operator, type="first_aid_training", held_on=D("2021-05-01"), people_trained=300,
                certified_first_aiders=40)
    vf.activity(c.t2, c.operator, type="stem_cell", held_on=D("2022-05-01"), donor_registrations=12)
    vf.activity(c.t2, c.operator, type="organ", held_on=D("2022-06-01"), donor_registrations=3)
    vf.activity(c.t1, c.operator, type="first_aid_training", held_on=D("2020-05-01"), people_trained=999)  # before
    vf.activity(c.t3, c.operator, type="first_aid_training", held_on=D("2021-05-01"), people_trained=777)  # d2
    volunteers.create_team(org=c.t2, by=c.operator, name="宝台应急救援队", specialty="rescue",
                           founded_on=D("2022-01-01"))
    d1 = Organization.objects.get(pk=c.d1.pk)
    progress = {p.target.metric: p.achieved for p in statistics.target_progress(d1, D("2022-12-31"))}
    assert progress == {"certified_first_aiders": 40, "people_trained": 300, "stem_cell_samples": 12,
                        "organ_donation_registrations": 3, "rescue_teams": 1}
    early = {p.target.metric: p.achieved for p in statistics.target_progress(d1, D("2021-12-31"))}
    assert early["rescue_teams"] == 0  # no rescue team yet
    html = login(c.d1_admin).get("/reports/", {"as_of": "2022-12-31"}).content.decode()
    assert "应急救护普及培训人数" in html.split('data-testid="targets"', 1)[1]


def test_measures_no_register_feeds_say_no_source_not_zero(people, login):
    """普及培训、造血干细胞、遗体/器官捐献登记 have no register yet: a period without any tally says
    无数据来源 on the page and in the workbook; 持证救护员 and 救援队 are counted, 0 included."""
    from io import BytesIO

    from openpyxl import load_workbook

    from reports.models import Target

    c = people
    for metric in ("certified_first_aiders", "people_trained", "stem_cell_samples", "rescue_teams"):
        Target.objects.create(org=c.d1, metric=metric, starts_on=D("2021-01-01"), ends_on=D("2025-12-31"), value=10)
    vf.activity(c.t2, c.operator, type="stem_cell", held_on=D("2022-05-01"), donor_registrations=12)
    d1 = Organization.objects.get(pk=c.d1.pk)
    early = {p.target.metric: p.achieved for p in statistics.target_progress(d1, D("2021-12-31"))}
    assert early == {"certified_first_aiders": 0, "people_trained": None, "stem_cell_samples": None,
                     "rescue_teams": 0}
    late = {p.target.metric: p.achieved for p in statistics.target_progress(d1, D("2022-12-31"))}
    assert late["stem_cell_samples"] == 12 and late["people_trained"] is None
    client = login(c.d1_admin)
    html = client.get("/reports/", {"as_of": "2021-12-31"}).content.decode().split('data-testid="targets"', 1)[1]
    assert html.count('data-testid="no-source">无数据来源') == 2
    sheet = load_workbook(BytesIO(client.get("/reports/export.xlsx", {"as_of": "2021-12-31"}).content))["发展目标"]
    done = {row[0]: row[4] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert done["应急救护普及培训人数"] == "无数据来源" and done["持证救护员"] == 0
