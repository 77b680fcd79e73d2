"""The whole 备案 journey in a browser: start from the home page, fill (a landline, the character
counter, a refused save), submit, preview attachments, return, resubmit, approve without and with
the e-seal, download."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from filings import uploads
from tests.security.hostile import png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The screenshots linked from README are refreshed with SAVE_SCREENSHOTS=1; a plain run writes
# them to a temporary folder so that running the suite leaves the work tree unchanged.
SHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("SAVE_SCREENSHOTS")
         else Path(tempfile.mkdtemp(prefix="filing-shots-")))


def a_scan(title: str) -> bytes:
    """A real one-page PDF, so that the reviewer's preview shows a document."""
    from weasyprint import HTML

    return HTML(string=f"<h1 style='font-family: Noto Serif CJK SC'>{title}</h1><p>（示例扫描件）</p>").write_pdf()


FIELDS = {
    "#id_host_unit": "莲花街道办事处",
    "#id_address": "示例路1号",
    "#id_unit_head": "张测试",
    "#id_leader_name": "李测试",
    "#id_leader_phone": "0832-1234567",
    "#id_founded_on": "2022-10-20",
    "#id_member_count": "60",
    "#id_contact1_name": "王测试",
    "#id_contact1_phone": "13800000002",
    "#id_host_profile": "莲花街道位于城区东部。",
    "#id_host_profile_sealed_on": "2022-10-21",
    "#id_party_opinion": "同意成立。",
    "#id_party_opinion_sealed_on": "2022-10-21",
}


def signed_in(browser, live_server, user):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1280, "height": 1000},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "Test#Portal2026")
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    return page


def seal_image():
    """A round red seal with a star on a transparent ground, as the screenshots show it."""
    import io
    import math

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), outline=(210, 20, 20, 255), width=10)
    star = [(120 + r * math.sin(math.radians(a)), 120 - r * math.cos(math.radians(a)))
            for i, a in enumerate(range(0, 360, 36)) for r in [(60 if i % 2 == 0 else 24)]]
    draw.polygon(star, fill=(210, 20, 20, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("seal.png", out.getvalue(), content_type="image/png")


def upload(page, kind, name):
    page.select_option("#id_kind", kind)
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/pdf",
                                             "buffer": a_scan(name.removesuffix(".pdf"))}])
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".list-group")).to_contain_text(name)


