"""The relief journey: goods donated to the district, allocated to a town, confirmed by the town,
distributed to households; after a reviewer releases the month, the public disclosure page shows
the donation and where it went."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from relief import stock
from relief.models import Donation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_donated_quilts_reach_households_and_the_public_sees_where_they_went(cast, page, sign_in):
    today = timezone.localdate()
    depot = stock.create_warehouse(by=cast.d1_admin, org=cast.d1, name="雁江区救灾物资储备库")
    town = stock.create_warehouse(by=cast.t1_staff, org=cast.t1, name="莲花街道物资室")

    sign_in(cast.d1_admin)
    page.click("nav >> text=救灾与捐赠")
    page.click(".nav-tabs >> text=捐赠")
    page.click("text=登记捐赠")
    page.select_option("select[name=org]", str(cast.d1.pk))
    page.fill("input[name=received_on]", today.isoformat())
    page.select_option("select[name=donor_kind]", "organisation")
    page.fill("input[name=donor_name]", "雁江建材有限公司")
    page.select_option("select[name=kind]", "goods")
    page.fill("input[name=amount]", "6000")
    page.check("input[name=restricted]")
    page.fill("input[name=purpose]", "莲花街道冬季救助")
    page.select_option("select[name=warehouse]", str(depot.pk))
    page.fill("input[name=item_name]", "棉被")
    page.select_option("select[name=unit]", "床")
    page.fill("input[name=quantity]", "100")
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text(f"捐赠收据 {today.year}-000001")
    donation = Donation.objects.get()

    page.goto(f"/relief/warehouses/{depot.pk}/")
    expect(page.get_by_test_id("balances")).to_contain_text("100")
    page.click("text=调拨下级")
    page.select_option("select[name=other]", str(town.pk))
    page.select_option("select[name=item]", label="棉被（床）")
    page.fill("input[name=quantity]", "60")
    page.fill("input[name=purpose]", "冬季救助")
    page.click("button[type=submit]")
    page.get_by_role("button", name="发运").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("在途")
    number = page.locator("h1").inner_text().split()[1]

    page.goto(f"/relief/donations/{donation.pk}/")
    page.click("text=登记使用")
    page.select_option("select[name=kind]", "allocation")
    page.fill("input[name=destination]", "调拨莲花街道红十字会")
    page.select_option("select[name=item]", label="棉被（床）")
    page.fill("input[name=quantity]", "60")
    page.select_option("select[name=transfer]", label=number)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("uses")).to_contain_text("调拨莲花街道红十字会")

    page.context.clear_cookies()
    sign_in(cast.t1_staff)
    page.goto(f"/relief/warehouses/{town.pk}/")
    expect(page.get_by_test_id("balances")).to_contain_text("暂无库存记录")  # in transit: not here yet
    page.click(f"text={number}")
    page.click("text=收货确认")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("transfer-status")).to_have_text("已收货")
    page.goto(f"/relief/warehouses/{town.pk}/")
    expect(page.get_by_test_id("balances")).to_contain_text("60")
    page.click("text=发放给群众")
    page.select_option("select[name=item]", label="棉被（床）")
    page.fill("input[name=quantity]", "50")
    page.fill("input[name=households]", "50")
    page.fill("input[name=counterpart]", "博爱送万家·莲花社区")
    page.click("button[type=submit]")
    expect(page.get_by_test_id("balances")).to_contain_text("10")

    page.context.clear_cookies()
    page.goto(f"/disclosure/{cast.d1.pk}/{today.year}/{today.month}/")
    expect(page.locator("body")).to_contain_text("未找到")  # not released yet: 404
    sign_in(cast.d1_reviewer)
    page.click("nav >> text=救灾与捐赠")
    page.click(".nav-tabs >> text=捐赠公示")
    page.select_option("select[name=org]", str(cast.d1.pk))
    page.fill("input[name=year]", str(today.year))
    page.fill("input[name=month]", str(today.month))
    page.click("button:has-text('发布该月公示')")
    expect(page.locator("body")).to_contain_text(f"{today.year}年{today.month}月已公示")

    page.context.clear_cookies()
    page.goto("/disclosure/")
    page.click(f"text={today.year}年{today.month}月")
    received = page.get_by_test_id("received")
    expect(received).to_contain_text("雁江建材有限公司")
    expect(received).to_contain_text("棉被 100床")
    expect(received).to_contain_text("调拨莲花街道红十字会")
    expect(received).to_contain_text(number)
