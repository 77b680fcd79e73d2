"""调拨: a transfer appears at the receiver only after the receiving side confirms it, with short
and damaged quantities recorded; a child's request is approved before it ships."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relief import stock, transfers
from relief.models import NEXT, TransferEvent, TransferStatus

pytestmark = pytest.mark.django_db


def test_goods_reach_the_town_only_after_it_confirms_receipt(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 50, by=c.d1_admin, on=date(2026, 3, 1))
    transfer = transfers.allocate(r.district, r.town, [(r.quilt, 20)], by=c.d1_admin, purpose="冬季救助")
    transfers.ship(transfer, by=c.d1_admin, on=date(2026, 3, 2))
    assert stock.balance(r.district, r.quilt) == 30
    assert stock.balance(r.town, r.quilt) == 0  # in transit: nobody's stock
    assert [line.quantity for line in transfers.in_transit(r.town)] == [20]
    line = transfer.lines.get()
    transfers.receive(transfer, by=c.t1_staff, received={line.pk: 19}, damaged={line.pk: 1}, on=date(2026, 3, 3),
                      note="短少1床，破损1床")
    assert stock.balance(r.town, r.quilt, date(2026, 3, 2)) == 0
    assert stock.balance(r.town, r.quilt, date(2026, 3, 3)) == 18
    line.refresh_from_db()
    assert (line.received, line.damaged) == (19, 1)
    assert transfers.in_transit(r.town) == []


def test_only_the_receiving_side_confirms(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 5, by=c.d1_admin, on=date(2026, 3, 1))
    transfer = transfers.ship(transfers.allocate(r.district, r.town, [(r.quilt, 5)], by=c.d1_admin), by=c.d1_admin)
    from django.http import Http404

    with pytest.raises(Http404):
        transfers.receive(transfer, by=c.t2_staff, received={})
    with pytest.raises(PermissionDenied):
        transfers.receive(transfer, by=c.d1_reviewer, received={})


def test_a_request_from_the_town_is_approved_committing_the_goods_then_shipped(cast, depot):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 5, by=c.d1_admin, on=date(2026, 3, 1))
    asked = transfers.request(r.district, r.town, [(r.quilt, 8)], by=c.t1_staff, purpose="受灾群众安置")
    assert asked.status == TransferStatus.REQUESTED
    with pytest.raises(ValidationError):
        transfers.ship(asked, by=c.d1_admin)  # not approved yet
    with pytest.raises(ValidationError) as refused:
        transfers.approve(asked, by=c.d1_admin)  # only 5 in stock: an approval commits goods
    assert "可调拨数量只有 5床" in str(refused.value)
    asked.refresh_from_db()
    assert asked.status == TransferStatus.REQUESTED
    stock.stock_in(r.district, r.quilt, 5, by=c.d1_admin, on=date(2026, 3, 1))
    approved = transfers.approve(asked, by=c.d1_admin)
    with pytest.raises(ValidationError) as refused:  # the 8 are kept for the town's waybill
        stock.distribute(r.district, r.quilt, 3, by=c.d1_admin, households=3, on=date(2026, 3, 2))
    assert "已扣除已批准待发运的数量" in refused.value.message_dict["quantity"][0]
    stock.distribute(r.district, r.quilt, 2, by=c.d1_admin, households=2, on=date(2026, 3, 2))
    transfers.ship(approved, by=c.d1_admin, on=date(2026, 3, 3))
    assert stock.balance(r.district, r.quilt) == 0 and stock.committed(r.district, r.quilt) == 0


def test_a_town_cannot_request_from_a_sibling(cast, depot):
    other = stock.create_warehouse(by=cast.t2_staff, org=cast.t2, name="宝台镇物资室")
    with pytest.raises(ValidationError):
        transfers.request(other, depot.town, [(depot.quilt, 1)], by=cast.t1_staff)


@pytest.mark.parametrize("old", list(TransferStatus))
@pytest.mark.parametrize("new", list(TransferStatus))
def test_the_mover_allows_exactly_the_moves_of_the_table(cast, depot, old, new):
    c, r = cast, depot
    stock.stock_in(r.district, r.quilt, 1, by=c.d1_admin, on=date(2026, 3, 1))
    transfer = transfers.allocate(r.district, r.town, [(r.quilt, 1)], by=c.d1_admin)
    type(transfer).objects.filter(pk=transfer.pk).update(status=old)  # the table is under test, not the path
    events = TransferEvent.objects.count()
    if new in NEXT[old]:
        assert transfers._move(transfer, new, by=c.d1_admin).status == new
        assert TransferEvent.objects.count() == events + 1
    else:
        with pytest.raises(transfers.IllegalMove):
            transfers._move(transfer, new, by=c.d1_admin)
        assert TransferEvent.objects.count() == events