def test_filing_journey(cast, browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    SHOTS.mkdir(parents=True, exist_ok=True)

    staff = signed_in(browser, live_server, cast.t1_staff)
    expect(staff.locator("#unit-filing")).to_contain_text("尚未开始填写")
    staff.click("#unit-filing button:has-text('填写成立备案表')")  # opens the form itself
    expect(staff.locator("#missing")).to_contain_text("基层组织负责人")
    for selector, value in FIELDS.items():
        staff.fill(selector, value)
    expect(staff.locator("#id_host_profile + .char-counter")).to_have_text("已输入 11 / 1000 字")
    staff.fill("#id_contact1_phone", "12345")  # one bad field: nothing is saved, and the page says so
    staff.click("#filing-form button[type=submit]")
    expect(staff.locator("#not-saved")).to_contain_text("未保存：有 1 处需要修改")
    expect(staff.locator("#id_leader_name")).to_have_value("李测试")  # what was typed is still there
    staff.fill("#id_contact1_phone", FIELDS["#id_contact1_phone"])
    staff.click("#filing-form button[type=submit]")
    expect(staff.locator("#missing")).to_contain_text("选举结果（正式文件）")
    upload(staff, "election", "选举结果.pdf")
    upload(staff, "signed_scan", "签字盖章.pdf")
    staff.set_input_files("#id_file", files=[{"name": "附页.png", "mimeType": "image/png", "buffer": png()}])
    staff.select_option("#id_kind", "extra")
    staff.click("#upload-form button[type=submit]")
    expect(staff.locator("#missing")).to_have_count(0)
    staff.screenshot(path=str(SHOTS / "filing-form.png"), full_page=True)
    staff.click("#submit-filing")
    expect(staff.locator(".alert-success")).to_contain_text("已提交审核，等待雁江区红十字会审核")
    expect(staff.locator("main .badge").first).to_contain_text("待审核")

    reviewer = signed_in(browser, live_server, cast.d1_reviewer)
    console = []
    reviewer.on("console", lambda message: console.append(message.text))
    reviewer.click("text=备案审核")
    reviewer.click('table a:has-text("莲花街道红十字会")')
    expect(reviewer.locator("#seal-missing")).to_contain_text("尚未上传电子印章")
    expect(reviewer.locator("#approve-filing")).to_be_disabled()
    image = reviewer.locator("details.attachment-preview img")
    image.scroll_into_view_if_needed()
    reviewer.locator("details.attachment-preview summary", has_text="附页.png").click()
    expect(image).to_be_visible()
    reviewer.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    pdf_src = reviewer.locator("details.attachment-preview iframe").first.get_attribute("src")
    reviewer.wait_for_function("src => [...document.querySelectorAll('iframe')].some(f => f.src.endsWith(src))",
                               arg=pdf_src)
    reviewer.wait_for_timeout(500)
    assert any(f.url.endswith(pdf_src) for f in reviewer.frames), [f.url for f in reviewer.frames]
    assert not [m for m in console if "Refused" in m or "Content Security Policy" in m], console
    reviewer.fill("#id_fc_host_profile", "概况太简略，请补充辖区人口")
    reviewer.fill("#id_comment", "请补充概况")
    reviewer.click("#return-filing")
    expect(reviewer.locator(".alert-success")).to_contain_text("已退回修改")
    expect(reviewer.locator("main .badge").first).to_contain_text("已退回")

    staff.goto("/")
    expect(staff.locator("[data-testid=unread-badge]")).to_have_text("1")
    expect(staff.locator("#unit-filing .alert-danger")).to_contain_text("请补充概况")
    expect(staff.locator("#unit-filing .alert-danger")).to_contain_text("1 条逐项意见")
    staff.click("#unit-filing a:has-text('按意见修改')")
    expect(staff.locator("#return-comment")).to_contain_text("请补充概况")
    expect(staff.locator("#filing-form")).to_contain_text("概况太简略，请补充辖区人口")
    staff.fill("#id_host_profile", "莲花街道位于城区东部，辖区常住人口约五万。")
    staff.click("#filing-form button[type=submit]")
    staff.click("#submit-filing")
    expect(staff.locator("main .badge").first).to_contain_text("待审核")

    uploads.set_seal(cast.d1, upload=seal_image(), by=cast.d1_admin)  # the district's admin uploads its seal
    reviewer.reload()
    expect(reviewer.locator("#changes")).to_contain_text("辖区常住人口约五万")
    reviewer.wait_for_load_state("networkidle")
    reviewer.wait_for_timeout(1000)  # the preview's PDF viewer paints after its files have loaded
    reviewer.screenshot(path=str(SHOTS / "review-page.png"), full_page=True)
    expect(reviewer.locator("#approve-filing")).to_be_enabled()  # the seal is there now
    # by keyboard: the preview frame's PDF viewer may still move the page under a mouse click
    reviewer.focus("#approve-filing")
    with reviewer.expect_navigation(timeout=60_000):  # the PDF of record renders in the same request
        reviewer.keyboard.press("Enter")
    expect(reviewer.locator(".alert-success")).to_contain_text("已同意备案，备案编号")
    expect(reviewer.locator("main .badge").first).to_contain_text("已备案")

    staff.reload()
    with staff.expect_download() as info:
        staff.click("text=下载PDF")
    target = tmp_path / "filed.pdf"
    info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "同意备案" in text and "草稿" not in text
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(target),
            str(SHOTS / "filing-pdf-page1"),
        ],
        check=True,
    )
