"""A long piece of work run off the request (big exports and imports), its progress and its result.

The row is what the requester's page polls; the result file is theirs alone (views look jobs up
with ``requested_by=request.user`` inside their scope, 404 otherwise)."""

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

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(99, round(100 * self.done / self.total)) if self.total else 0
