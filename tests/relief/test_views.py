"""The relief pages through the browser's path: bad input gets a Chinese message next to the field
and saves nothing; the receipt prints as a PDF with its number, its amount in capitals and a QR
check; the ledger exports to a workbook."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from relief import donations, stock
from relief.models import Donation, DonationUse, Move
from relief.receipt import capital

pytestmark = pytest.mark.django_db


def test_a_negative_quantity_is_refused_next_to_the_field(cast, depot, login):
    client = login(cast.t1_staff)
    response = client.post(reverse("relief:stock_in", args=[depot.town.pk]), {
        "item_name": "棉被", "unit": "床", "quantity": "-5", "kind": "purchase_in", "on": "2026-03-01"})
    assert response.status_code == 200 and "数量须大于零。" in response.content.decode()
    assert not Move.objects.exists()


def test_an_unknown_unit_is_refused_next_to_the_field(cast, depot, login):
    client = login(cast.t1_staff)
    response = client.post(reverse("relief:stock_in", args=[depot.town.pk]), {
        "item_name": "帐篷", "unit": "顶顶", "quantity": "5", "kind": "purchase_in", "on": "2026-03-01"})
    assert response.status_code == 200 and "顶顶" in response.content.decode()
    assert "选择一个有效的选项" in response.content.decode() or "不在目录中" in response.content.decode()
    assert not Move.objects.exists()


def test_a_use_larger_than_the_donation_is_refused_and_nothing_is_saved(cast, login):
    c = cast
    donation = donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2026, 3, 1),
                                          donor_kind="person", donor_name="王建华", kind="money", amount=300,
                                          restricted=True, purpose="博爱家园")
    response = login(c.d1_admin).post(reverse("relief:donation_use", args=[donation.pk]), {
        "used_on": "2026-03-02", "kind": "project", "destination": "博爱家园", "amount": "300.50"})
    assert response.status_code == 200 and "使用金额超过捐赠余额" in response.content.decode()
    assert not DonationUse.objects.exists()


def test_a_goods_donation_by_form_enters_stock_and_takes_a_receipt_number(cast, depot, login):
    response = login(cast.d1_admin).post(reverse("relief:donation_create"), {
        "org": cast.d1.pk, "received_on": "2026-03-01", "donor_kind": "organisation", "donor_name": "雁江建材有限公司",
        "kind": "goods", "amount": "6000", "warehouse": depot.district.pk, "item_name": "棉被", "unit": "床",
        "quantity": "100"})
    donation = Donation.objects.get()
    assert response.status_code == 302 and donation.number == "2026-000001"
    assert stock.balance(depot.district, depot.quilt) == 100


def test_the_receipt_pdf_carries_number_capitals_and_a_qr_check(cast, login):
    import subprocess

    donation = donations.receive_donation(by=cast.d1_admin, org=cast.d1, received_on=date(2026, 3, 1),
                                          donor_kind="person", donor_name="王建华", kind="money", amount="1234.5")
    response = login(cast.d1_admin).get(reverse("relief:receipt", args=[donation.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert "2026-000001" in text and "壹仟贰佰叁拾肆元伍角整" in text and "扫码核验" in text
    login(cast.d1_admin).get(reverse("relief:receipt", args=[donation.pk]))
    assert Donation.objects.get().printed == 2 and Donation.objects.get().number == "2026-000001"


@pytest.mark.parametrize("amount, words", [(1000, "壹仟元整"), (10005, "壹万零伍元整"), ("0.05", "伍分"),
                                           ("1.05", "壹元零伍分"), (0, "零元整"),
                                           ("100000000.1", "壹亿元壹角整"), (1010, "壹仟零壹拾元整")])
def test_amounts_in_capitals(amount, words):
    from decimal import Decimal

    assert capital(Decimal(str(amount))) == words


def test_the_ledger_exports_with_balances(cast, depot, login):
    stock.stock_in(depot.town, depot.quilt, 12, by=cast.t1_staff, on=date(2026, 3, 1))
    stock.distribute(depot.town, depot.quilt, 2, by=cast.t1_staff, households=2, on=date(2026, 3, 2),
                     counterpart="=HYPERLINK(\"x\")")
    response = login(cast.t1_staff).post(reverse("relief:ledger_export", args=[depot.town.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ledger = [r for r in book["出入库台账"].iter_rows(values_only=True) if r[1] == "棉被"]
    assert [r[4] for r in ledger] == [12, -2]
    assert ledger[1][5].startswith("'=")
    assert [r for r in book["库存"].iter_rows(values_only=True) if r[0] == "棉被"][0][2] == 10


def test_the_warehouse_page_shows_balances_as_of_a_date(cast, depot, login):
    stock.stock_in(depot.town, depot.quilt, 12, by=cast.t1_staff, on=date(2026, 3, 1))
    stock.stock_in(depot.town, depot.quilt, 8, by=cast.t1_staff, on=date(2026, 3, 5))
    client = login(cast.t1_staff)
    page = client.get(reverse("relief:warehouse", args=[depot.town.pk]), {"on": "2026-03-02"}).content.decode()
    assert ">12<" in page and ">20<" not in page
    card = client.get(reverse("relief:card", args=[depot.town.pk, depot.quilt.pk])).content.decode()
    assert ">12<" in card and ">20<" in card
