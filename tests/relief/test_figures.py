"""The yearly figures of the relief registers equal a hand count over the same rows, for any org's
subtree and as of any date."""

from datetime import date

import pytest
from django.urls import reverse

from relief import donations, figures, stock, transfers

pytestmark = pytest.mark.django_db


def test_yearly_figures_match_a_hand_count_as_of_two_dates(cast, depot):
    c, r = cast, depot
    gift = donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2026, 2, 1), donor_kind="person",
                                      donor_name="王建华", kind="money", amount=800, restricted=True,
                                      purpose="博爱家园")
    donations.void(donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2026, 2, 2),
                                              donor_kind="person", donor_name="错", kind="money", amount=99),
                   by=c.d1_admin, reason="重复登记作废")
    donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2025, 12, 30), donor_kind="person",
                               donor_name="去年", kind="money", amount=50)
    donations.record_use(gift, by=c.d1_admin, used_on=date(2026, 3, 10), kind="project", destination="博爱家园",
                         amount=300)
    stock.stock_in(r.district, r.quilt, 100, by=c.d1_admin, on=date(2026, 2, 1))
    sent = transfers.ship(transfers.allocate(r.district, r.town, [(r.quilt, 40)], by=c.d1_admin), by=c.d1_admin,
                          on=date(2026, 2, 5))
    transfers.receive(sent, by=c.t1_staff, received={}, on=date(2026, 2, 6))
    stock.distribute(r.town, r.quilt, 30, by=c.t1_staff, households=30, on=date(2026, 3, 1))
    stock.distribute(r.district, r.quilt, 10, by=c.d1_admin, households=8, on=date(2026, 4, 1))

    march = figures.yearly(c.d1, 2026, date(2026, 3, 31))
    assert (march["donations"], march["money"], march["used_money"], march["households"]) == (1, 800, 300, 30)
    # the district's 40 sent to its town moved inside the district's subtree: counted in once
    assert [(i["name"], i["received"], i["distributed"]) for i in march["items"]] == [("棉被", 100, 30)]
    april = figures.yearly(c.d1, 2026, date(2026, 4, 30))
    assert april["households"] == 38 and april["items"][0]["distributed"] == 40
    town = figures.yearly(c.t1, 2026, date(2026, 4, 30))
    assert town["households"] == 30 and town["donations"] == 0
    assert town["items"][0]["received"] == 40  # from the district above: new stock of the town's subtree


def test_the_statistics_page_shows_the_figures_of_the_chosen_org(cast, depot, login):
    stock.stock_in(depot.town, depot.quilt, 12, by=cast.t1_staff, on=date(2026, 3, 1))
    page = login(cast.d1_admin).get(reverse("relief:statistics"),
                                    {"org": cast.t1.pk, "year": 2026, "on": "2026-03-31"}).content.decode()
    assert "莲花街道红十字会（含下级）" in page and ">12<" in page
