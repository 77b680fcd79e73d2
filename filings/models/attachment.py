"""The files sent with a filing: election results, the signed scan, extra pages (``filings.uploads``)."""

import secrets

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.querysets import ScopedQuerySet


class ScopedAttachmentHistory(models.Model):
    ORG_PATH = "filing__org__path"

    class Meta:
        abstract = True


class AttachmentKind(models.TextChoices):
    ELECTION = "election", "选举结果（正式文件）"
    SIGNED_SCAN = "signed_scan", "签字盖章扫描件"
    EXTRA = "extra", "附页"


REQUIRED_ATTACHMENTS = (AttachmentKind.ELECTION, AttachmentKind.SIGNED_SCAN)


def _upload_to(instance, filename) -> str:
    # The stored name is random; the user's file name is kept only as data (original_name).
    return f"filings/{secrets.token_hex(16)}{instance.extension}"


class Attachment(models.Model):
    ORG_PATH = "filing__org__path"

    filing = models.ForeignKey(
        "filings.Filing", on_delete=models.CASCADE, related_name="attachments", verbose_name="备案表"
    )
    kind = models.CharField("附件类别", max_length=16, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=_upload_to)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["file"], bases=[ScopedAttachmentHistory])

    class Meta:
        verbose_name = "备案附件"
        verbose_name_plural = "备案附件"
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def extension(self) -> str:
        return {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(
            self.content_type, ""
        )
