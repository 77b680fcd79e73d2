"""A campaign through the browser: the district opens it, a town sees its countdown and the stage
it missed, shows red on the 督查 board, gets the daily reminder (and the district the report of
it), uploads what was missing, turns green, and its score keeps the deduction for the days it was
late."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.filings.conftest import PDF_BYTES
from tests.ui_text import english_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 900}


def no_english(page) -> None:
    found = english_in(page.content())
    assert found == [], f"{page.url}: {found}"


def test_district_opens_town_misses_files_and_keeps_the_deduction(cast, signed_in, settings):
    settings.PORTAL = {**settings.PORTAL, "CAMPAIGN_REMIND_DAYS": 7, "CAMPAIGN_ESCALATE_DAYS": 2}
    today = timezone.localdate()
    admin = signed_in(cast.d1_admin, SCREEN)
    admin.click("nav >> text=督查")
    admin.click("text=发起督查工作")
    no_english(admin)
    admin.fill("input[name=name]", "基层组织建设督查")
    admin.fill("input[name=starts_on]", (today - timedelta(days=20)).isoformat())
    admin.fill("input[name=ends_on]", (today + timedelta(days=30)).isoformat())
    admin.fill("input[name=stage_0_due_on]", (today - timedelta(days=2)).isoformat())
    admin.fill("input[name=stage_1_due_on]", (today + timedelta(days=20)).isoformat())
    for row in (2, 3):  # seed 000 has four stages; this campaign keeps two
        admin.fill(f"input[name=stage_{row}_name]", "")
    admin.click("button:has-text('发起')")
    expect(admin.locator("h1")).to_contain_text("基层组织建设督查 · 督查表")
    town_row = admin.locator("tr[data-unit='莲花街道红十字会']")
    expect(town_row.locator("td[data-state=late]")).to_have_class("table-danger")
    expect(town_row.locator("td[data-state=late]")).to_have_text("超期 2 天")
    no_english(admin)

    town = signed_in(cast.t1_staff, SCREEN)
    countdown = town.locator("[data-testid=countdown]")
    expect(countdown).to_contain_text("组织实施")
    expect(countdown).to_contain_text("还剩 20 天")
    expect(countdown.locator("li[data-state=late]")).to_contain_text("宣传发动")
    no_english(town)

    call_command("remind_campaigns")  # the daily cron run
    town.goto("/notifications/")
    reminder = town.locator("[data-testid=notification]", has_text="督查提醒")
    expect(reminder).to_contain_text("基层组织建设督查“宣传发动”已超期 2 天")
    no_english(town)
    reminder.locator("button").click()
    expect(town).to_have_url(re.compile(rf"/campaigns/unit/{cast.t1.pk}/$"))
    admin.goto("/notifications/")
    report = admin.locator("[data-testid=notification]", has_text="督查超期报告")
    expect(report.first).to_contain_text("在“基层组织建设督查”中已超期 2 天，请督促")
    admin.go_back()

    town.goto("/")
    town.click("text=上传人选推荐名单")
    town.select_option("select[name=kind]", "candidates")
    town.set_input_files("input[type=file]", files=[{"name": "推荐名单.pdf", "buffer": PDF_BYTES,
                                                     "mimeType": "application/pdf"}])
    town.click("button:has-text('保存')")
    expect(town.locator(".alert-success")).to_contain_text("已保存")
    town.goto("/")
    expect(countdown.locator("li[data-state=done_late]")).to_contain_text("超期 2 天完成")
    expect(town.locator("[data-testid=unit-score]")).to_have_text("94")

    admin.reload()
    cell = town_row.locator("td[data-state=done_late]")
    expect(cell).to_have_class("table-success")
    expect(town_row.locator("[data-testid=score]")).to_have_text("94")
    expect(town_row).to_contain_text("宣传发动超期完成 2 天：扣 5 分，另 1 周 × 1 分，共扣 6 分")
