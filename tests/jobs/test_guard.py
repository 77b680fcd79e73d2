"""The guard around every task body (``jobs.runner.run``), in-process: a media folder that
cannot be written fails the job with its reason and a retry (never 进行中 forever); an import's
upload, which holds whole ID numbers, is gone once the job ends and its error workbook is masked;
a job whose enqueue was lost is queued again by the sweeper."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from filings import tasks as filing_tasks
from jobs import runner, services, sweeper
from jobs.models import Job, JobStatus
from members import services as members
from members import tasks as member_tasks
from members.models import Member
from tests.faults import unwritable
from tests.jobs import workers
from tests.members.factories import bad_check, ids
from tests.members.test_excel import row, sheet
from tests.volunteers.test_excel import good_row, xlsx
from volunteers import excel as volunteer_excel
from volunteers import tasks as volunteer_tasks

ID = re.compile(r"\d{17}[\dX]")


@pytest.fixture
def submitted_filing(cast):
    workers.submitted_filings(cast, 1)


def _job(job) -> Job:
    return Job.objects.get(pk=job.pk)


def _media_files(settings) -> set[str]:
    return {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}


def test_unwritable_media_fails_an_export_with_its_reason_and_a_retry_works(
        cast, settings, client, django_capture_on_commit_callbacks):
    for i, value in enumerate(ids(3, start=700)):
        members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name=f"会员{i}", id_number=value,
                              phone="13812345678")
    with unwritable(settings.MEDIA_ROOT), django_capture_on_commit_callbacks(execute=True):
        job = member_tasks.start_export(by=cast.t1_staff, filters=QueryDict())
    job = _job(job)
    assert job.status == JobStatus.FAILED and not job.file
    assert job.message == "无法写入文件（没有写入权限），任务未完成，未保存任何数据。请联系管理员检查存储后重试。"
    assert not runner.temp_dir(job.pk).exists()  # the workbook written before the failure is gone
    client.force_login(cast.t1_staff)
    progress = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert progress["finished"] and progress["status_label"] == "失败" and progress["can_retry"]

    with django_capture_on_commit_callbacks(execute=True):  # storage repaired: 重试
        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    job = _job(job)
    assert job.status == JobStatus.DONE and job.message == "已导出 3 名会员。" and job.file
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_unwritable_media_fails_a_pdf_zip_instead_of_leaving_it_running(
        submitted_filing, cast, settings, django_capture_on_commit_callbacks):
    with unwritable(settings.MEDIA_ROOT), django_capture_on_commit_callbacks(execute=True):
        job = filing_tasks.request_export(by=cast.d1_reviewer)
    job = _job(job)
    assert (job.status, job.done, job.total) == (JobStatus.FAILED, 1, 1)
    assert "没有写入权限" in job.message and job.can_retry and job.finished_at


def test_a_failed_job_can_be_retried_once_and_only_by_its_requester(
        submitted_filing, cast, settings, client, django_capture_on_commit_callbacks):
    with unwritable(settings.MEDIA_ROOT), django_capture_on_commit_callbacks(execute=True):
        job = filing_tasks.request_export(by=cast.d1_reviewer)
    client.force_login(cast.d1_admin)
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    client.force_login(cast.d1_reviewer)
    assert client.get(reverse("jobs:retry", args=[job.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("jobs:retry", args=[job.pk]))
    assert _job(job).status == JobStatus.DONE
    response = client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert "该任务不能重试" in response.content.decode() and _job(job).status == JobStatus.DONE


def test_an_import_upload_is_deleted_when_the_job_ends_and_its_error_rows_are_masked(
        cast, settings, django_capture_on_commit_callbacks):
    settings.PORTAL = {**settings.PORTAL, "IMPORT_SYNC_MAX_ROWS": 1}
    values = ids(3, start=800)
    data = sheet([row(cast.t1, values[0]), row(cast.t1, bad_check(values[1])), row(cast.t1, values[2])])
    with django_capture_on_commit_callbacks(execute=True):
        job = member_tasks.start_import(by=cast.t1_staff, data=data, commit=True, rows=3)
    job = _job(job)
    assert job.status == JobStatus.FAILED and "1 行有误" in job.message and Member.objects.count() == 0
    assert not job.upload and _media_files(settings) == {job.file.name}  # the upload is gone
    assert job.again_url == reverse("members:import") and not job.can_retry
    with job.file.open("rb") as f:
        ws = openpyxl.load_workbook(io.BytesIO(f.read())).active
    cells = [str(c.value) for r in ws.iter_rows() for c in r if c.value is not None]
    assert any("校验位" in c for c in cells) and not [c for c in cells if ID.search(c) or "13800000000" in c]
    bad = bad_check(values[1])
    assert bad[:4] + "*" * 10 + bad[-4:] in cells and "138****0000" in cells

    data = sheet([row(cast.t1, v) for v in ids(3, start=900)])
    with django_capture_on_commit_callbacks(execute=True):
        job = member_tasks.start_import(by=cast.t1_staff, data=data, commit=True, rows=3)
    job = _job(job)
    assert job.status == JobStatus.DONE and Member.objects.count() == 3
    assert not job.upload and not [n for n in _media_files(settings) if n.endswith(".xlsx") and "upload" in n]


def test_a_volunteer_import_upload_is_deleted_too(cast, settings, django_capture_on_commit_callbacks):
    data = xlsx(volunteer_excel.VOLUNTEER_COLUMNS, [good_row("甲"), good_row("乙")])
    with django_capture_on_commit_callbacks(execute=True):
        job = volunteer_tasks.start_import(by=cast.t1_staff, data=data, kind="volunteers", org=cast.t1,
                                           dry_run=False, rows=2)
    job = _job(job)
    assert job.status == JobStatus.DONE and not job.upload and _media_files(settings) == set()


def test_a_job_whose_enqueue_was_lost_is_queued_again_by_the_sweeper(cast, django_capture_on_commit_callbacks):
    members.create_member(by=cast.t1_staff, org=cast.t1, kind="adult", name="会员", id_number=ids(1)[0],
                          phone="13812345678")
    job = member_tasks.start_export(by=cast.t1_staff, filters=QueryDict())  # its on_commit never runs
    assert sweeper.sweep() == {"failed": 0, "requeued": 0, "cleaned": 0}  # not stale yet
    later = timezone.now() + timedelta(minutes=5)
    assert sweeper.sweep(now=later)["requeued"] == 1
    job = _job(job)
    assert job.status == JobStatus.DONE and job.attempts == 1 and job.message == "已导出 1 名会员。"


def test_purge_deletes_old_pdf_zips_with_their_files(
        submitted_filing, cast, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = filing_tasks.request_export(by=cast.d1_reviewer)
    name = _job(job).file.name
    assert (settings.MEDIA_ROOT / name).exists()
    assert services.purge(now=timezone.now() + timedelta(days=8)) == 1
    assert not Job.objects.exists() and not (settings.MEDIA_ROOT / name).exists()
