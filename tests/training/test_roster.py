"""Training classes: the roster entered and imported all-or-nothing, results, sealing, scoping."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.urls import reverse

from lib import pii
from lib.audit import ACTION_LABELS
from tests.members.factories import bad_check, make_id
from training import imports, services
from training.models import Enrollment, Trainee

pytestmark = pytest.mark.django_db


def make_class(c, **extra):
    fields = {"title": "莲花街道救护员培训班", "kind": "first_aider", "starts_on": date(2026, 3, 2),
              "ends_on": date(2026, 3, 3), "hours": 16, "venue": "莲花街道便民服务中心", "pass_mark": 80}
    return services.create_class(by=c.t1_staff, org=c.t1, **(fields | extra))


def roster(rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["学员名册"])
    ws.append(imports.HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_rows(n):
    return [[f"学员{i}", make_id(seq=i), f"139{i:08d}", "雁江区第一中学"] for i in range(n)]


def test_two_hundred_rows_with_three_bad_save_nothing_and_name_the_cells(cast):
    klass = make_class(cast)
    rows = good_rows(200)
    rows[10][1] = bad_check(rows[10][1])  # row 13 of the sheet (title, header above)
    rows[50][2] = "1234"
    rows[120][0] = ""
    result = imports.import_roster(klass, roster(rows), by=cast.t1_staff)
    assert result.total == 200 and result.saved == 0
    assert [(n, sorted(e)) for n, _, e in result.failed] == [(13, ["id_number"]), (53, ["phone"]), (123, ["name"])]
    assert not Enrollment.objects.exists() and not Trainee.objects.exists()

    marked = openpyxl.load_workbook(io.BytesIO(imports.error_workbook(result))).active
    flagged = {(cell.row, marked.cell(2, cell.column).value) for row in marked.iter_rows() for cell in row
               if cell.comment is not None}
    assert {header for _, header in flagged} == {"身份证号码", "手机号码", "姓名"} and len(flagged) == 3

    rows[10][1], rows[50][2], rows[120][0] = make_id(seq=900), "13900000999", "学员补"
    fixed = imports.import_roster(klass, roster(rows), by=cast.t1_staff)
    assert fixed.failed == [] and fixed.saved == 200
    assert klass.enrollments.count() == 200


def test_import_refuses_a_person_twice_in_one_file(cast):
    klass = make_class(cast)
    rows = good_rows(2) + [["重复者", make_id(seq=1), "", ""]]
    result = imports.import_roster(klass, roster(rows), by=cast.t1_staff)
    assert result.failed[0][2] == {"id_number": "与第 4 行重复"} and result.saved == 0


def test_a_trainee_is_one_person_across_classes_with_the_number_sealed(cast):
    first, second = make_class(cast), make_class(cast, title="复训班", kind="refresher")
    number = make_id(seq=7)
    services.add_trainee(first, by=cast.t1_staff, name="李学员", id_number=number, phone="13800001234")
    services.add_trainee(second, by=cast.t1_staff, name="李学员", id_number=number, work_unit="莲花小学")
    trainee = Trainee.objects.get()
    assert trainee.enrollments.count() == 2 and trainee.full_id == number and trainee.gender
    assert trainee.id_hash == pii.id_hash(number) and trainee.masked_id.endswith(number[-4:])
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM training_trainee "
                       "UNION ALL SELECT id_number FROM training_historicaltrainee")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(number not in value for value in stored)
    with pytest.raises(ValidationError):
        services.add_trainee(first, by=cast.t1_staff, name="李学员", id_number=number)


def test_results_pass_on_attendance_and_the_pass_mark(cast):
    klass = make_class(cast)
    seats = [services.add_trainee(klass, by=cast.t1_staff, name=f"学员{i}", id_number=make_id(seq=30 + i))
             for i in range(3)]
    services.record_results(klass, by=cast.t1_staff,
                            results={seats[0].pk: (True, 85), seats[1].pk: (False, 95), seats[2].pk: (True, 79)})
    assert [s.passed for s in Enrollment.objects.order_by("pk")] == [True, False, False]
    with pytest.raises(ValidationError):
        services.record_results(klass, by=cast.t1_staff, results={seats[0].pk: (True, 101)})
    assert Enrollment.objects.get(pk=seats[0].pk).score == 85


def test_other_branches_and_reviewers_may_not_write(cast):
    klass = make_class(cast)
    with pytest.raises(PermissionDenied):
        services.add_trainee(klass, by=cast.d1_reviewer, name="甲", id_number=make_id())
    with pytest.raises(Http404):  # another town's class does not exist for its staff
        services.add_trainee(klass, by=cast.t2_staff, name="甲", id_number=make_id())
    assert not Trainee.objects.exists()


def test_pages_run_a_class_from_roster_to_results(cast, login):
    client = login(cast.t1_staff)
    resp = client.post(reverse("training:class_create"), {
        "org": cast.t1.pk, "title": "普及培训（莲花社区）", "kind": "awareness", "starts_on": "2026-04-01",
        "ends_on": "2026-04-01", "hours": 4, "venue": "莲花社区活动室", "pass_mark": 60})
    klass = cast.t1.training_classes.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("training:class", args=[klass.pk])
    number = make_id(seq=77)
    client.post(reverse("training:class", args=[klass.pk]), {"name": "王学员", "id_number": number, "phone": ""})
    bad = client.post(reverse("training:class", args=[klass.pk]), {"name": "赵学员", "id_number": bad_check(number)})
    assert bad.status_code == 200 and "身份证号码" in bad.content.decode() and klass.enrollments.count() == 1
    rows = good_rows(3)
    rows[1][1] = "12345"
    upload = SimpleUploadedFile("名册.xlsx", roster(rows))
    page = client.post(reverse("training:import", args=[klass.pk]), {"file": upload})
    assert page.status_code == 200 and "身份证号码：" in page.content.decode() and klass.enrollments.count() == 1
    token = page.context["token"]
    failed = client.get(reverse("training:import_failed", args=[klass.pk, token]))
    assert failed.status_code == 200 and failed["Content-Type"].startswith("application/vnd.openxmlformats")
    rows[1][1] = make_id(seq=78)
    fixed = SimpleUploadedFile("名册.xlsx", roster(rows))
    done = client.post(reverse("training:import", args=[klass.pk]), {"file": fixed})
    assert done.status_code == 302 and klass.enrollments.count() == 4
    seat = klass.enrollments.first()
    client.post(reverse("training:results", args=[klass.pk]), {f"attended-{seat.pk}": "1", f"score-{seat.pk}": "90"})
    seat.refresh_from_db()
    assert seat.passed is True and seat.score == 90
    detail = client.get(reverse("training:class", args=[klass.pk])).content.decode()
    assert number not in detail and number[-4:] in detail and "合格" in detail


def test_audit_codes_have_labels():
    assert all(f"training.{code}" in ACTION_LABELS for code in ("class_created", "trainee_added", "import", "results"))
