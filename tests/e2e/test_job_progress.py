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
