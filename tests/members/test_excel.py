import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from members import excel, services
from members.models import Kind, Member, Spell
from members.resources import COLUMNS
from tests.members.factories import bad_check, ids, make_id

HEADERS = [h for h, _ in COLUMNS]


def sheet(rows) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(org, id_number, name="会员"):
    return ["成人会员", name, id_number, "13800000000", "否", "", "", org.pk, date(2025, 3, 1)]


def test_openpyxl_uses_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_ten_thousand_rows_three_bad_then_fixed(cast):
    values = ids(10_000)
    rows = [row(cast.t1 if i % 2 else cast.v1, v, f"会员{i}") for i, v in enumerate(values)]
    rows[10][2] = bad_check(values[10])                      # bad check digit
    rows[5000][7] = 99999                                     # unknown org
    rows[9000][2] = values[20]                                # duplicate inside the file
    result = excel.import_members(sheet(rows), by=cast.d1_admin, dry_run=False)
    assert result.total == 10_000
    assert [(n, r) for n, _row, r in result.failed] == [
        (12, ["身份证号码校验位错误，请核对"]),
        (5002, ["组织不存在：99999"]),
        (9002, ["身份证号码与第22行重复"]),
    ]
    assert Member.objects.count() == 0 and result.saved == 0
    failed = openpyxl.load_workbook(io.BytesIO(excel.failed_bytes(result)))
    ws = failed.active  # title, header, the three rows
    assert ws.max_row == 5 and ws.cell(2, 10).value == "错误原因" and "校验位" in ws.cell(3, 10).value

    rows[10][2], rows[5000][7], rows[9000][2] = values[10], cast.t1.pk, values[9000]
    result = excel.import_members(sheet(rows), by=cast.d1_admin, dry_run=False)
    assert not result.failed and result.saved == 10_000
    assert Member.objects.count() == 10_000 and Spell.objects.count() == 10_000
    assert Member.objects.values("number").distinct().count() == 10_000
    # the next member of t1 continues the sequence
    nxt = services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="新",
                                 id_number=make_id(),
                                 phone="13800000000")
    assert nxt.number == f"{cast.t1.pk:05d}{5002:06d}"


def test_row_errors_scope_numeric_and_database_duplicate(cast):
    existing = services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name="已有",
                                      id_number=make_id(), phone="13800000000")
    numeric = make_id(seq=123)
    rows = [row(cast.t1, existing.full_id), row(cast.t3, make_id()), row(cast.t1, int(numeric[:15])),
            row(cast.t1, make_id())]
    result = excel.import_members(sheet(rows), by=cast.t1_staff, dry_run=False)
    reasons = {n: r for n, _row, r in result.failed}
    assert reasons[2] == ["身份证号码已登记为会员"]
    assert reasons[3] == ["组织不在您的管辖范围内"]
    assert "数字格式" in reasons[4][0]
    assert 5 not in reasons and Member.objects.count() == 1


def _zip(entries) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_checks_refuse_bombs_and_traversal():
    with pytest.raises(ValidationError, match="路径"):
        excel.check_zip(_zip([("../evil.xml", b"x")]))
    with pytest.raises(ValidationError, match="压缩比"):
        excel.check_zip(_zip([("xl/big.xml", b"\0" * 5_000_000)]))
    with pytest.raises(ValidationError, match="条目"):
        excel.check_zip(_zip([(f"f{i}", b"") for i in range(300)]))
    with pytest.raises(ValidationError, match="有效"):
        excel.check_zip(b"not a zip")


def test_export_masks_neutralises_and_formats(cast, login):
    services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.ADULT, name='=HYPERLINK("http://x","y")',
                           id_number=make_id(), phone="13812345678")
    resp = login(cast.d1_reviewer).post(reverse("members:export") + "?full=1")
    data = b"".join(resp.streaming_content)  # streamed from a temporary file
    assert resp.status_code == 200 and resp["Cache-Control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [c.value for c in ws[3]]  # under the title and the header
    member = Member.objects.get()
    assert member.masked_id in values and "138****5678" in values and member.full_id not in values
    assert values[2].startswith("'=")
    assert ws.freeze_panes == "A3" and isinstance(ws.cell(3, 9).value, date) is True
    # a reviewer's role may not export whole numbers at all
    assert login(cast.d1_reviewer).post(reverse("members:export_full"), {"reason": "核对名册信息"}).status_code == 403


def test_template_and_upload_views(cast, login):
    client = login(cast.t1_staff)
    resp = client.get(reverse("members:import_template"))
    ws = openpyxl.load_workbook(io.BytesIO(resp.content)).active
    assert [c.value for c in ws[3]] == HEADERS  # under the title and the notes
    upload = io.BytesIO(sheet([row(cast.t1, make_id()), row(cast.t1, bad_check(make_id()))]))
    upload.name = "m.xlsx"
    resp = client.post(reverse("members:import"), {"file": upload, "commit": "1"})
    html = resp.content.decode()
    assert "1 行有误" in html and "校验位" in html and Member.objects.count() == 0
    token = resp.context["result"].token
    failed = client.get(reverse("members:import_failed", args=[token]))
    assert failed.status_code == 200
    assert login(cast.t3_staff).get(reverse("members:import_failed", args=[token])).status_code == 404
    upload = io.BytesIO(sheet([row(cast.t1, make_id())]))
    upload.name = "m.xlsx"
    resp = login(cast.t1_staff).post(reverse("members:import"), {"file": upload, "commit": "1"})
    assert resp.status_code == 302 and Member.objects.count() == 1
    assert login(cast.d1_reviewer).get(reverse("members:import")).status_code == 403


def test_import_command(cast, tmp_path, capsys):
    path = tmp_path / "m.xlsx"
    path.write_bytes(sheet([["成人会员", "甲", make_id(), "13800000000", "否", "", "", None, None]]))
    call_command("import_members", str(path), "--org", str(cast.t1.pk), "--dry-run")
    assert Member.objects.count() == 0
    call_command("import_members", str(path), "--org", str(cast.t1.pk))
    assert Member.objects.get().org == cast.t1
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--org", str(cast.t1.pk))  # now a duplicate
    path.write_bytes(sheet([["成人会员", "乙", make_id(), "13800000000", "否", "", "", cast.t3.pk, None]]))
    with pytest.raises(CommandError):
        call_command("import_members", str(path), "--org", str(cast.t1.pk))  # t3 is not under t1
    assert "不在" in capsys.readouterr().err
