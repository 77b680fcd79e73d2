"""The stock ledger: balances as of a date equal a hand sum, stock-outs never take a balance below
zero (also back-dated), stocktake corrections with a reason, minimums and expiry on the warehouse."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relief import stock
from relief.models import Move, MoveKind

pytestmark = pytest.mark.django_db


def test_balance_as_of_two_dates_equals_a_hand_sum(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 100, by=c.d1_admin, on=date(2026, 1, 5))
    stock.distribute(r.district, r.quilt, 30, by=c.d1_admin, households=30, on=date(2026, 1, 20))
    stock.stock_in(r.district, r.quilt, "12.5", by=c.d1_admin, on=date(2026, 2, 2))
    stock.adjust(r.district, r.quilt, 80, by=c.d1_admin, reason="damaged", on=date(2026, 2, 10))
    assert stock.balance(r.district, r.quilt, date(2026, 1, 31)) == 100 - 30
    assert stock.balance(r.district, r.quilt, date(2026, 2, 5)) == Decimal("82.5")
    assert stock.balance(r.district, r.quilt, date(2026, 2, 28)) == 80
    assert stock.balance(r.district, r.quilt, date(2025, 12, 31)) == 0
    rows = stock.card(r.district, r.quilt)
    assert [row["balance"] for row in rows] == [100, 70, Decimal("82.5"), 80]
    assert rows[-1]["move"].reason == "damaged" and rows[-1]["move"].quantity == Decimal("-2.5")


def test_a_stock_out_larger_than_the_balance_is_refused_in_chinese_and_writes_nothing(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 10, by=c.d1_admin, on=r.day)
    with pytest.raises(ValidationError) as refused:
        stock.distribute(r.district, r.quilt, 11, by=c.d1_admin, households=5, on=r.day)
    assert "库存只有 10床" in refused.value.message_dict["quantity"][0]
    assert Move.objects.count() == 1 and stock.balance(r.district, r.quilt) == 10


def test_a_back_dated_stock_out_may_not_empty_a_later_day(cast, depot):
    """30 in on 1 March, 25 out on 10 March: a 10-out dated 5 March would leave −5 on 10 March."""
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 30, by=c.d1_admin, on=date(2026, 3, 1))
    stock.distribute(r.district, r.quilt, 25, by=c.d1_admin, households=25, on=date(2026, 3, 10))
    with pytest.raises(ValidationError):
        stock.distribute(r.district, r.quilt, 10, by=c.d1_admin, households=10, on=date(2026, 3, 5))
    stock.distribute(r.district, r.quilt, 5, by=c.d1_admin, households=5, on=date(2026, 3, 5))
    assert stock.balance(r.district, r.quilt) == 0


@pytest.mark.parametrize("bad, message", [(-3, "数量须大于零。"), (0, "数量须大于零。"), ("abc", "请填写数量。"),
                                          ("1.234", "数量最多保留两位小数。"), ("NaN", "数量须大于零。")])
def test_bad_quantities_get_a_chinese_message(cast, depot, bad, message):
    with pytest.raises(ValidationError) as refused:
        stock.stock_in(depot.district, depot.quilt, bad, by=cast.d1_admin, on=depot.day)
    assert refused.value.message_dict["quantity"] == [message]
    assert not Move.objects.exists()


def test_an_unknown_unit_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        stock.item_named("帐篷", "只只")
    assert "计量单位“只只”不在目录中" in refused.value.message_dict["unit"][0]


def test_stocktake_corrects_down_to_zero_but_needs_a_reason_from_the_list(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 4, by=c.d1_admin, on=r.day)
    with pytest.raises(ValidationError) as refused:
        stock.adjust(r.district, r.quilt, 0, by=c.d1_admin, reason="because", on=r.day)
    assert refused.value.message_dict["reason"] == ["请从列表中选择调整原因。"]
    with pytest.raises(ValidationError):
        stock.adjust(r.district, r.quilt, -1, by=c.d1_admin, reason="lost", on=r.day)
    stock.adjust(r.district, r.quilt, 0, by=c.d1_admin, reason="lost", on=r.day)
    assert stock.balance(r.district, r.quilt) == 0


def test_below_minimum_and_expiring_soon_are_listed(cast, depot):
    c, r = cast, depot
    today = timezone.localdate()
    stock.stock_in(r.district, r.quilt, 5, by=c.d1_admin, on=today)
    stock.set_minimum(r.district, r.quilt, 20, by=c.d1_admin)
    stock.stock_in(r.district, r.water, 8, by=c.d1_admin, on=today, expires_on=today + timedelta(days=10))
    stock.stock_in(r.district, r.water, 8, by=c.d1_admin, on=today, expires_on=today + timedelta(days=300))
    low = stock.below_minimum(r.district)
    assert [(row["item"].name, row["balance"]) for row in low] == [("棉被", 5)]
    assert [b.expires_on for b in stock.expiring(r.district)] == [today + timedelta(days=10)]
    with pytest.raises(ValidationError) as refused:
        stock.stock_in(r.district, r.water, 1, by=c.d1_admin, on=today)
    assert "请填写有效期" in refused.value.message_dict["expires_on"][0]


def test_staff_of_another_town_cannot_write_to_this_warehouse(cast, depot):
    from django.http import Http404

    with pytest.raises(Http404):
        stock.stock_in(depot.town, depot.quilt, 1, by=cast.t2_staff, on=depot.day)
    assert not Move.objects.filter(kind=MoveKind.PURCHASE_IN).exists()
