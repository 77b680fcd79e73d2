"""The member import as a clerk uses it: the template as supplied imports (an empty 所属组织编号
means the account's own org), the form and the import answer with one rule, and the error
workbook hands back IDs as text with each bad cell marked."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lib.identity import mask_id
from members import excel, services
from members.forms import MemberForm
from members.models import Kind, Member
from tests.members.factories import bad_check, make_credit, make_id

HEADER = ["会员类别", "姓名/单位名称", "身份证号码", "手机号码", "在校学生", "统一社会信用代码", "联系人",
          "所属组织编号", "入会日期"]


def template(client) -> bytes:
    response = client.get(reverse("members:import_template"))
    assert response.status_code == 200
    return response.content


def filled(content: bytes, rows: list[list]) -> bytes:
    """The downloaded workbook with ``rows`` typed in under its header, nothing else touched."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    for row in rows:
        wb.worksheets[0].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, content: bytes, commit="1"):
    return client.post(reverse("members:import"), {"file": SimpleUploadedFile("m.xlsx", content), "commit": commit})


def header_row(ws) -> int:
    return next(r for r in range(1, 11) if [c.value for c in ws[r]][:len(HEADER)] == HEADER)


def test_the_template_as_supplied_imports_into_the_clerks_own_org(cast, login):
    client = login(cast.t1_staff)
    rows = [["成人会员", "甲", make_id(), "13800000000", "否", None, None, None, date(2025, 3, 1)],
            ["青少年会员", "乙", make_id(born=date(2013, 4, 5)), None, "是", None, None, None, None]]
    response = upload(client, filled(template(client), rows))
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert sorted(Member.objects.values_list("name", "org", "phone")) == [("乙", cast.t1.pk, ""),
                                                                          ("甲", cast.t1.pk, "13800000000")]
    assert Member.objects.get(name="乙").joined_on == timezone.localdate()  # empty 入会日期: today


def test_template_says_where_empty_org_goes_and_types_ids_as_text(cast, login):
    ws = openpyxl.load_workbook(io.BytesIO(template(login(cast.t1_staff)))).worksheets[0]
    row = header_row(ws)
    notes = {h: ws.cell(row - 1, i).value for i, h in enumerate(HEADER, 1)}
    assert "留空" in notes["所属组织编号"] and cast.t1.name in notes["所属组织编号"]
    assert str(cast.t1.pk) in notes["所属组织编号"]
    assert "可不填" in notes["手机号码"] and "文本" in notes["身份证号码"]
    for letter in ("C", "D", "F"):  # 身份证号码, 手机号码, 统一社会信用代码: what is typed there stays text
        assert ws.column_dimensions[letter].number_format == "@"
    orgs = openpyxl.load_workbook(io.BytesIO(template(login(cast.d1_admin))))["组织编号"]
    listed = {r[1] for r in orgs.iter_rows(min_row=3, values_only=True)}
    assert {cast.t1.name, cast.t2.name, cast.v1.name} <= listed and cast.t3.name not in listed


def test_an_account_whose_org_holds_no_members_must_name_the_org(cast, login):
    client = login(cast.d1_admin)  # a county body: members are registered at grassroots orgs
    content = template(client)
    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert "必填" in ws.cell(header_row(ws) - 1, 8).value
    response = upload(client, filled(content, [["成人会员", "甲", make_id(), "13800000000", "否", None, None,
                                                None, None]]))
    assert "请填写所属组织编号" in response.content.decode() and not Member.objects.exists()
    result = excel.import_members(filled(content, [["成人会员", "甲", make_id(), "13800000000", "否", None, None,
                                                    cast.t2.pk, None]]), by=cast.d1_admin, dry_run=False)
    assert result.saved == 1 and Member.objects.get().org == cast.t2


TOMORROW = timezone.localdate() + timedelta(days=1)
CASES = {  # field: (form data, the same member as an import row)
    "phone": ({"kind": Kind.ADULT, "phone": ""}, {"kind": "成人会员", "phone": None}),
    "kind": ({"kind": Kind.YOUTH, "id_number": make_id(born=date(1990, 1, 1))},
             {"kind": "青少年会员", "id": make_id(born=date(1990, 1, 1))}),
    "joined_on": ({"joined_on": TOMORROW.isoformat()}, {"joined": TOMORROW}),
    "id_number": ({"id_number": bad_check(make_id())}, {"id": bad_check(make_id())}),
    "contact_person": ({"kind": Kind.GROUP, "id_number": "", "credit_code": make_credit(), "contact_person": ""},
                       {"kind": "团体会员", "id": None, "credit": make_credit()}),
}


@pytest.mark.parametrize("field", list(CASES))
def test_form_and_import_answer_with_one_rule(cast, field):
    form_data, row_data = CASES[field]
    data = {"org": cast.t1.pk, "kind": Kind.ADULT, "name": "甲", "id_number": make_id(), "phone": "13800000000",
            "joined_on": "2025-03-01", **form_data}
    form = MemberForm(data, user=cast.t1_staff)
    assert not form.is_valid() and field in form.errors  # next to the field, before any service runs
    values = {"kind": "成人会员", "id": make_id(), "phone": "13800000000", "joined": date(2025, 3, 1),
              "credit": None, **row_data}
    sheet = openpyxl.Workbook()
    sheet.active.append(HEADER)
    sheet.active.append([values["kind"], "甲", values["id"], values["phone"], "否", values["credit"], None,
                         cast.t1.pk, values["joined"]])
    buffer = io.BytesIO()
    sheet.save(buffer)
    result = excel.import_members(buffer.getvalue(), by=cast.t1_staff, dry_run=True)
    (_, _, reasons), = result.failed
    assert [r + "。" for r in reasons] == form.errors[field]  # the same words
    assert list(result.cells[2]) == [field]


