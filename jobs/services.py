"""Start and run background jobs: Django's tasks API enqueues, ``manage.py db_worker`` runs them.

``start`` records the job and enqueues its task once the transaction commits; a task calls ``run``
with the work to do, which reports progress on the row and keeps the result file. A failure is
recorded in Chinese on the row; the work itself (exports read, imports are atomic) leaves no half
state behind.
"""

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from jobs.models import Job, JobStatus
from orgs.models import Organization

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    message: str
    path: str | None = None  # a temporary file to keep as the result (deleted once stored)
    filename: str = ""
    ok: bool = True


def start(task, *, kind: str, title: str, by, params: dict | None = None, upload: bytes | None = None,
          upload_name: str = "upload.xlsx", total: int = 0) -> Job:
    org = by.org if by.org_id else Organization.get_first_root_node()
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, org=org, requested_by=by, params=params or {},
                                 total=total)
        if upload is not None:
            job.upload.save(upload_name, ContentFile(upload), save=True)
        transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def run(job_id: int, work: Callable[[Job, Callable], Outcome]) -> None:
    job = Job.objects.select_related("requested_by", "org").get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    def progress(done: int, total: int | None = None) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, **({} if total is None else {"total": total}))

    try:
        outcome = work(job, progress)
    except ValidationError as exc:
        outcome = Outcome("；".join(exc.messages), ok=False)
    except (PermissionDenied, Http404):
        outcome = Outcome("您已无权进行此操作（账号或管辖范围已变更）。", ok=False)
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        outcome = Outcome("任务执行出错，未保存任何数据。请稍后重试或联系管理员。", ok=False)
    job.refresh_from_db()
    if outcome.path:
        try:
            with open(outcome.path, "rb") as f:
                job.file.save(outcome.filename, File(f), save=False)
        finally:
            os.remove(outcome.path)
    job.filename = outcome.filename
    job.message = outcome.message[:300]
    job.status = JobStatus.DONE if outcome.ok else JobStatus.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "message", "status", "finished_at"])


def purge(*, days: int = 7, now=None) -> int:
    """Delete jobs finished or started more than ``days`` ago, with their upload and result files."""
    limit = (now or timezone.now()) - timedelta(days=days)
    old = Job.objects.filter(created_at__lt=limit)
    count = 0
    for job in old.iterator(chunk_size=500):
        for f in (job.upload, job.file):
            if f:
                f.delete(save=False)
        job.delete()
        count += 1
    return count
