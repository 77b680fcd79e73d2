import re
import subprocess
import time

import pytest

from filings import pdf, workflow

#: The form's labels; "|" marks where the printed form (seed 000 附件1) breaks the line.
LABELS = [
    "基层组织名称",
    "基层组织|类别",
    "基层组织|所在单位",
    "单位地址",
    "单位负责人",
    "所辖人数",
    "基层组织负责人",
    "联系电话",
    "基层组织|成立时间",
    "会员人数",
    "红十字工作|联系人",
    "基层组织|所在单位概况",
    "基层组织|所在单位|党组织意见",
    "县级以上|红十字会|（含县级）|备案情况",
    "盖章",
    "年",
    "月",
    "日",
    "备注：此表一式两份",
    "镇（街道）",
    "机关",
    "城乡社区",
    "村",
    "医疗机构",
    "企业",
    "事业单位",
    "学校",
]


def text_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "f.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_draft_pdf_has_every_label_one_tick_and_values(complete_filing, tmp_path):
    text = text_of(pdf.render_filing(complete_filing), tmp_path)
    joined = flat(text)
    assert "雁江区红十字会基层组织成立备案表" in joined
    for label in LABELS:
        for piece in label.split("|"):
            assert piece in joined, label
    assert text.count("☑") == 1 and text.count("☐") == 7
    assert "☑镇（街道）" in joined
    for value in ("莲花街道办事处", "示例路1号", "13800000001", "李测试", "5000", "60"):
        assert value in joined
    assert "草稿" in joined


def test_filed_pdf_has_record_seal_number_and_embedded_font(submitted_filing, cast, tmp_path):
    filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    data = pdf.render_filing(filing)
    joined = flat(text_of(data, tmp_path))
    assert "同意备案" in joined and filing.number in joined and "草稿" not in joined
    path = tmp_path / "f.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "Noto-Serif-CJK-SC" in line]
    assert cjk and all(" yes " in line for line in cjk)


def test_long_profile_flows_to_annex(complete_filing, cast, tmp_path):
    filing = workflow.save_filing(complete_filing, by=cast.t1_staff, host_profile="概况内容。" * 200)
    text = text_of(pdf.render_filing(filing), tmp_path)
    assert "详见附页" in flat(text) and "附页：基层组织所在单位概况" in flat(text)
    assert text.count("\f") >= 2


@pytest.mark.parametrize(
    "hostile",
    [
        "<img src=file:///etc/passwd>",
        '<link rel=attachment href="file:///etc/passwd">',
        "<style>@import url(http://169.254.169.254/);</style>",
        "font-size:1e9px",
        '<img src="http://evil.example/x.png">',
        "<div style=\"background:url(file:///etc/shadow)\">",
    ],
)
def test_hostile_values_fetch_nothing(complete_filing, cast, tmp_path, hostile):
    filing = workflow.save_filing(
        complete_filing, by=cast.t1_staff, host_profile=hostile, party_opinion=hostile
    )
    fetcher = pdf.PortalFetcher()
    started = time.monotonic()
    data = pdf.render_filing(filing, fetcher=fetcher)
    assert time.monotonic() - started < 10
    assert fetcher.refused == []  # autoescaped: the value is text, nothing is even asked for
    text = flat(text_of(data, tmp_path))
    assert any(word in text for word in ("passwd", "1e9px", "169.254", "evil.example", "shadow"))


def test_fetcher_refuses_files_outside_static_and_media():
    fetcher = pdf.PortalFetcher()
    for url in ("file:///etc/passwd", "http://169.254.169.254/", "https://example.com/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,aGk=") is not None
    assert len(fetcher.refused) == 3


def test_filed_form_fits_one_a4_page(submitted_filing, cast, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        filing = workflow.approve_filing(submitted_filing, by=cast.d1_reviewer)
    filing.refresh_from_db()
    with filing.stamped_pdf.open("rb") as f:
        text = text_of(f.read(), tmp_path)
    first_page = text.split("\f")[0]
    assert "备案情况" in first_page and "备注" in first_page
