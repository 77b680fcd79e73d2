"""The progress page of a background job updates itself from the JSON endpoint (served script,
strict CSP): a running job's bar moves, and the download link appears once the worker is done."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from jobs.models import Job, JobStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_progress_bar_follows_the_job_and_offers_the_result(cast, page, sign_in):
    job = Job.objects.create(kind="members.export", title="导出会员 Excel", org=cast.t1,
                             requested_by=cast.t1_staff, status=JobStatus.RUNNING, total=1000, done=0)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    sign_in(cast.t1_staff)
    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator("[data-job=status]")).to_have_text("进行中")
    expect(page.locator("[data-job=download]")).to_be_hidden()

    Job.objects.filter(pk=job.pk).update(done=400)  # the worker reports progress
    expect(page.locator("[data-job=counts]")).to_have_text("（400/1000）")
    assert page.locator("[data-job=bar]").evaluate("bar => bar.value") == 40

    job.file.save("members.xlsx", ContentFile(b"PK fake"), save=False)
    Job.objects.filter(pk=job.pk).update(file=job.file.name, filename="members.xlsx", done=1000,
                                         status=JobStatus.DONE, message="已导出 1000 名会员。")
    expect(page.locator("[data-job=download]")).to_be_visible()
    expect(page.locator("[data-job=message]")).to_have_text("已导出 1000 名会员。")
    assert page.locator("[data-job=bar]").evaluate("bar => bar.value") == 100
    assert not [e for e in errors if "Content Security Policy" in e]


def test_a_failed_job_shows_its_reason_and_offers_a_retry(cast, page, sign_in):
    job = Job.objects.create(kind="filings.pdf_zip", title="批量导出备案表 PDF", org=cast.d1,
                             requested_by=cast.d1_reviewer, status=JobStatus.RUNNING, total=10, done=3,
                             task="filings.tasks.build_pdf_zip")
    sign_in(cast.d1_reviewer)
    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator("[data-job=retry]")).to_be_hidden()
    expect(page.locator("[data-job=again]")).to_be_hidden()

    reason = "任务进程意外中止（可能是服务器重启），任务未完成，未保存任何数据。请点击“重试”重新开始。"
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=reason)  # the sweeper gave up on it
    expect(page.locator("[data-job=status]")).to_have_text("失败")
    expect(page.locator("[data-job=message]")).to_have_text(reason)
    expect(page.locator("[data-job=retry] button")).to_be_visible()
    expect(page.locator("[data-job=download]")).to_be_hidden()

    page.locator("[data-job=retry] button").click()  # queued again and run (no filings: an empty ZIP)
    expect(page.locator("[data-job=status]")).to_have_text("已完成")
    expect(page.locator("[data-job=download]")).to_be_visible()
    expect(page.locator("[data-job=retry]")).to_be_hidden()
    assert Job.objects.get(pk=job.pk).message == "已打包 0 份备案表。"
