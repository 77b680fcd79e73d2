"""Every workbook the portal writes prints: A4, the orientation its columns need, one page wide,
title and header repeated on every page, the title merged across the table, the print area set,
and header/title rows tall enough for their wrapped text. Each kind is fetched through its public
face (page, job, admin, command) and opened with openpyxl.
bench/check_xlsx_libreoffice.sh prints the same kinds with LibreOffice and counts the pages."""

import io
import math
import unicodedata
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl.utils import get_column_letter

from jobs.models import Job
from members import services as members
from orgs.admin import admin_site
from reports.models import Target
from tests.members.factories import bad_check, make_id
from tests.volunteers import factories as vf
from volunteers import services as volunteers

MEMBER_TEMPLATE = ["会员类别", "姓名/单位名称", "身份证号码", "手机号码", "在校学生", "统一社会信用代码", "联系人",
                   "所属组织编号", "入会日期"]
MEMBER_LIST = ["会员编号", "会员类别", "姓名/单位名称", "性别", "身份证号码", "手机号码", "统一社会信用代码",
               "所属组织", "入会日期", "状态"]
VOLUNTEER_LIST = ["姓名", "性别", "身份证号", "手机号", "技能特长", "管理组织", "注册日期", "状态", "已审核时长"]


def display_units(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def check_printable(ws) -> list:
    """Assert one sheet's print setup; return its header row's values."""
    setup = ws.page_setup
    assert str(setup.paperSize) == "9", ws.title  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)  # one page wide, as many down as needed
    first, last_title = ws.print_title_rows.replace("$", "").split(":")
    header_row = int(last_title)
    assert first == "1" and header_row >= 2
    header = [c.value for c in ws[header_row]]
    while header and header[-1] is None:
        header.pop()
    assert header and None not in header
    last = get_column_letter(len(header))
    assert ws.max_column == len(header), ws.title  # nothing printed outside the table's columns
    assert ws["A1"].value  # the title, merged across the table's columns
    assert len(header) == 1 or f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}
    area = ws.print_area.split("!")[1].replace("$", "")
    start, end = area.split(":")
    assert start == "A1" and end.rstrip("0123456789") == last and int(end[len(last):]) >= ws.max_row
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(header) + 1)]
    portrait_px = (8.27 - ws.page_margins.left - ws.page_margins.right) * 96
    wide = sum(7 * w + 5 for w in widths) > portrait_px
    assert setup.orientation == ("landscape" if wide else "portrait"), (ws.title, widths)
    # wrapped header text needs its lines (15 pt each); the title at 14 pt (20 pt a line)
    lines = max(math.ceil(display_units(text) / (w - 1)) for text, w in zip(header, widths, strict=True))
    assert (ws.row_dimensions[header_row].height or 15) >= 15 * lines, ws.title
    title_lines = math.ceil(display_units(ws["A1"].value) * 14 / 11 / (sum(widths) - 1))
    assert (ws.row_dimensions[1].height or 15) >= 20 * title_lines, ws.title
    return header


def book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def world(cast):
    c = cast
    members.create_member(by=c.t1_staff, org=c.t1, kind="adult", name="张三", id_number=make_id(),
                          phone="13812345678", joined_on=date(2025, 3, 1))
    vol = vf.volunteer(c.t1, c.t1_staff, name="李四", phone="13912345678")
    volunteers.log_hours(vol, by=c.t1_staff, served_on=date(2025, 3, 1), hours=2)
    Target.objects.create(org=c.city, metric=Target._meta.get_field("metric").choices[0][0],
                          starts_on=date(2021, 1, 1), ends_on=date(2025, 12, 31), value=100)
    for user in ("t1_staff",):
        call_command("pii_export_grant", user, stdout=io.StringIO())
    return c


def _statistics(client, c, **_):
    client.force_login(c.city_admin)
    return body(client.get(reverse("reports:export"), {"org": c.city.pk})), ["序号", "工作事项", "个(人、小时)"]


def _statistics_command(client, c, tmp_path, **_):
    out = tmp_path / "stats.xlsx"
    call_command("export_stats", "--org", str(c.d1.pk), "--as-of", "2025-12-31", "-o", str(out), stdout=io.StringIO())
    return out.read_bytes(), ["序号", "工作事项", "个(人、小时)"]


def _member_list(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.post(reverse("members:export"))), MEMBER_LIST


def _member_list_job(client, c, settings, capture, **_):
    settings.PORTAL = {**settings.PORTAL, "EXPORT_SYNC_MAX_ROWS": 0}
    client.force_login(c.t1_staff)
    with capture(execute=True):
        client.post(reverse("members:export"))
    return body(client.get(reverse("jobs:download", args=[Job.objects.latest("pk").pk]))), MEMBER_LIST


def _member_full(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.post(reverse("members:export_full"), {"reason": "年度名册核对"})), MEMBER_LIST


