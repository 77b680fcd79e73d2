"""Deadlines of filing campaigns."""

from datetime import date

from django.db import models

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
