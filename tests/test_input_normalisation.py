"""Input normalised the same way everywhere: ID numbers typed with full-width digits or spaces
are the same number on the forms, the imports, the public application and the ID search; dates of
things already done cannot lie in the future (a message next to the field, or the row and cell of
an import); service hours take two decimals and every total stays exact (Decimal)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lib import pii
from members import excel as member_excel
from members.models import Application, Member
from members.resources import COLUMNS
from reports import excel as report_excel
from reports import statistics
from reports.report import build_report
from tests.members.factories import make_id
from tests.volunteers import factories as vf
from volunteers import excel as volunteer_excel
from volunteers import services as volunteers
from volunteers.models import ServiceRecord, ServiceTeam, Volunteer

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def typed(value: str) -> str:
    """How people type an ID on a Chinese keyboard: full-width digits, spaces between the groups."""
    wide = value.translate(FULL_WIDTH)
    return f"{wide[:6]}\u3000{wide[6:14]} {wide[14:]}"


def xlsx(header, rows) -> bytes:
    wb = openpyxl.Workbook()
    for row in [header, *rows]:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


TOMORROW = timezone.localdate() + timedelta(days=1)


# --- ID numbers ---------------------------------------------------------------------------------

def test_member_form_takes_a_full_width_spaced_id(cast, login):
    number = make_id()
    response = login(cast.t1_staff).post(reverse("members:create"), {
        "org": cast.t1.pk, "kind": "adult", "name": "甲", "id_number": typed(number), "phone": "13800000000",
        "joined_on": "2025-03-01"})
    assert response.status_code == 302
    assert Member.objects.get().full_id == number


def test_volunteer_form_takes_a_full_width_spaced_id(cast, login):
    number = vf.resident_id()
    response = login(cast.t1_staff).post(reverse("volunteers:create"), {
        "org": cast.t1.pk, "name": "乙", "gender": "F", "id_number": typed(number), "phone": "",
        "skills": "", "registered_on": "2025-01-01", "status": "active"})
    assert response.status_code == 302, response.content.decode()[-1500:]
    assert Volunteer.objects.get().full_id == number


def test_public_application_takes_a_full_width_spaced_id(cast, client):
    cache.clear()
    number = make_id()
    response = client.post(reverse("members:apply", args=[cast.t1.pk]), {
        "kind": "adult", "name": "申请人", "id_number": typed(number), "phone": "13700000000"})
    assert response.status_code == 302
    assert Application.objects.get().id_hash == pii.id_hash(number)
    cache.clear()


def test_id_search_finds_a_full_width_spaced_id(cast, login):
    from members import services

    member = services.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="甲", id_number=make_id(),
                                    phone="13800000000")
    response = login(cast.t1_staff).post(reverse("members:find"), {"id_number": typed(member.full_id)})
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[member.pk])


def test_imports_take_the_same_typed_ids(cast):
    number, vol_number = make_id(), vf.resident_id()
    header = [h for h, _ in COLUMNS]
    result = member_excel.import_members(xlsx(header, [["成人会员", "甲", typed(number), "13800000000", "否", None,
                                                         None, cast.t1.pk, None]]), by=cast.t1_staff, dry_run=False)
    assert result.saved == 1 and Member.objects.get().full_id == number
    result = volunteer_excel.import_file(
        xlsx(volunteer_excel.VOLUNTEER_COLUMNS, [["乙", "女", typed(vol_number), "", "", "2025-01-05"]]),
        "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert result.saved and Volunteer.objects.get().full_id == vol_number


# --- dates of things already done -----------------------------------------------------------------

def test_member_form_refuses_a_future_joining_date_next_to_the_field(cast, login):
    response = login(cast.t1_staff).post(reverse("members:create"), {
        "org": cast.t1.pk, "kind": "adult", "name": "甲", "id_number": make_id(), "phone": "13800000000",
        "joined_on": TOMORROW.isoformat()})
    assert response.status_code == 200 and response.context["form"].errors["joined_on"] == ["入会日期不能晚于今天。"]
    assert not Member.objects.exists()


@pytest.mark.parametrize("url, data, field, message", [
    ("volunteers:create", {"name": "乙", "gender": "F", "id_number": "", "phone": "", "skills": "",
                           "status": "active"}, "registered_on", "注册日期不能晚于今天。"),
    ("volunteers:team_create", {"name": "应急救护队", "specialty": "first_aid"}, "founded_on",
     "成立日期不能晚于今天。"),
])
def test_volunteer_forms_refuse_future_dates_next_to_the_field(cast, login, url, data, field, message):
    data = {**data, "org": cast.t1.pk, field: TOMORROW.isoformat()}
    if url == "volunteers:create":
        data["id_number"] = vf.resident_id()
    response = login(cast.t1_staff).post(reverse(url), data)
    assert response.status_code == 200 and response.context["form"].errors[field] == [message]
    assert not Volunteer.objects.exists() and not ServiceTeam.objects.exists()


def test_hours_form_refuses_a_future_service_date_next_to_the_field(cast, login):
    vol = vf.volunteer(cast.t1, cast.t1_staff)
    response = login(cast.t1_staff).post(reverse("volunteers:log_hours", args=[vol.pk]), {
        "served_on": TOMORROW.isoformat(), "hours": "2"})
    assert response.context["form"].errors["served_on"] == ["服务日期不能晚于今天。"]
    assert not ServiceRecord.objects.exists()


def test_imports_refuse_future_dates_in_their_row_and_cell(cast):
    header = [h for h, _ in COLUMNS]
    result = member_excel.import_members(xlsx(header, [["成人会员", "甲", make_id(), "13800000000", "否", None, None,
                                                         cast.t1.pk, TOMORROW]]), by=cast.t1_staff, dry_run=False)
    assert [(n, r) for n, _, r in result.failed] == [(2, ["入会日期不能晚于今天"])]
    assert result.cells[2] == {"joined_on": "入会日期不能晚于今天"}
    result = volunteer_excel.import_file(
        xlsx(volunteer_excel.VOLUNTEER_COLUMNS, [["乙", "女", vf.resident_id(), "", "", TOMORROW.isoformat()]]),
        "volunteers", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert result.errors == [(2, ["注册日期不能晚于今天。"])]
    vol = vf.volunteer(cast.t1, cast.t1_staff)
    result = volunteer_excel.import_file(
        xlsx(volunteer_excel.RECORD_COLUMNS, [[vol.full_id, TOMORROW.isoformat(), 2, "", ""]]),
        "records", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert result.errors == [(2, ["服务日期不能晚于今天。"])]


def test_volunteer_import_lists_every_error_of_a_row(cast):
    row = ["", "男的", "123", "1380000", "", TOMORROW.isoformat()]
    result = volunteer_excel.import_file(xlsx(volunteer_excel.VOLUNTEER_COLUMNS, [row]), "volunteers",
                                         org=cast.t1, by=cast.t1_staff, dry_run=True)
    (number, reasons), = result.errors
    assert number == 2 and len(reasons) == 5, reasons
    assert reasons[0].startswith("姓名：") and "性别" in reasons[1] and "身份证号码" in reasons[2]
    assert "手机号" in reasons[3] and reasons[4] == "注册日期不能晚于今天。"
    result = volunteer_excel.import_file(
        xlsx(volunteer_excel.RECORD_COLUMNS, [["123", "2025-02-30", "一小时", "", ""]]),
        "records", org=cast.t1, by=cast.t1_staff, dry_run=True)
    (number, reasons), = result.errors
    assert len(reasons) == 3 and "身份证号" in reasons[0] and "服务日期" in reasons[1] and "服务时长" in reasons[2]


# --- hours with two decimals ------------------------------------------------------------------------

def test_hours_take_two_decimals_on_the_form_and_the_import(cast, login):
    vol = vf.volunteer(cast.t1, cast.t1_staff)
    response = login(cast.t1_staff).post(reverse("volunteers:log_hours", args=[vol.pk]), {
        "served_on": "2025-03-01", "hours": "1.25"})
    assert response.status_code == 302
    assert ServiceRecord.objects.get().hours == Decimal("1.25")
    rows = [[vol.full_id, "2025-03-02", 0.75, "", ""], [vol.full_id, "2025-03-03", "2.5", "", ""],
            [vol.full_id, "2025-03-04", 0.1 + 0.2, "", "Excel 算出的 0.30000000000000004"]]
    result = volunteer_excel.import_file(xlsx(volunteer_excel.RECORD_COLUMNS, rows), "records", org=cast.t1,
                                         by=cast.t1_staff, dry_run=False)
    assert result.saved, result.errors
    assert sorted(ServiceRecord.objects.values_list("hours", flat=True)) == [
        Decimal("0.30"), Decimal("0.75"), Decimal("1.25"), Decimal("2.50")]
    result = volunteer_excel.import_file(xlsx(volunteer_excel.RECORD_COLUMNS, [[vol.full_id, "2025-03-05", "1.255",
                                                                                "", ""]]),
                                         "records", org=cast.t1, by=cast.t1_staff, dry_run=False)
    assert not result.saved and "服务时长" in result.errors[0][1][0] and "2 位" in result.errors[0][1][0]
    for text in ("NaN", "Infinity", "-1", "25"):
        result = volunteer_excel.import_file(xlsx(volunteer_excel.RECORD_COLUMNS, [[vol.full_id, "2025-03-05", text,
                                                                                    "", ""]]),
                                             "records", org=cast.t1, by=cast.t1_staff, dry_run=False)
        assert not result.saved and result.errors[0][1][0].startswith("服务时长"), (text, result.errors)


def test_totals_and_statistics_add_up_exactly(cast, login):
    """0.1 h served in the base year, 0.3 h later: the increase is 0.3, not 0.30000000000000004."""
    vol = vf.volunteer(cast.t1, cast.t1_staff, registered_on=date(2020, 1, 1))
    for served_on, hours in ((date(2020, 6, 1), "0.1"), (date(2024, 6, 1), "0.3"), (date(2024, 7, 1), "1.25")):
        volunteers.approve_record(volunteers.log_hours(vol, by=cast.t1_staff, served_on=served_on, hours=hours),
                                  by=cast.d1_admin)
    assert ServiceRecord.objects.approved().credited_within(cast.d1).total_hours() == Decimal("1.65")
    report = build_report(cast.d1, date(2024, 6, 30), 2020)
    assert report.survey[14] == Decimal("0.4") and report.increase[14] == Decimal("0.3")
    assert statistics.hours_by_specialty(cast.d1, date(2024, 12, 31)) == {"未编队": Decimal("1.65")}
    ws = openpyxl.load_workbook(io.BytesIO(report_excel.workbook_bytes(report)))["成效统计表"]
    assert ws.cell(3 + 13, 3).value == 0.3  # item 14, written as the decimal it is


def test_pages_show_the_hours_entered_and_their_exact_total(cast, login):
    vol = vf.volunteer(cast.t1, cast.t1_staff, name="丙")
    activity = vf.activity(cast.t1, cast.t1_staff, held_on=date(2025, 3, 1))
    volunteers.add_to_roster(activity, by=cast.t1_staff, volunteers=[vol])
    client = login(cast.t1_staff)
    page = client.get(reverse("volunteers:activity", args=[activity.pk])).content.decode()
    assert f'step="0.01" min="0" max="24" class="form-control form-control-sm" name="hours_{vol.pk}"' in page
    response = client.post(reverse("volunteers:activity", args=[activity.pk]), {f"hours_{vol.pk}": "1.25"})
    assert response.status_code == 302
    volunteers.log_hours(vol, by=cast.t1_staff, served_on=date(2025, 3, 2), hours="0.4")
    for record in ServiceRecord.objects.all():
        volunteers.approve_record(record, by=cast.d1_admin)
    detail = client.get(reverse("volunteers:detail", args=[vol.pk])).content.decode()
    assert '<dd class="col-sm-4" id="total-hours">1.65</dd>' in detail  # not 1.7
    assert "<td>1.25</td>" in detail and "<td>0.40</td>" in detail
