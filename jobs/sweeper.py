"""Gives up on jobs whose worker died (killed, the machine restarted) and cleans up after them.

Run by the portal's worker (``manage.py jobs_worker``) when it starts and every
``JOBS_SWEEP_SECONDS`` after, in a thread of its own, so a restarted worker recovers what its
predecessor left at once and no cron line is needed.

* A running job whose heartbeat is older than ``JOBS_STALE_SECONDS`` failed: it says so in
  Chinese, offers 重试 (or 重新上传 for an import, whose upload is deleted now), and its entry in
  the task queue is closed.
* A pending job that is no longer waiting in the queue (its enqueue was lost with a connection,
  or its worker died between taking it and starting it) never ran, so it is safe to queue again;
  after ``MAX_ATTEMPTS`` it fails instead.
* Temporary folders of jobs that are not running any more are removed.
"""

import logging
import shutil
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.db.models import F, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs.models import Job, JobStatus
from jobs.runner import temp_dir
from jobs.services import enqueue, move

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
WORKER_LOST = "任务进程意外中止（可能是服务器重启），任务未完成，未保存任何数据。请点击“重试”重新开始。"
WORKER_LOST_UPLOAD = "任务进程意外中止（可能是服务器重启），未保存任何数据。上传的文件已删除，请重新上传。"
NEVER_STARTED = "任务多次未能开始，请稍后重试或联系管理员。"


def _queue_entry(task_id: str):
    try:
        return DBTaskResult.objects.filter(id=uuid.UUID(task_id))
    except ValueError:  # not the database queue (e.g. the ImmediateBackend): nothing waits there
        return DBTaskResult.objects.none()


def _fail_stale_running(now, limit) -> int:
    failed = 0
    stale = Job.objects.filter(Q(heartbeat_at__lt=limit) | Q(heartbeat_at=None), status=JobStatus.RUNNING)
    for job in stale.only("pk", "upload", "task_id", "retryable"):
        message = WORKER_LOST if job.retryable else WORKER_LOST_UPLOAD
        if move(job.pk, JobStatus.FAILED, frm={JobStatus.RUNNING}, message=message, upload="", finished_at=now):
            failed += 1
            shutil.rmtree(temp_dir(job.pk), ignore_errors=True)
            if job.upload:
                job.upload.storage.delete(job.upload.name)
            _queue_entry(job.task_id).filter(status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED, finished_at=now, exception_class_path="jobs.sweeper.WORKER_LOST",
                traceback="the worker stopped sending heartbeats")
    return failed


def _requeue_lost_pending(now, limit) -> int:
    requeued = 0
    stale = Job.objects.filter(Q(heartbeat_at__lt=limit) | Q(heartbeat_at=None), status=JobStatus.PENDING)
    for job in stale.only("pk", "task", "task_id", "attempts", "upload"):
        entry = _queue_entry(job.task_id)
        if entry.filter(status=TaskResultStatus.READY).exists():
            continue  # waiting in line behind other jobs
        if job.attempts >= MAX_ATTEMPTS or not job.task:
            if move(job.pk, JobStatus.FAILED, frm={JobStatus.PENDING}, message=NEVER_STARTED, upload="",
                    finished_at=now) and job.upload:
                job.upload.storage.delete(job.upload.name)
            continue
        if move(job.pk, JobStatus.PENDING, frm={JobStatus.PENDING}, heartbeat_at=now, attempts=F("attempts") + 1):
            entry.filter(status=TaskResultStatus.RUNNING).update(status=TaskResultStatus.FAILED, finished_at=now)
            enqueue(job.pk, job.task)
            requeued += 1
    return requeued


def _clean_temp_dirs() -> int:
    root = Path(settings.JOBS_TEMP_DIR)
    if not root.is_dir():
        return 0
    folders = {}
    for folder in root.glob("job-*"):
        try:
            folders[int(folder.name.removeprefix("job-"))] = folder
        except ValueError:
            continue
    running = set(Job.objects.filter(pk__in=folders, status=JobStatus.RUNNING).values_list("pk", flat=True))
    for pk in folders.keys() - running:
        shutil.rmtree(folders[pk], ignore_errors=True)
    return len(folders.keys() - running)


def sweep(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.JOBS_STALE_SECONDS)
    return {"failed": _fail_stale_running(now, limit), "requeued": _requeue_lost_pending(now, limit),
            "cleaned": _clean_temp_dirs()}


class Sweeper(threading.Thread):
    """Sweeps now and every ``JOBS_SWEEP_SECONDS`` until ``stop()``; a database that is away
    only postpones the next sweep."""

    def __init__(self):
        super().__init__(name="jobs-sweeper", daemon=True)
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while True:
                try:
                    close_old_connections()
                    swept = sweep()
                    if any(swept.values()):
                        logger.info("swept background jobs: %s", swept)
                except DatabaseError:
                    logger.warning("database unavailable; background jobs not swept this time")
                    connection.close()
                except Exception:  # a sweeper that stops silently would leave jobs hanging again
                    logger.exception("sweeping background jobs failed; trying again later")
                if self._stop_event.wait(settings.JOBS_SWEEP_SECONDS):
                    return
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()
