"""Hostile uploads get a clear Chinese message, never a 500, and nothing is saved (rows 22, 23, 28).

Images are re-encoded by Pillow (payloads and metadata gone) or refused; spreadsheets with
formulas, too many rows, zip bombs or broken contents are refused before any row is saved.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from filings.models import Seal
from members.models import Member
from members.resources import COLUMNS
from tests.members.factories import make_id
from tests.security import hostile
from tests.volunteers import factories as vf
from volunteers import excel as volunteer_excel
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db
MEMBER_HEADER = [h for h, _ in COLUMNS]
CJK_MESSAGE = ("无法读取", "不是有效", "过大", "压缩比", "非法路径", "条目过多", "公式", "一次最多", "路径")


def upload_attachment(client, filing, name, content):
    return client.post(reverse("filings:upload", args=[filing.pk]),
                       {"kind": "extra", "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("name", sorted(hostile.IMAGES_REFUSED))
def test_undecodable_or_bomb_images_are_refused(complete_filing, cast, name):
    client = Client(raise_request_exception=False)
    client.force_login(cast.t1_staff)
    before = complete_filing.attachments.count()
    response = upload_attachment(client, complete_filing, name, hostile.IMAGES_REFUSED[name])
    assert response.status_code < 500
    assert complete_filing.attachments.count() == before
    text = response.content.decode() if response.status_code == 200 else ""
    follow = client.get(response["Location"]).content.decode() if response.status_code == 302 else text
    assert "图片" in follow or "只能上传" in follow or "扩展名" in follow


def test_png_is_reencoded_so_a_trailing_payload_is_dropped(complete_filing, cast, login):
    payload = b"<html><script>alert(1)</script></html>"
    upload_attachment(login(cast.t1_staff), complete_filing, "scan.png", hostile.png() + payload)
    att = complete_filing.attachments.get(kind="extra")
    stored = att.file.read()
    assert payload not in stored and stored.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(stored)).size == (8, 8) and att.size == len(stored)


def test_jpeg_is_reencoded_without_its_metadata(complete_filing, cast, login):
    original = hostile.jpeg_with_gps()
    assert b"SecretCamera" in original
    upload_attachment(login(cast.t1_staff), complete_filing, "photo.jpg", original)
    stored = complete_filing.attachments.get(kind="extra").file.read()
    assert b"SecretCamera" not in stored and Image.open(io.BytesIO(stored)).format == "JPEG"


def test_seal_image_is_reencoded_or_refused(cast, login):
    client = login(cast.d1_admin)
    client.post(reverse("filings:seal"), {"image": SimpleUploadedFile("s.png", hostile.png_bomb())})
    assert not Seal.objects.exists()
    client.post(reverse("filings:seal"), {"image": SimpleUploadedFile("s.png", hostile.png() + b"<svg onload=x>")})
    stored = Seal.objects.get(org=cast.d1).image.read()
    assert b"<svg" not in stored and Image.open(io.BytesIO(stored)).format == "PNG"


def _post_member_import(client, name, content):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile(name, content), "commit": "1"})


def _post_volunteer_import(client, org, name, content):
    return client.post(reverse("volunteers:import"), {
        "org": org.pk, "kind": "volunteers", "file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("name", sorted(hostile.broken_xlsx(MEMBER_HEADER)))
def test_malformed_member_import_gets_a_message_and_saves_nothing(cast, name):
    client = Client(raise_request_exception=False)
    client.force_login(cast.t1_staff)
    response = _post_member_import(client, name, hostile.broken_xlsx(MEMBER_HEADER)[name])
    html = response.content.decode()
    assert response.status_code == 200 and any(m in html for m in CJK_MESSAGE), html[-2000:]
    assert Member.objects.count() == 0


@pytest.mark.parametrize("name", sorted(hostile.broken_xlsx(volunteer_excel.VOLUNTEER_COLUMNS)))
def test_malformed_volunteer_import_gets_a_message_and_saves_nothing(cast, name):
    client = Client(raise_request_exception=False)
    client.force_login(cast.t1_staff)
    content = hostile.broken_xlsx(volunteer_excel.VOLUNTEER_COLUMNS)[name]
    response = _post_volunteer_import(client, cast.t1, name, content)
    html = response.content.decode()
    assert response.status_code == 200 and any(m in html for m in CJK_MESSAGE + ("文件",)), html[-2000:]
    assert Volunteer.objects.count() == 0


def test_member_import_with_a_formula_is_refused_not_evaluated(cast, login):
    rows = [["成人会员", "甲", make_id(), "13800000000", "否", "", "", cast.t1.pk, "2025-03-01"]]
    data = hostile.workbook(MEMBER_HEADER, rows, formulas=[("B2", '=HYPERLINK("http://evil","甲")')])
    html = _post_member_import(login(cast.t1_staff), "f.xlsx", data).content.decode()
    assert "单元格 B2 含有公式" in html and Member.objects.count() == 0


def test_volunteer_import_with_a_formula_is_refused_not_evaluated(cast, login):
    row = ["甲", "女", vf.resident_id(), "13912345678", "急救", "2026-01-05"]
    data = hostile.workbook(volunteer_excel.VOLUNTEER_COLUMNS, [row], formulas=[("A2", "=1+1")])
    html = _post_volunteer_import(login(cast.t1_staff), cast.t1, "f.xlsx", data).content.decode()
    assert "单元格 A2 含有公式" in html and Volunteer.objects.count() == 0


def test_too_many_rows_are_refused_before_anything_is_saved(cast, login, monkeypatch):
    from members import excel as member_excel

    monkeypatch.setattr(member_excel.imports, "MAX_ROWS", 3)
    monkeypatch.setattr(volunteer_excel, "MAX_ROWS", 3)
    client = login(cast.t1_staff)
    rows = [["成人会员", f"会员{i}", make_id(), "13800000000", "否", "", "", cast.t1.pk, "2025-03-01"]
            for i in range(5)]
    html = _post_member_import(client, "big.xlsx", hostile.workbook(MEMBER_HEADER, rows)).content.decode()
    assert "一次最多导入 3 行" in html and Member.objects.count() == 0
    vrows = [[f"志愿者{i}", "女", vf.resident_id(), "13912345678", "急救", "2026-01-05"] for i in range(5)]
    data = hostile.workbook(volunteer_excel.VOLUNTEER_COLUMNS, vrows)
    html = _post_volunteer_import(client, cast.t1, "big.xlsx", data).content.decode()
    assert "一次最多导入 3 行" in html and Volunteer.objects.count() == 0
