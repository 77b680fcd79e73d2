"""The notices journey: 雁江区 publishes a notice with an attachment and a required reply to its
towns; 莲花街道 sees the badge, reads it and replies with a file; the district's receipt table
shows it replied and the other town unread; a reminder reaches the town that has not replied."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from tests.filings.conftest import PDF_BYTES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_district_publishes_town_replies_district_reminds(cast, page, sign_in, tmp_path):
    attachment = tmp_path / "建设情况统计表.pdf"
    attachment.write_bytes(PDF_BYTES)
    reply_file = tmp_path / "莲花街道回执.pdf"
    reply_file.write_bytes(PDF_BYTES)

    sign_in(cast.d1_reviewer)
    page.click("nav >> text=通知公文")
    page.click("text=发布通知")
    page.fill("input[name=title]", "关于报送基层组织建设情况的通知")
    page.fill("textarea[name=body]", "请各镇（街道）报送建设情况并填写回执。")
    page.check("input[name=levels][value=town]")
    page.set_input_files("input[name=files]", str(attachment))
    page.check("input[name=reply_required]")
    page.click("button:has-text('发布')")
    expect(page.locator("[data-testid=tally]")).to_contain_text("接收单位 2 个")

    page.context.clear_cookies()
    sign_in(cast.t1_staff)
    expect(page.locator("[data-testid=notice-badge]")).to_have_text("1")
    page.click("nav >> text=通知公文")
    page.click("text=关于报送基层组织建设情况的通知")
    expect(page.locator("body")).to_contain_text("请各镇（街道）报送建设情况")
    expect(page.locator("a", has_text="建设情况统计表.pdf")).to_be_visible()
    expect(page.locator("[data-testid=notice-badge]")).to_have_count(0)
    page.fill("textarea[name=text]", "已按要求报送。")
    page.set_input_files("input[name=file]", str(reply_file))
    page.click("button:has-text('报送回执')")
    expect(page.locator("[data-testid=own-receipt]")).to_contain_text("已回执")
    expect(page.locator("[data-testid=own-receipt]")).to_contain_text("莲花街道回执.pdf")

    page.context.clear_cookies()
    sign_in(cast.d1_reviewer)
    page.click("nav >> text=通知公文")
    page.click("text=发出的")
    page.click("text=关于报送基层组织建设情况的通知")
    expect(page.locator("tr", has_text="莲花街道红十字会")).to_contain_text("已回执")
    expect(page.locator("tr", has_text="宝台镇红十字会")).to_contain_text("未读")
    page.click("button:has-text('提醒未回执单位')")
    expect(page.locator("body")).to_contain_text("已向 1 个单位发出提醒")
    assert list(Notification.objects.filter(reason="notice.reminder").values_list("user__username", flat=True)) == [
        "t2_staff"]
