"""The statistics page and workbook (reports) carry relief's yearly figures through the section
registry, and they equal relief's own figures page for the same org and date."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from relief import donations, stock, transfers

pytestmark = pytest.mark.django_db

CELL = re.compile(r'<td class="text-end">([^<]*)</td>')


def _numbers(cells):
    return [Decimal(str(c)) for c in cells]


def _relief_page(client, org, on):
    page = client.get(reverse("relief:statistics"), {"org": org.pk, "year": on.year, "on": on.isoformat()})
    html = page.content.decode()
    figures, items = html.split('data-testid="figures"')[1], html.split('data-testid="items"')[1].split("</table>")[0]
    return _numbers(CELL.findall(figures.split("</table>")[0]) + CELL.findall(items))


def _stats_page(client, org, on):
    html = client.get(reverse("reports:statistics"),
                      {"org": org.pk, "as_of": on.isoformat(), "base_year": "2020"}).content.decode()
    assert "救灾物资与捐赠年度统计" in html
    table = html.split('data-testid="section-1"')[1].split("</table>")[0]
    return _numbers(CELL.findall(table))


def _workbook(client, org, on):
    response = client.get(reverse("reports:export"), {"org": org.pk, "as_of": on.isoformat(), "base_year": "2020"})
    sheet = load_workbook(BytesIO(response.content))["救灾物资与捐赠"]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[:3] == ("项目", "单位", "数值"))
    return _numbers(row[2] for row in rows[header + 1:] if row[0])


def test_page_and_workbook_equal_reliefs_own_figures_as_of_two_dates(cast, depot, login):
    c, r = cast, depot
    gift = donations.receive_donation(by=c.d1_admin, org=c.d1, received_on=date(2026, 2, 1), donor_kind="person",
                                      donor_name="王建华", kind="money", amount=800, restricted=True,
                                      purpose="博爱家园")
    donations.record_use(gift, by=c.d1_admin, used_on=date(2026, 3, 10), kind="project", destination="博爱家园",
                         amount=300)
    stock.stock_in(r.district, r.quilt, 100, by=c.d1_admin, on=date(2026, 2, 1))
    stock.stock_in(r.town, r.water, 20, by=c.t1_staff, on=date(2026, 2, 3), expires_on=date(2027, 2, 3))
    sent = transfers.ship(transfers.allocate(r.district, r.town, [(r.quilt, 40)], by=c.d1_admin), by=c.d1_admin,
                          on=date(2026, 2, 5))
    transfers.receive(sent, by=c.t1_staff, received={}, on=date(2026, 2, 6))
    stock.distribute(r.town, r.quilt, 30, by=c.t1_staff, households=30, on=date(2026, 3, 1))
    stock.distribute(r.district, r.quilt, 10, by=c.d1_admin, households=8, on=date(2026, 4, 1))
    client = login(c.d1_admin)
    seen = []
    for org, on in [(c.d1, date(2026, 2, 15)), (c.d1, date(2026, 4, 30)), (c.t1, date(2026, 4, 30))]:
        own = _relief_page(client, org, on)
        assert _stats_page(client, org, on) == own
        assert _workbook(client, org, on) == own
        seen.append(own)
    # the figures move with the date and the org: households helped (6th line) 0, 38, 30; used money 0, 300, 0
    assert [s[5] for s in seen] == [0, 38, 30] and [s[4] for s in seen] == [0, 300, 0]
