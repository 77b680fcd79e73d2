"""Big exports and imports leave the request: a job row, a progress page polling JSON, and a result
file only the requester can fetch. Tasks run through the ImmediateBackend here (on commit);
``test_worker.py`` runs one through a real ``db_worker`` process."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from jobs.models import Job, JobStatus
from members import services as members
from members.models import Member
from orgs.models import AuditEvent
from tests.members.factories import bad_check, ids
from tests.members.test_excel import row, sheet
from tests.volunteers import factories as vf
from tests.volunteers.test_excel import good_row, xlsx
from volunteers import excel as volunteer_excel
from volunteers.models import Volunteer


@pytest.fixture
def small_limits(settings):
    settings.PORTAL = {**settings.PORTAL, "EXPORT_SYNC_MAX_ROWS": 3, "IMPORT_SYNC_MAX_ROWS": 3}


def _members(cast, n):
    return [members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i}", id_number=v,
                                  phone="13812345678") for i, v in enumerate(ids(n, start=900))]


def _download(client, job):
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_big_member_export_runs_as_a_job_with_progress_and_a_private_result(
        client, cast, small_limits, django_capture_on_commit_callbacks):
    made = _members(cast, 5)
    client.force_login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:export") + "?kind=adult")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])

    page = client.get(response["Location"]).content.decode()
    assert 'src="/static/js/job_progress.js"' in page and "<script>" not in page  # CSP: no inline script
    progress = json.loads(client.get(reverse("jobs:progress", args=[job.pk])).content)
    assert progress["status"] == JobStatus.DONE and progress["finished"] is True
    assert progress["percent"] == 100 and progress["done"] == progress["total"] == 5
    assert progress["download_url"] == reverse("jobs:download", args=[job.pk])

    ws = _download(client, job)
    numbers = sorted(m.number for m in made)
    assert [c.value for c in ws["A"]][2:] == numbers  # under the title and the header
    assert {c.value for c in ws["E"][2:]} == {m.masked_id for m in made}  # masked by default
    assert {c.value for c in ws["F"][2:]} == {"138****5678"}
    assert not AuditEvent.objects.filter(action="member.export_full").exists()


@pytest.mark.parametrize("outsider", ["t2_staff", "d1_admin", "city_admin"])
def test_only_the_requester_sees_a_job(client, cast, small_limits, django_capture_on_commit_callbacks, outsider):
    _members(cast, 4)
    client.force_login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:export"))
    job = Job.objects.get()
    client.force_login(getattr(cast, outsider))  # a sibling, and admins above whose scope holds the job
    for name in ("jobs:detail", "jobs:progress", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("jobs:list")).content.decode()


def test_a_big_export_never_carries_whole_numbers(client, cast, small_limits, django_capture_on_commit_callbacks):
    """Whole numbers leave only through the granted, reasoned, watermarked full export
    (members:export_full); asking the background export for them changes nothing."""
    made = _members(cast, 4)
    client.force_login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:export") + "?full=1")
    ws = _download(client, Job.objects.get())
    assert {c.value for c in ws["E"][2:]} == {m.masked_id for m in made}


def test_big_member_import_is_all_or_nothing_on_the_worker(client, cast, small_limits,
                                                             django_capture_on_commit_callbacks):
    values = ids(5, start=2000)
    rows = [row(cast.t1, v, f"导入{i}") for i, v in enumerate(values)]
    rows[3][2] = bad_check(values[3])
    client.force_login(cast.t1_staff)
    upload = io.BytesIO(sheet(rows))
    upload.name = "m.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:import"), {"file": upload, "commit": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and job.total == 5
    assert job.status == JobStatus.FAILED and "1 行有误" in job.message and "未保存任何数据" in job.message
    assert Member.objects.count() == 0
    errors = _download(client, job)
    assert errors.cell(2, 10).value == "错误原因" and "校验位" in errors.cell(3, 10).value

    rows[3][2] = values[3]
    upload = io.BytesIO(sheet(rows))
    upload.name = "m.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:import"), {"file": upload, "commit": "1"})
    job = Job.objects.latest("pk")
    assert job.status == JobStatus.DONE and job.message == "已导入 5 名会员。"
    assert Member.objects.count() == 5


def test_small_import_stays_on_the_request(client, cast, small_limits):
    client.force_login(cast.t1_staff)
    upload = io.BytesIO(sheet([row(cast.t1, v) for v in ids(3, start=3000)]))
    upload.name = "m.xlsx"
    response = client.post(reverse("members:import"), {"file": upload, "commit": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("members:list")
    assert Member.objects.count() == 3 and not Job.objects.exists()


def test_big_volunteer_exports_and_import(client, cast, small_limits, django_capture_on_commit_callbacks):
    from datetime import date

    from volunteers import services

    for i in range(4):
        v = vf.volunteer(cast.t1, cast.t1_staff, name=f"志愿者{i}", phone="13912345678")
        services.log_hours(v, by=cast.t1_staff, served_on=date(2026, 3, 1), hours=2)
    client.force_login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:export"))
        client.post(reverse("volunteers:export_records") + "?status=")
    volunteers_job, records_job = Job.objects.order_by("pk")
    ws = _download(client, volunteers_job)
    assert sorted(c.value for c in ws["A"][2:]) == [f"志愿者{i}" for i in range(4)]
    assert {c.value for c in ws["D"][2:]} == {"139****5678"}
    assert _download(client, records_job).max_row == 6

    data = xlsx(volunteer_excel.VOLUNTEER_COLUMNS, [good_row(f"新{i}") for i in range(4)] +
                [["乙", "男", "123", "", "", "2026-01-05"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("volunteers:import"), {"org": cast.t1.pk, "kind": "volunteers",
                                                   "file": SimpleUploadedFile("v.xlsx", data)})
    job = Job.objects.latest("pk")
    assert job.status == JobStatus.FAILED and "1 行有误" in job.message
    assert Volunteer.objects.count() == 4  # the four made above; none of the file's
    assert _download(client, job).cell(3, 1).value == 6


def test_job_list_shows_own_jobs_only(client, cast, small_limits, django_capture_on_commit_callbacks):
    _members(cast, 4)
    for user in (cast.t1_staff, cast.d1_admin):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("members:export"))
    page = client.get(reverse("jobs:list")).content.decode()
    assert page.count("导出会员 Excel") == 1 and "已导出 4 名会员" in page


def test_purge_jobs_deletes_old_jobs_and_their_files(client, cast, small_limits, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    _members(cast, 4)
    client.force_login(cast.t1_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:export"))
        client.post(reverse("members:export"))
    old, new = Job.objects.order_by("pk")
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    call_command("purge_jobs")
    assert list(Job.objects.values_list("pk", flat=True)) == [new.pk]
    assert not storage.exists(name) and new.file.storage.exists(new.file.name)