def test_youth_without_phone_is_accepted_by_form_and_import_alike(cast, login):
    client = login(cast.t1_staff)
    response = client.post(reverse("members:create"), {
        "org": cast.t1.pk, "kind": Kind.YOUTH, "name": "少年甲", "id_number": make_id(born=date(2013, 1, 1)),
        "joined_on": "2025-03-01", "in_school": "on"})
    assert response.status_code == 302 and Member.objects.get().phone == ""
    response = upload(client, filled(template(client), [["青少年会员", "少年乙", make_id(born=date(2013, 2, 2)), None,
                                                          "是", None, None, None, None]]))
    assert response.status_code == 302 and Member.objects.count() == 2


def test_error_workbook_gives_ids_back_as_text_and_marks_each_bad_cell(cast, login):
    client = login(cast.t1_staff)
    numeric = make_id(seq=321)
    typed = float(numeric[:15] + "000")  # Excel keeps 15 significant digits of a number typed in General
    rows = [["成人会员", "甲", typed, "13800000000", "否", None, None, None, None],
            ["普通会员", "乙", bad_check(make_id()), "138000", "否", None, None, None, None],
            ["成人会员", "丙", make_id(), "13800000000", "否", None, None, None, None]]
    response = upload(client, filled(template(client), rows))
    assert "2 行有误" in response.content.decode() and not Member.objects.exists()
    errors = client.get(reverse("members:import_failed", args=[response.context["result"].token]))
    ws = openpyxl.load_workbook(io.BytesIO(errors.content)).active
    row = header_row(ws)
    header = [c.value for c in ws[row]]
    assert header[:len(HEADER)] == HEADER and header[len(HEADER):] == ["错误原因", "原表行号"]
    first, second = ws[row + 1], ws[row + 2]
    assert first[2].data_type == "s" and first[2].number_format == "@"  # text, never 5.12E+17
    # masked, as everything the error file holds (it outlives the request in the cache or a job)
    assert first[2].value == mask_id(numeric[:15] + "000") and "*" in first[2].value
    assert first[2].fill.fgColor.rgb.endswith("FFC7CE") and "数字格式" in first[2].comment.text
    assert [c.fill.fgColor.rgb.endswith("FFC7CE") for c in second[:4]] == [True, False, True, True]
    assert "会员类别" in second[0].comment.text and "校验位" in second[2].comment.text
    assert "校验位" in second[9].value and "手机号码" in second[9].value and second[10].value == 5
    assert first[3].data_type == "s" and first[3].value == "138****0000"  # phones text and masked too
    # the clerk corrects the rows the 原表行号 points at in their own file and uploads it again
    rows[0][2] = numeric
    rows[1][0], rows[1][2], rows[1][3] = "成人会员", make_id(), "13800000001"
    assert upload(client, filled(template(client), rows)).status_code == 302
    assert sorted(Member.objects.values_list("name", flat=True)) == ["丙", "乙", "甲"]


def test_group_member_credit_code_is_not_imported_twice(cast):
    code = make_credit()
    services.create_member(by=cast.t1_staff, org=cast.t1, kind=Kind.GROUP, name="甲公司", credit_code=code,
                           contact_person="联系人")
    sheet = openpyxl.Workbook()
    sheet.active.append(HEADER)
    other = make_credit()
    for name, credit in (("甲公司", code), ("乙公司", other), ("丙公司", other)):
        sheet.active.append(["团体会员", name, None, None, None, credit, "联系人", cast.t1.pk, None])
    buffer = io.BytesIO()
    sheet.save(buffer)
    result = excel.import_members(buffer.getvalue(), by=cast.t1_staff, dry_run=False)
    assert [(n, r) for n, _, r in result.failed] == [(2, ["该统一社会信用代码已登记为团体会员"]),
                                                     (4, ["统一社会信用代码与第3行重复"])]
    assert Member.objects.count() == 1


def test_an_import_is_an_audit_event_with_its_count_and_a_refused_one_is_not(cast, login):
    from orgs.models import AuditEvent

    client = login(cast.t1_staff)
    rows = [["成人会员", "甲", make_id(seq=11), "13800000000", "否", None, None, None, None],
            ["成人会员", "乙", make_id(seq=12), "13800000001", "否", None, None, None, None]]
    assert upload(client, filled(template(client), [*rows, ["普通会员", "丙", "1", None, "否", None, None, None,
                                                            None]])).status_code == 200
    assert upload(client, filled(template(client), rows), commit="0").status_code == 200  # a preview
    assert not AuditEvent.objects.filter(action="member.import").exists()
    assert upload(client, filled(template(client), rows)).status_code == 302
    event = AuditEvent.objects.get(action="member.import")
    assert event.user == cast.t1_staff and event.org == cast.t1 and event.detail["count"] == 2
