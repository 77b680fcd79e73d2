"""What a unit keeps for itself and the campaign reads (never ticked by the district): its
documents, its full-time staff, and the date the district received its signed paper form."""

import secrets

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lib.identity import mask_phone
from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class DocumentKind(models.TextChoices):
    CANDIDATES = "candidates", "人选推荐名单"
    ELECTION = "election", "选举结果（正式文件）"
    PLAN = "plan", "工作计划"
    RULES = "rules", "工作制度"


def _upload_to(instance, filename) -> str:
    # The stored name is random; the user's file name is kept only as data (original_name).
    ext = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"campaigns/{secrets.token_hex(16)}{ext}"


class UnitDocument(models.Model):
    """A document a unit uploaded; a newer one of the same kind supersedes it, the old one stays."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="unit_documents",
                            verbose_name="单位")
    kind = models.CharField("文件类别", max_length=16, choices=DocumentKind.choices)
    file = models.FileField("文件", upload_to=_upload_to)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    uploaded_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "单位文件"
        verbose_name_plural = "单位文件"
        ordering = ["kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"


class PaperCopy(models.Model):
    """Seed 000 附件1 备注：此表一式两份 — the district records the day it received the unit's copy."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="paper_copies",
                            verbose_name="单位")
    received_on = models.DateField("收到日期")
    recorded_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                    verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "纸质备案表收到记录"
        verbose_name_plural = "纸质备案表收到记录"
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"{self.org} 纸质备案表 {self.received_on}"


class StaffMember(models.Model):
    """A unit's full-time Red Cross worker (seed 000: 确定1-2名专职工作人员). Leaving ends the
    term; the row and its history stay."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="campaign_staff",
                            verbose_name="单位")
    name = models.CharField("姓名", max_length=15)
    post = models.CharField("职务", max_length=50)
    phone = models.CharField("联系电话", max_length=20)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "专职工作人员"
        verbose_name_plural = "专职工作人员"
        ordering = ["org", "ends_on", "-starts_on"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            name="campaign_staff_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    masked_phone.fget.short_description = "联系电话"
