"""What happened to a filing: one ``Event`` per state move, one ``Review`` per reviewer's decision."""

from django.db import models
from django.utils import timezone

from filings.models.filing import Filing, Status
from orgs.querysets import ScopedQuerySet


class Event(models.Model):
    """Audit row for every state move; a submission keeps a snapshot of the submitted values."""

    ORG_PATH = "filing__org__path"

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="events", verbose_name="备案表")
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    by = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)
    snapshot = models.JSONField("提交内容", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "备案流转记录"
        verbose_name_plural = "备案流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.from_status}→{self.to_status}"


class Decision(models.TextChoices):
    RETURN = "return", "退回修改"
    APPROVE = "approve", "同意备案"


class Review(models.Model):
    ORG_PATH = "filing__org__path"

    filing = models.ForeignKey(
        Filing, on_delete=models.CASCADE, related_name="reviews", verbose_name="备案表"
    )
    by = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="审核人"
    )
    at = models.DateTimeField("审核时间", default=timezone.now)
    decision = models.CharField("审核结论", max_length=16, choices=Decision.choices)
    comment = models.TextField("审核意见", blank=True)
    field_comments = models.JSONField("逐项意见", default=dict, blank=True)
    snapshot = models.JSONField("审核时的内容", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.filing_id} {self.get_decision_display()}"
