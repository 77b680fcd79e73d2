import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.volunteers import factories
from volunteers import excel
from volunteers.models import ServiceRecord, Volunteer


def xlsx(header, rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_row(name="志愿者甲"):
    return [name, "女", factories.resident_id(), "13912345678", "急救", "2026-01-05"]


def test_all_good_rows_are_saved(cast):
    data = xlsx(excel.VOLUNTEER_COLUMNS, [good_row("甲"), good_row("乙")])
    result = excel.import_file(data, "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert result.saved and result.total == 2
    assert Volunteer.objects.filter(org=cast.t1).count() == 2


def test_dry_run_saves_nothing(cast):
    data = xlsx(excel.VOLUNTEER_COLUMNS, [good_row()])
    result = excel.import_file(data, "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=True)
    assert result.ok and not result.saved and not Volunteer.objects.exists()


def test_every_bad_row_listed_and_nothing_saved(cast):
    dup = good_row("丙")
    rows = [good_row("甲"), ["乙", "未知", "123", "", "", "2026-01-05"], dup, list(dup),
            ["丁", "男", 512002199001010011, "", "", "2026-01-05"]]
    data = xlsx(excel.VOLUNTEER_COLUMNS, rows)
    result = excel.import_file(data, "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert [n for n, _ in result.errors] == [3, 5, 6]
    assert "已登记" in result.errors[1][1][0]
    assert "文本格式" in result.errors[2][1][0]
    assert not Volunteer.objects.exists()


def test_import_into_other_branch_is_refused(cast):
    from django.http import Http404

    with pytest.raises(Http404):
        excel.import_file(xlsx(excel.VOLUNTEER_COLUMNS, [good_row()]), "volunteers", org=cast.t3,
                          by=cast.t1_staff, dry_run=False)


def test_service_record_import_atomic(cast):
    vol = factories.volunteer(cast.t1, cast.t1_staff)
    far = factories.volunteer(cast.t3, cast.t3_staff)
    rows = [[vol.full_id, "2026-03-01", 3, "", ""], [far.full_id, "2026-03-01", 2, "", ""]]
    result = excel.import_file(xlsx(excel.RECORD_COLUMNS, rows), "records", org=cast.t1, by=cast.t1_staff,
                               dry_run=False)
    assert [n for n, _ in result.errors] == [3] and not ServiceRecord.objects.exists()
    result = excel.import_file(xlsx(excel.RECORD_COLUMNS, rows[:1]), "records", org=cast.t1, by=cast.t1_staff,
                               dry_run=False)
    assert result.saved and ServiceRecord.objects.get().status == "pending"


def test_zip_bomb_and_path_tricks_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/big.xml", b"0" * (excel.MAX_UNCOMPRESSED + 1))
    with pytest.raises(ValidationError):
        excel.check_zip(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../evil.xml", b"x")
    with pytest.raises(ValidationError):
        excel.check_zip(buf.getvalue())
    with pytest.raises(ValidationError):
        excel.check_zip(b"not a zip")
    assert openpyxl.DEFUSEDXML


def test_export_masks_and_neutralises_formulas(cast, login):
    factories.volunteer(cast.t1, cast.t1_staff, name="=HYPERLINK(\"http://x\")", phone="13912345678")
    resp = login(cast.d1_reviewer).post(reverse("volunteers:export"))
    assert resp.status_code == 200
    data = b"".join(resp.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "13912345678" not in sheet
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(3, 1).value.startswith("'=")  # under the title and the header


def test_import_page_shows_bad_rows(cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = xlsx(excel.VOLUNTEER_COLUMNS, [good_row(), ["乙", "男", "123", "", "", "2026-01-05"]])
    resp = login(cast.t1_staff).post(reverse("volunteers:import"), {
        "org": cast.t1.pk, "kind": "volunteers", "file": SimpleUploadedFile("v.xlsx", data)})
    assert resp.status_code == 200 and "第 3 行" in resp.content.decode()
    assert not Volunteer.objects.exists()
    template = login(cast.t1_staff).get(reverse("volunteers:import_template", args=["records"]))
    assert template.status_code == 200


def test_management_command(cast, tmp_path):
    path = tmp_path / "v.xlsx"
    path.write_bytes(xlsx(excel.VOLUNTEER_COLUMNS, [good_row()]))
    call_command("import_volunteers", str(path), "--org", str(cast.t1.pk), "--dry-run")
    assert not Volunteer.objects.exists()
    call_command("import_volunteers", str(path), "--org", str(cast.t1.pk))
    assert Volunteer.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("import_volunteers", str(path), "--org", str(cast.t1.pk))  # duplicate now
    assert Volunteer.objects.count() == 1


def test_an_import_is_an_audit_event_with_its_count_and_a_refused_one_is_not(cast):
    from orgs.models import AuditEvent

    bad = xlsx(excel.VOLUNTEER_COLUMNS, [good_row("甲"), ["乙", "未知", "123", "", "", "2026-01-05"]])
    excel.import_file(bad, "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=False)
    excel.import_file(xlsx(excel.VOLUNTEER_COLUMNS, [good_row("丙")]), "volunteers", org=cast.t1,
                      by=cast.t1_staff, dry_run=True)
    assert not AuditEvent.objects.filter(action="volunteer.import").exists()
    excel.import_file(xlsx(excel.VOLUNTEER_COLUMNS, [good_row("丁"), good_row("戊")]), "volunteers", org=cast.t1,
                      by=cast.t1_staff, dry_run=False)
    event = AuditEvent.objects.get(action="volunteer.import")
    assert event.user == cast.t1_staff and event.org == cast.t1 and event.detail["count"] == 2
