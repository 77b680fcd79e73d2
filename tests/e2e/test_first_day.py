"""A new user's first day, through the browser, where the earlier journeys do not already go:
a township clerk imports members with the template exactly as the portal hands it out (a youth
member without a phone among them), a bad file is refused row by row with nothing saved, and a
district admin re-issues a filed PDF whose old verification page then says it was superseded.
Every page on the way is read for English (the whole matrix is read without a browser in
tests/test_no_english.py; this reads what the browser shows after its scripts ran)."""

import io
import re
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from filings import stamping, uploads, workflow
from filings.models import Filing, Status
from members.models import Kind, Member
from tests.e2e.test_filing_journey import a_scan, seal_image
from tests.members.factories import bad_check, make_id
from tests.ui_text import english_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1280, "height": 900}


def no_english(page) -> None:
    found = english_in(page.content())
    assert found == [], f"{page.url}: {found}"


def _filled_template(template: bytes, rows: list[list]) -> bytes:
    """The clerk's work in a spreadsheet program: rows typed under the template's header."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    header = next(r for r in range(1, 15) if sheet.cell(r, 1).value == "会员类别")
    for offset, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(header + offset, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, name: str, data: bytes, button: str) -> None:
    page.set_input_files("input[type=file]", files=[{
        "name": name, "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.click(f"button:has-text('{button}')")


def test_clerk_imports_members_with_the_template_as_supplied(cast, signed_in):
    page = signed_in(cast.t1_staff, SCREEN)
    page.click("nav >> text=会员")
    page.click("a:has-text('Excel 导入')")
    no_english(page)
    with page.expect_download() as download:
        page.click("text=下载导入模板（.xlsx）")
    template = open(download.value.path(), "rb").read()

    bad = _filled_template(template, [
        ["成人会员", "测试甲", make_id(seq=401), "13800000401", "否"],
        ["成人会员", "测试乙", bad_check(make_id(seq=402)), "13800000402", "否"],
    ])
    _upload(page, "会员.xlsx", bad, "检查并导入")
    expect(page.locator("main")).to_contain_text("1 行有误")
    expect(page.locator("main table")).to_contain_text("校验位")
    expect(page.locator("a:has-text('下载有误的行')")).to_be_visible()
    no_english(page)
    assert not Member.objects.exists()  # one bad row: nothing saved

    good = _filled_template(template, [
        ["成人会员", "测试甲", make_id(seq=401), "13800000401", "否"],
        ["青少年会员", "测试丙", make_id(born=date(2013, 3, 3), seq=403), None, "是"],  # no phone of their own
    ])
    _upload(page, "会员.xlsx", good, "预览检查")
    expect(page.locator("main")).to_contain_text("全部无误")
    _upload(page, "会员.xlsx", good, "检查并导入")
    expect(page.locator(".alert-success")).to_contain_text("已导入 2 名会员")
    expect(page.locator("main table")).to_contain_text("测试丙")
    no_english(page)
    youth = Member.objects.get(name="测试丙")
    assert youth.org == cast.t1 and youth.kind == Kind.YOUTH and youth.phone == ""  # the clerk's own org


def _filed(cast) -> Filing:
    """莲花街道's filing, filed with the district's first seal, its PDF of record made."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    filing = workflow.start_filing(cast.t1, by=cast.t1_staff)
    workflow.save_filing(filing, by=cast.t1_staff, host_unit="莲花街道办事处", address="示例路1号",
                         unit_head="张测试", leader_name="李测试", leader_phone="0832-1234567",
                         founded_on=date(2022, 10, 20), member_count=60, contact1_name="王测试",
                         contact1_phone="13800000002", host_profile="莲花街道位于城区东部。",
                         host_profile_sealed_on=date(2022, 10, 21), party_opinion="同意成立。",
                         party_opinion_sealed_on=date(2022, 10, 21))
    for kind in ("election", "signed_scan"):
        uploads.add_attachment(Filing.objects.get(pk=filing.pk), kind=kind, by=cast.t1_staff,
                               upload=SimpleUploadedFile(f"{kind}.pdf", a_scan(kind), "application/pdf"))
    workflow.submit_filing(Filing.objects.get(pk=filing.pk), by=cast.t1_staff)
    uploads.set_seal(cast.d1, upload=seal_image(), by=cast.d1_admin)
    filed = workflow.approve_filing(Filing.objects.get(pk=filing.pk), by=cast.d1_reviewer)
    return stamping.stamp(filed)


def test_admin_reissues_a_filed_pdf_and_the_old_one_says_superseded(cast, signed_in, browser, live_server):
    filing = _filed(cast)
    old_token, old_hash = filing.token, filing.pdf_sha256
    assert filing.status == Status.FILED and old_hash

    admin = signed_in(cast.d1_admin, SCREEN)
    admin.goto(f"/filings/{filing.pk}/")
    no_english(admin)
    admin.fill("#id_reissue_reason", "更换电子印章")
    admin.click("#reissue-form button[type=submit]")
    expect(admin.locator(".alert-success")).to_be_visible()
    no_english(admin)
    filing.refresh_from_db()
    assert filing.token != old_token and filing.pdf_sha256 and filing.pdf_sha256 != old_hash

    public = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()  # no sign-in
    public.goto(f"/filings/verify/{old_token}/")
    expect(public.locator("#superseded")).to_contain_text("被重新出具的版本取代")
    links = public.eval_on_selector_all("main a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in links if re.search(r"/(filings/\d+|attachments|media|members|orgs)/", h)], links
    no_english(public)
    public.goto(f"/filings/verify/{filing.token}/")
    expect(public.locator("main")).to_contain_text("该备案表真实有效")
    public.context.close()
