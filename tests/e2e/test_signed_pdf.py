"""A visitor holding a signed PDF checks it in the browser: the QR code's page says the signature
is valid and leads to the upload page, which names the signer and the time and says the file is
intact; a copy with one byte changed is called altered. The API's documentation page loads its
Swagger UI from the portal itself."""

import pytest
from playwright.sync_api import expect

from filings import stamping, workflow
from filings.models import Filing
from signing import services
from tests.filings.conftest import complete_filing, seals, submitted_filing  # noqa: F401  (shared fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_visitor_uploads_the_signed_pdf(cast, submitted_filing, page, tmp_path):  # noqa: F811
    services.create_ca()
    workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing = Filing.objects.get(pk=submitted_filing.pk)
    data = stamping.pdf_of_record(filing)
    signed = tmp_path / "备案表.pdf"
    signed.write_bytes(data)
    at = data.index(b"stream", len(data) // 4) + 40
    altered = tmp_path / "改过的备案表.pdf"
    altered.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])

    page.goto(f"/filings/verify/{Filing.objects.get(pk=filing.pk).token}/")
    expect(page.locator("#signature-state")).to_contain_text("数字签名有效")
    page.click("text=上传 PDF 文件核验数字签名")
    expect(page.locator("h1")).to_contain_text("数字签名核验")

    page.set_input_files("input[name=pdf]", str(signed))
    page.click("#verify-form button[type=submit]")
    result = page.locator("#verify-result")
    expect(result).to_contain_text("签名有效：文件自签名以来未被改动")
    expect(result).to_contain_text("雁江区红十字会")
    expect(result).to_contain_text(f"备案表 {filing.number}")
    expect(result).to_contain_text("签名后未被改动")

    page.set_input_files("input[name=pdf]", str(altered))
    page.click("#verify-form button[type=submit]")
    expect(page.locator("#verify-result")).to_contain_text("文件已被改动或签名已损坏")

    expect(page.locator("a", has_text="平台根证书")).to_have_attribute("href", "/signing/ca.crt")

def test_api_docs_load_from_the_portal_itself(page, live_server):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("红十字会基层组织开放数据接口", timeout=20_000)
    assert outside == []
