"""Deadlines of filing campaigns, and the in-app notifications the workflow sends."""

from datetime import date

from django.db import models
from django.utils import timezone

from filings.models.filing import Filing
from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class Campaign(models.Model):
    """A filing campaign's deadline, as data (seed 000: 2022年11月15日前完成)."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="filing_campaigns", verbose_name="发起单位"
    )
    title = models.CharField("名称", max_length=100, default="红十字会基层组织建立")
    deadline = models.DateField("截止日期", default=date(2022, 11, 15))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "备案工作期限"
        verbose_name_plural = "备案工作期限"
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return f"{self.title}（{self.deadline}前）"


DEFAULT_DEADLINE = date(2022, 11, 15)


class Notification(models.Model):
    ORG_PATH = "user__org__path"

    user = models.ForeignKey(
        "orgs.User", on_delete=models.CASCADE, related_name="filing_notifications", verbose_name="接收人"
    )
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="+", verbose_name="备案表")
    message = models.CharField("内容", max_length=200)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read = models.BooleanField("已读", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message