def _member_template(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.get(reverse("members:import_template"))), MEMBER_TEMPLATE


def _member_upload(client, c):
    rows = [MEMBER_TEMPLATE, ["成人会员", "王五", bad_check(make_id()), "13800000000", "否", "", "", c.t1.pk,
                              date(2025, 3, 1)]]
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("m.xlsx", buffer.getvalue())


def _member_errors(client, c, **_):
    client.force_login(c.t1_staff)
    result = client.post(reverse("members:import"), {"file": _member_upload(client, c), "commit": "1"})
    token = result.context["result"].token
    return body(client.get(reverse("members:import_failed", args=[token]))), MEMBER_TEMPLATE


def _member_errors_job(client, c, settings, capture, **_):
    settings.PORTAL = {**settings.PORTAL, "IMPORT_SYNC_MAX_ROWS": 0}
    client.force_login(c.t1_staff)
    with capture(execute=True):
        client.post(reverse("members:import"), {"file": _member_upload(client, c), "commit": "1"})
    return body(client.get(reverse("jobs:download", args=[Job.objects.latest("pk").pk]))), MEMBER_TEMPLATE


def _volunteer_list(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.post(reverse("volunteers:export"))), VOLUNTEER_LIST


def _records(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.post(reverse("volunteers:export_records") + "?status=")), [
        "志愿者", "计入组织", "服务日期", "服务时长（小时）", "活动", "服务队", "状态"]


def _volunteer_full(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.post(reverse("volunteers:export_full"), {"reason": "保险投保名单"})), VOLUNTEER_LIST


def _volunteer_template(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.get(reverse("volunteers:import_template", args=["volunteers"]))), [
        "姓名", "性别", "身份证号", "手机号", "技能特长", "注册日期"]


def _records_template(client, c, **_):
    client.force_login(c.t1_staff)
    return body(client.get(reverse("volunteers:import_template", args=["records"]))), [
        "身份证号", "服务日期", "服务时长（小时）", "活动编号", "备注"]


def _volunteer_errors_job(client, c, settings, capture, **_):
    settings.PORTAL = {**settings.PORTAL, "IMPORT_SYNC_MAX_ROWS": 0}
    wb = openpyxl.Workbook()
    for row in (["姓名", "性别", "身份证号", "手机号", "技能特长", "注册日期"],
                ["乙", "男", "123", "", "", "2025-01-05"]):
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    client.force_login(c.t1_staff)
    with capture(execute=True):
        client.post(reverse("volunteers:import"), {"org": c.t1.pk, "kind": "volunteers",
                                                   "file": SimpleUploadedFile("v.xlsx", buffer.getvalue())})
    job = Job.objects.latest("pk")
    return body(client.get(reverse("jobs:download", args=[job.pk]))), None


def _admin_xlsx(client, c, **_):
    from members.models import Member

    client.force_login(c.d1_admin)
    formats = admin_site._registry[Member].get_export_formats()
    index = next(i for i, f in enumerate(formats) if f().get_extension() == "xlsx")
    response = client.post(reverse("admin:members_member_export"), {
        "format": str(index), "resource": "0", **{f"memberresource_{f}": "on" for f in (
            "number", "kind", "name", "id_number", "phone", "org", "joined_on", "status")}})
    return body(response), ["会员编号", "会员类别", "姓名/单位名称", "身份证号码", "手机号码", "所属组织", "入会日期",
                            "状态"]


KINDS = {
    "statistics": _statistics, "statistics (export_stats)": _statistics_command, "member list": _member_list,
    "member list (job)": _member_list_job, "member full export": _member_full, "member template": _member_template,
    "member import errors": _member_errors, "member import errors (job)": _member_errors_job,
    "volunteer list": _volunteer_list, "service records": _records, "volunteer full export": _volunteer_full,
    "volunteer template": _volunteer_template, "service record template": _records_template,
    "volunteer import errors (job)": _volunteer_errors_job, "admin member export (xlsx)": _admin_xlsx,
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_workbook_prints_on_a4(kind, world, client, settings, tmp_path, django_capture_on_commit_callbacks):
    content, expected = KINDS[kind](client, world, settings=settings, tmp_path=tmp_path,
                                    capture=django_capture_on_commit_callbacks)
    workbook = book(content)
    headers = [check_printable(ws) for ws in workbook.worksheets]
    if expected is not None:
        assert headers[0][:len(expected)] == expected


def test_statistics_prints_every_sheet_and_its_chart(world, client):
    workbook = book(_statistics(client, world)[0])
    assert workbook.sheetnames == ["调查表", "成效统计表", "覆盖率", "发展目标", "下级明细", "救灾物资与捐赠"]
    children = workbook["下级明细"]
    assert children.page_setup.orientation == "landscape"  # 15 columns
    assert children.print_title_rows.replace("$", "") == "1:2"
    end = int(children.print_area.split(":")[-1].lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    assert end >= children.max_row + 14  # the chart under the table is printed with it
