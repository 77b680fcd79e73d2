"""A reviewer's ZIP of filing PDFs, built by ``filings.tasks``."""

import secrets

from django.db import models
from django.utils import timezone

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


def _export_upload_to(instance, filename) -> str:
    return f"filings/exports/{secrets.token_hex(16)}.zip"


class PdfExport(models.Model):
    """A ZIP of the PDFs of every filing under ``org``, built by a background task."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name="范围")
    requested_by = models.ForeignKey(
        "orgs.User", on_delete=models.CASCADE, related_name="+", verbose_name="申请人"
    )
    status = models.CharField(
        "状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    file = models.FileField("文件", upload_to=_export_upload_to, blank=True)
    error = models.CharField("错误", max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "备案表批量导出"
        verbose_name_plural = "备案表批量导出"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.org} 导出（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        return (
            round(100 * self.done / self.total)
            if self.total
            else (100 if self.status == ExportStatus.DONE else 0)
        )
