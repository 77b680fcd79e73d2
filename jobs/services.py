"""Start, retry and purge background jobs: Django's tasks API enqueues, the portal's worker
(``manage.py jobs_worker``, or django-tasks-db's plain ``db_worker``) runs them.

``start`` records the job and enqueues its task once the transaction commits; the task body runs
inside ``jobs.runner.run`` (the guard), which reports progress, keeps the result file and records
the outcome; ``jobs.sweeper`` gives up on jobs whose worker died. Every status change goes through
``move``: one conditional UPDATE over ``models.NEXT``, safe between processes.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import NEXT, Job, JobStatus
from orgs.models import Organization


@dataclass
class Outcome:
    message: str
    path: str | None = None  # a temporary file to keep as the result
    filename: str = ""
    ok: bool = True


def move(job_id: int, new: str, *, frm=None, **fields) -> bool:
    """Move the job to ``new`` if its status allows it (and is in ``frm`` when given), setting
    ``fields`` in the same UPDATE; False when another process moved it first."""
    sources = [status for status, allowed in NEXT.items() if new in allowed]
    if frm is not None:
        sources = [s for s in sources if s in frm]
    return Job.objects.filter(pk=job_id, status__in=sources).update(status=new, **fields) == 1


def start(task, *, kind: str, title: str, by, params: dict | None = None, upload: bytes | None = None,
          upload_name: str = "upload.xlsx", total: int = 0, again_url: str = "") -> Job:
    """Record a job for ``task`` and queue it after commit. A job with an ``upload`` cannot be
    retried once it ends (the upload, which holds personal data, is deleted then): its failure
    page links to ``again_url`` instead."""
    org = by.org if by.org_id else Organization.get_first_root_node()
    params = {**(params or {}), **({"again_url": again_url} if again_url else {})}
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title, org=org, requested_by=by, params=params, total=total,
                                 task=task.module_path, retryable=upload is None, heartbeat_at=timezone.now())
        if upload is not None:
            job.upload.save(upload_name, ContentFile(upload), save=True)
        transaction.on_commit(lambda: enqueue(job.pk, job.task))
    return job


def enqueue(job_id: int, task_path: str) -> None:
    result = import_string(task_path).enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def retry(job: Job, *, by) -> Job:
    """Queue a failed job again, from the start (the requester only: views find it by owner)."""
    if job.requested_by_id != by.pk or not job.can_retry:
        raise ValidationError("该任务不能重试。")
    old_file = job.file.name
    with transaction.atomic():
        moved = move(job.pk, JobStatus.PENDING, frm={JobStatus.FAILED}, done=0, message="", file="", filename="",
                     finished_at=None, task_id="", attempts=0, heartbeat_at=timezone.now())
        if not moved:
            raise ValidationError("该任务已经重新开始。")
        if old_file:
            transaction.on_commit(lambda: job.file.storage.delete(old_file))
        transaction.on_commit(lambda: enqueue(job.pk, job.task))
    job.refresh_from_db()
    return job


def purge(*, days: int = 7, now=None) -> int:
    """Delete jobs started more than ``days`` ago, with their upload and result files."""
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
