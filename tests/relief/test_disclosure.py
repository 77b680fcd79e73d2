"""/disclosure/: released months only (404 otherwise), anonymous donors as 爱心人士, no contact
data or beneficiary names, a fixed number of queries, and cacheable by the public."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relief import donations, transfers

pytestmark = pytest.mark.django_db


def give(c, **extra):
    values = {"received_on": date(2026, 3, 1), "donor_kind": "person", "donor_name": "王建华", "kind": "money",
              "amount": 1000}
    return donations.receive_donation(by=c.d1_admin, org=c.d1, **{**values, **extra})


def url(c, month=3):
    return reverse("disclosure:month", args=[c.d1.pk, 2026, month])


def test_an_unreleased_month_is_404_and_a_released_one_shows_anonymous_donors_as_aixinrenshi(cast):
    c = cast
    give(c, donor_name="李秀英", anonymous=True)
    give(c, donor_name="雁江建材有限公司", donor_kind="organisation")
    assert Client().get(url(c)).status_code == 404
    donations.release_month(c.d1, 2026, 3, by=c.d1_reviewer)
    page = Client().get(url(c))
    text = page.content.decode()
    assert page.status_code == 200
    assert "爱心人士" in text and "李秀英" not in text and "雁江建材有限公司" in text
    assert Client().get(url(c, month=4)).status_code == 404
    assert Client().get(reverse("disclosure:month", args=[c.d1.pk, 2026, 13])).status_code == 404


def test_a_voided_receipt_is_not_disclosed(cast):
    c = cast
    donations.void(give(c, donor_name="重复登记人"), by=c.d1_admin, reason="重复登记作废")
    donations.release_month(c.d1, 2026, 3, by=c.d1_reviewer)
    assert "重复登记人" not in Client().get(url(c)).content.decode()


def test_a_restricted_gift_of_goods_is_traced_to_the_town_and_the_households(cast, depot):
    c, r = cast, depot
    gift = give(c, kind="goods", amount=8000, goods=[(r.quilt, 40, None)], warehouse=r.district, restricted=True,
                purpose="莲花街道冬季救助")
    transfer = transfers.ship(transfers.allocate(r.district, r.town, [(r.quilt, 40)], by=c.d1_admin),
                              by=c.d1_admin, on=date(2026, 3, 3))
    donations.record_use(gift, by=c.d1_admin, used_on=date(2026, 3, 3), kind="allocation",
                         destination="调拨莲花街道红十字会", item=r.quilt, quantity=40, transfer=transfer)
    donations.release_month(c.d1, 2026, 3, by=c.d1_reviewer)
    text = Client().get(url(c)).content.decode()
    assert "调拨莲花街道红十字会" in text and transfer.number in text and "棉被 40床" in text


def test_the_month_page_takes_the_same_queries_for_one_donation_or_ten(cast, depot):
    c = cast
    counts = []
    for month, n in ((1, 1), (2, 10)):
        for i in range(n):
            d = give(c, received_on=date(2026, month, 1 + i), restricted=True, purpose="博爱家园")
            donations.record_use(d, by=c.d1_admin, used_on=date(2026, month, 20), kind="project",
                                 destination=f"博爱家园项目{i}", amount=100)
        gift = give(c, received_on=date(2026, month, 15), kind="goods", amount=500,
                    goods=[(depot.quilt, 5, None)], warehouse=depot.district)
        assert gift
        donations.release_month(c.d1, 2026, month, by=c.d1_reviewer)
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(url(c, month)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_page_is_public_and_cacheable(cast):
    c = cast
    give(c)
    donations.release_month(c.d1, 2026, 3, by=c.d1_reviewer)
    page = Client().get(url(c))
    assert "public" in page["Cache-Control"] and "max-age=300" in page["Cache-Control"]
    assert "csrfmiddlewaretoken" not in page.content.decode()
    index = Client().get(reverse("disclosure:index")).content.decode()
    assert url(c) in index and "2026年3月" in index


def test_the_receipt_check_page_says_whether_a_receipt_stands(cast):
    c = cast
    donation = give(c, donor_name="李秀英", anonymous=True)
    check = reverse("disclosure:receipt", args=[donation.token])
    text = Client().get(check).content.decode()
    assert "真实有效" in text and "爱心人士" in text and "李秀英" not in text
    donations.void(donation, by=c.d1_admin, reason="金额登记错误")
    assert "已作废" in Client().get(check).content.decode()
    assert Client().get(reverse("disclosure:receipt", args=["guess"])).status_code == 404
