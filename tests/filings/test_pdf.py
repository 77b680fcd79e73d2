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


def words_of(data: bytes, tmp_path) -> list[tuple[str, float, float, float]]:
    """(word, x-left, x-right, y-top) of every word on the first page (poppler's bounding boxes)."""
    path = tmp_path / "w.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(w, float(x1), float(x2), float(y1)) for x1, y1, x2, _y2, w in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</word>',
                       html)]


def test_title_is_the_reviewing_bodys_full_name_built_from_the_tree(complete_filing, cast, tmp_path):
    assert "资阳市雁江区红十字会基层组织成立备案表" in flat(text_of(pdf.render_filing(complete_filing), tmp_path))
    from orgs import services
    from tests.conftest import make_user

    unit = services.create_org(parent=cast.city, by=cast.operator, name="市第一中学红十字会", level="unit",
                               category="school")
    staff = make_user("school_staff", unit, "staff")
    filing = workflow.start_filing(unit, by=staff)
    title = flat(text_of(pdf.render_filing(filing), tmp_path)).split("基层组织名称")[0]
    assert "资阳市红十字会基层组织成立备案表" in title and "雁江区" not in title and "四川省" not in title


def test_annex_note_sits_on_the_date_line_of_the_profile_cell(complete_filing, tmp_path):
    """Seed 000 附件1 prints （可附页） at the bottom left of the 概况 cell, on its 年 月 日 line."""
    words = words_of(pdf.render_filing(complete_filing), tmp_path)
    note = next(w for w in words if "可附页" in w[0])
    label = next(w for w in words if "所在单位概况" in w[0])
    date_line = [w for w in words if w[0].startswith("2022年") and abs(w[3] - note[3]) < 3]
    assert note[1] > label[2], "（可附页） belongs in the content cell, right of the label column"
    assert date_line and date_line[0][1] > note[2], "…on the line of the cell's date, left of it"
