"""Faults caused to a real worker (``manage.py jobs_worker``) while it builds a ZIP of filing
PDFs: killed with SIGKILL, and its database connections cut by the server. Each ends in a clear
state the requester sees, the worker keeps serving, and nothing is left behind. PostgreSQL only
(the worker is another process and must see the test database)."""

import io
import os
import signal
import time
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from filings import tasks
from jobs import runner, sweeper
from jobs.models import Job, JobStatus
from tests.faults import terminate_backends
from tests.jobs import workers

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_TEMP_DIR = tmp_path / "jobs-tmp"
    return tmp_path / "worker.log"


def _job(pk) -> Job:
    return Job.objects.get(pk=pk)


def _zip_names(client, job) -> list[str]:
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()


def test_a_job_whose_worker_is_killed_is_failed_by_the_next_worker_and_can_be_retried(cast, settings, queue):
    workers.submitted_filings(cast, 12)
    job = tasks.request_export(by=cast.d1_reviewer)
    env = workers.env(settings)
    first = workers.start(env, queue)
    try:
        workers.wait_for(lambda: _job(job.pk).done >= 2, what="the ZIP under way", log=queue)
        folder = runner.temp_dir(job.pk)
        assert folder.is_dir() and any(folder.iterdir())  # the ZIP being written
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        workers.stop(first)
    time.sleep(1)
    assert _job(job.pk).status == JobStatus.RUNNING  # nobody is working on it any more

    second = workers.start(env, queue)  # a restarted worker sweeps what its predecessor left
    try:
        failed = workers.wait_for(lambda: (j := _job(job.pk)).status == JobStatus.FAILED and j, timeout=30,
                                  what="the sweeper to fail the job", log=queue)
        assert failed.message == sweeper.WORKER_LOST and failed.can_retry and failed.finished_at
        workers.wait_for(lambda: not folder.exists(), timeout=10, what="its temporary files to go", log=queue)

        client = Client()
        client.force_login(cast.d1_reviewer)
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "失败" in page and sweeper.WORKER_LOST in page and "重试" in page
        progress = client.get(reverse("jobs:progress", args=[job.pk])).json()
        assert progress["finished"] and progress["can_retry"] and progress["download_url"] == ""

        assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
        done = workers.wait_for(lambda: (j := _job(job.pk)).status == JobStatus.DONE and j, timeout=90,
                                what="the retried job to finish", log=queue)
        assert (done.done, done.total) == (12, 12) and done.message == "已打包 12 份备案表。"
        assert len(_zip_names(client, done)) == 12
        assert second.poll() is None
    finally:
        workers.stop(second)


def test_a_cut_database_connection_fails_the_job_and_the_worker_carries_on(cast, settings, queue):
    workers.submitted_filings(cast, 12)
    job = tasks.request_export(by=cast.d1_reviewer)
    worker = workers.start(workers.env(settings), queue)
    try:
        workers.wait_for(lambda: _job(job.pk).done >= 2, what="the ZIP under way", log=queue)
        assert terminate_backends() >= 1  # the worker's connections die in the middle of the job
        failed = workers.wait_for(lambda: (j := _job(job.pk)).finished and j, timeout=60,
                                  what="the job to end", log=queue)
        assert failed.status == JobStatus.FAILED and failed.message == runner.LOST_DATABASE
        assert failed.can_retry and not failed.file
        assert worker.poll() is None, "the worker died with the connection"

        later = tasks.request_export(by=cast.d1_reviewer)  # queued after the cut: still served
        done = workers.wait_for(lambda: (j := _job(later.pk)).status == JobStatus.DONE and j, timeout=90,
                                what="the next job to finish", log=queue)
        assert done.message == "已打包 12 份备案表。"
        assert not runner.temp_dir(job.pk).exists() and not runner.temp_dir(later.pk).exists()
    finally:
        workers.stop(worker)
