"""The one guard around every task body (STYLE.md: a job that cannot hang).

``run(job_id, work)``: claims the job (pending → running), lets ``work(job, progress)`` run with a
heartbeat beside it, stores the result file, records the outcome (done or failed, with a Chinese
reason) and deletes the job's upload, which holds personal data, once the job has ended. Nothing
escapes it but the worker's own shutdown: a lost database connection, an unwritable media folder
or a bug fails the job, never the worker. The connection is checked before and replaced after.

While the body runs, a thread writes the heartbeat and the progress reported through its own
database connection every ``JOBS_HEARTBEAT_SECONDS``: the body's connection may sit inside a long
transaction (an import) whose writes nobody sees until it commits. A body started inside an outer
transaction (the ImmediateBackend in a test) writes them inline instead: no other connection
could see its job row anyway. Every temporary file the body makes goes to the job's own folder
under ``JOBS_TEMP_DIR``, removed at the end, or by the sweeper when the worker was killed.
"""

import logging
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import DatabaseError, close_old_connections, connection
from django.http import Http404
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.services import Outcome, move
from lib import storage_errors

logger = logging.getLogger(__name__)

LOST_DATABASE = "数据库连接中断，任务未完成，未保存任何数据。请点击“重试”重新开始。"
STOPPED = "任务进程被停止（服务器重启或维护），任务未完成，未保存任何数据。请点击“重试”重新开始。"
NO_RIGHTS = "您已无权进行此操作（账号或管辖范围已变更）。"
BROKEN = "任务执行出错，未保存任何数据。请稍后重试或联系管理员。"


class Abandoned(Exception):
    """The job is no longer running here (the sweeper gave up on it): stop working on it."""


def storage_failed(exc: OSError) -> str:
    return f"无法写入文件（{storage_errors.why(exc)}），任务未完成，未保存任何数据。请联系管理员检查存储后重试。"


def temp_dir(job_id: int) -> Path:
    return Path(settings.JOBS_TEMP_DIR) / f"job-{job_id}"


class Heartbeat:
    def __init__(self, job_id: int, *, inline: bool):
        self.job_id, self.inline = job_id, inline
        self.done: int | None = None
        self.total: int | None = None
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def progress(self, done: int, total: int | None = None) -> None:
        if self.lost:
            raise Abandoned
        self.done = done
        if total is not None:
            self.total = total
        if self.inline:
            self._write()

    def fields(self) -> dict:
        return {k: v for k, v in (("done", self.done), ("total", self.total)) if v is not None}

    def _write(self) -> None:
        alive = Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING)
        if not alive.update(heartbeat_at=timezone.now(), **self.fields()):
            self.lost = True

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
                try:
                    self._write()
                except DatabaseError:  # the database is away: try again at the next beat
                    logger.warning("heartbeat of job %s not written", self.job_id)
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        if not self.inline:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if not self.inline:
            self._thread.join()


@contextmanager
def _own_temp_dir(job_id: int):
    """Point ``tempfile`` at the job's folder while its body runs (a worker runs one job at a
    time), so that no temporary file of it — ours, openpyxl's — outlives the job."""
    folder = temp_dir(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    before = tempfile.tempdir
    tempfile.tempdir = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def _reconnecting(action, *, outer: bool, attempts: int = 4):
    """Run a small database write, replacing a dead connection between tries. Inside an outer
    transaction the connection cannot be replaced: the error goes up."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except DatabaseError:
            if outer or attempt == attempts:
                raise
            logger.warning("database unavailable, retrying (%s/%s)", attempt, attempts)
            connection.close()
            time.sleep(0.5 * attempt)


def _attempt(job: Job, work, beat: Heartbeat) -> Outcome | None:
    try:
        with _own_temp_dir(job.pk):
            outcome = work(job, beat.progress)
            if outcome.path:  # inside the guard: a full or read-only media folder fails the job
                with open(outcome.path, "rb") as f:
                    job.file.save(outcome.filename or Path(outcome.path).name, File(f), save=False)
        return outcome
    except Abandoned:
        return None
    except ValidationError as exc:
        return Outcome("；".join(exc.messages), ok=False)
    except (PermissionDenied, Http404):
        return Outcome(NO_RIGHTS, ok=False)
    except DatabaseError:
        logger.exception("background job %s (%s): database error", job.pk, job.kind)
        return Outcome(LOST_DATABASE, ok=False)
    except Exception as exc:
        if storage_errors.is_storage_error(exc):
            logger.warning("background job %s (%s): storage error %s", job.pk, job.kind, exc)
            return Outcome(storage_failed(exc), ok=False)
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        return Outcome(BROKEN, ok=False)


def _finish(job: Job, outcome: Outcome, beat: Heartbeat, *, outer: bool) -> None:
    fields = {**beat.fields(), "message": outcome.message[:300], "filename": outcome.filename,
              "file": job.file.name or "", "upload": "", "finished_at": timezone.now()}
    status = JobStatus.DONE if outcome.ok else JobStatus.FAILED
    try:
        recorded = _reconnecting(lambda: move(job.pk, status, frm={JobStatus.RUNNING}, **fields), outer=outer)
    except DatabaseError:
        if outer:
            raise
        logger.exception("outcome of job %s not recorded; the sweeper will fail it", job.pk)
        recorded = False
    if not recorded and job.file:
        job.file.delete(save=False)  # nobody will ever download it
    if job.upload:
        try:
            job.upload.storage.delete(job.upload.name)
        except OSError:
            logger.exception("upload of job %s not deleted", job.pk)


def run(job_id: int, work) -> None:
    outer = connection.in_atomic_block
    if not outer:
        close_old_connections()  # a connection that died while the worker slept is replaced
    claimed = _reconnecting(lambda: move(job_id, JobStatus.RUNNING, frm={JobStatus.PENDING},
                                         heartbeat_at=timezone.now()), outer=outer)
    if not claimed:  # retried, swept or deleted meanwhile
        logger.info("job %s is no longer pending; not run", job_id)
        return
    job = Job.objects.select_related("requested_by", "org").get(pk=job_id)
    outcome = None
    try:
        with Heartbeat(job.pk, inline=outer) as beat:
            outcome = _attempt(job, work, beat)
    except BaseException:  # the worker itself is being stopped: say so, then let it stop
        outcome = Outcome(STOPPED, ok=False)
        raise
    finally:
        if outcome is not None:
            _finish(job, outcome, beat, outer=outer)
        if not outer:
            close_old_connections()
