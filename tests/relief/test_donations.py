"""Donations: receipt numbers per body and year without gaps, voids keep number and reason, goods
go into stock, and the uses of a donation never exceed it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from orgs.models import AuditEvent
from relief import donations, stock
from relief.models import Donation, DonationUse, Move
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def give(c, org=None, by=None, **extra):
    values = {"received_on": date(2026, 3, 1), "donor_kind": "person", "donor_name": "王建华", "kind": "money",
              "amount": 1000}
    return donations.receive_donation(by=by or c.d1_admin, org=org or c.d1, **{**values, **extra})


def test_receipt_numbers_run_without_gaps_per_body_and_year_and_a_void_keeps_its_number(cast):
    c = cast
    first, second = give(c), give(c)
    donations.void(second, by=c.d1_admin, reason="金额登记错误")
    third = give(c)
    other_body = give(c, org=c.d2, by=make_user("d2_admin", c.d2, "admin"))
    next_year = give(c, received_on=date(2025, 12, 31))
    assert [d.number for d in (first, second, third)] == ["2026-000001", "2026-000002", "2026-000003"]
    assert other_body.number == "2026-000001" and next_year.number == "2025-000001"
    voided = Donation.objects.get(pk=second.pk)
    assert voided.voided_at and voided.void_reason == "金额登记错误" and voided.number == "2026-000002"
    assert AuditEvent.objects.filter(action="relief.donation_voided").count() == 1


def test_a_reprint_keeps_the_number(cast):
    donation = give(cast)
    again = donations.printed(donations.printed(donation, by=cast.d1_admin), by=cast.d1_admin)
    assert again.number == donation.number and Donation.objects.get(pk=donation.pk).printed == 2


def test_goods_received_go_into_stock_through_the_ledger(cast, depot):
    donation = give(cast, kind="goods", amount=6000, goods=[(depot.quilt, 100, None)], warehouse=depot.district,
                    donor_kind="organisation", donor_name="雁江建材有限公司")
    assert stock.balance(depot.district, depot.quilt) == 100
    assert Move.objects.get().donation == donation


def test_uses_never_add_up_to_more_than_the_donation(cast):
    c = cast
    donation = give(c, restricted=True, purpose="莲花街道困难家庭")
    donations.record_use(donation, by=c.d1_admin, used_on=date(2026, 3, 5), kind="distribution",
                         destination="莲花街道困难家庭慰问金", amount=600)
    with pytest.raises(ValidationError) as refused:
        donations.record_use(donation, by=c.d1_admin, used_on=date(2026, 3, 6), kind="project",
                             destination="博爱家园", amount="400.01")
    assert refused.value.message_dict["amount"] == [
        "使用金额超过捐赠余额：捐赠 1000.00 元，已使用 600.00 元，剩余 400.00 元。"]
    donations.record_use(donation, by=c.d1_admin, used_on=date(2026, 3, 6), kind="project", destination="博爱家园",
                         amount=400)
    assert sum(u.amount for u in DonationUse.objects.all()) == Decimal("1000")


def test_goods_uses_count_by_item(cast, depot):
    c = cast
    donation = give(c, kind="goods", amount=0, goods=[(depot.quilt, 10, None)], warehouse=depot.district,
                    restricted=True, purpose="冬季救助")
    with pytest.raises(ValidationError) as refused:
        donations.record_use(donation, by=c.d1_admin, used_on=date(2026, 3, 2), kind="allocation",
                             destination="调拨至莲花街道", item=depot.quilt, quantity=11)
    assert "使用数量超过捐赠数量" in refused.value.message_dict["quantity"][0]
    with pytest.raises(ValidationError):
        donations.record_use(donation, by=c.d1_admin, used_on=date(2026, 3, 2), kind="allocation",
                             destination="调拨至莲花街道", item=depot.water, quantity=1)


@pytest.mark.parametrize("field, values", [
    ("amount", {"amount": -5}), ("amount", {"amount": 0}), ("donor_name", {"donor_name": "  "}),
    ("purpose", {"restricted": True, "purpose": ""}), ("received_on", {"received_on": date(2099, 1, 1)}),
    ("goods", {"kind": "goods"}),
])
def test_bad_donations_are_refused_in_chinese_and_take_no_number(cast, field, values):
    with pytest.raises(ValidationError) as refused:
        give(cast, **values)
    assert field in refused.value.message_dict
    assert not Donation.objects.exists()
    assert give(cast).serial == 1  # the refused one used no number


def test_only_bodies_receive_donations_and_a_voided_receipt_takes_no_uses(cast):
    with pytest.raises(ValidationError):
        give(cast, org=cast.t1, by=cast.t1_staff)
    donation = donations.void(give(cast), by=cast.d1_admin, reason="重复登记作废")
    with pytest.raises(ValidationError):
        donations.record_use(donation, by=cast.d1_admin, used_on=date(2026, 3, 2), kind="project",
                             destination="博爱家园", amount=1)


def test_a_month_is_released_once_and_not_in_the_future(cast):
    donations.release_month(cast.d1, 2026, 3, by=cast.d1_reviewer)
    with pytest.raises(ValidationError):
        donations.release_month(cast.d1, 2026, 3, by=cast.d1_reviewer)
    with pytest.raises(ValidationError):
        donations.release_month(cast.d1, 2099, 1, by=cast.d1_reviewer)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # the district's own staff keep the books; reviewers release
        donations.release_month(cast.d1, 2026, 2, by=make_user("d1_staff", cast.d1, "staff"))
