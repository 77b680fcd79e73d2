"""A long piece of work run off the request (big exports and imports, ZIPs of filing PDFs), its
progress and its result.

The row is what the requester's page polls; the result file is theirs alone (views look jobs up
with ``requested_by=request.user`` inside their scope, 404 otherwise). A job's status moves only
along ``NEXT``, through ``jobs.services.move``, so two processes (a worker finishing, the sweeper
giving up on it) can never both move it."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from orgs.querysets import ScopedQuerySet


class JobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


#: the allowed moves: a failed job goes back to the queue only by a retry
NEXT = {
    JobStatus.PENDING: {JobStatus.PENDING, JobStatus.RUNNING, JobStatus.FAILED},
    JobStatus.RUNNING: {JobStatus.DONE, JobStatus.FAILED},
    JobStatus.FAILED: {JobStatus.PENDING},
    JobStatus.DONE: set(),
}


def _private_name(instance, filename) -> str:
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"jobs/{secrets.token_hex(16)}.{suffix}"


class Job(models.Model):
    ORG_PATH = "org__path"

    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=100)
    org = models.ForeignKey("orgs.Organization", models.CASCADE, related_name="+", verbose_name="所属组织")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+",
                                     verbose_name="申请人")
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    upload = models.FileField("上传文件", upload_to=_private_name, blank=True)
    file = models.FileField("结果文件", upload_to=_private_name, blank=True)
    filename = models.CharField("下载文件名", max_length=100, blank=True)
    message = models.CharField("结果说明", max_length=300, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # what runs it, so that a retry or the sweeper can queue it again
    task = models.CharField("任务", max_length=200, blank=True)
    task_id = models.CharField("队列编号", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("排队次数", default=0)
    retryable = models.BooleanField("可重试", default=True)  # False once its upload is gone
    # last sign of life: set when queued, then every few seconds while a worker runs it
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]),
                   models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def can_retry(self) -> bool:
        return self.status == JobStatus.FAILED and self.retryable and bool(self.task)

    @property
    def again_url(self) -> str:
        """Where a failed job that cannot be retried (its upload is deleted) is started afresh."""
        return self.params.get("again_url", "") if self.status == JobStatus.FAILED else ""

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0
