"""Notices sent down the tree (seed 000 is one: a 通知 with attachments and a reply expected; seed
002 names 工作通报 and 提示函): the notice, its attachments, and one receipt row per recipient org."""

import secrets
from pathlib import PurePosixPath

from django.db import models
from django.utils import timezone

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


class Kind(models.TextChoices):
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    PROMPT = "prompt", "提示函"


def _upload_to(instance, filename: str) -> str:
    # a random stored name: the uploader's name is kept in ``name`` only for the download
    return f"notices/{timezone.now():%Y/%m}/{secrets.token_urlsafe(18)}{PurePosixPath(filename).suffix.lower()}"


class Notice(models.Model):
    ORG_PATH = "publisher__path"  # the publisher and the bodies above it see it whole

    publisher = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="notices_sent",
                                  verbose_name="发文单位")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.NOTICE)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文", max_length=20000, blank=True)
    reply_required = models.BooleanField("须报送回执", default=False)
    reply_deadline = models.DateField("回执截止日期", null=True, blank=True)
    late_replies = models.BooleanField("截止后仍可回执", default=False)
    created_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+", verbose_name="发布人")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.CharField("撤回原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知公文"
        verbose_name_plural = "通知公文"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["publisher", "-published_at"], name="notice_publisher")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def org(self):
        return self.publisher

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def reply_closed(self, today=None) -> bool:
        """Past the deadline and late replies not accepted."""
        today = today or timezone.localdate()
        return bool(self.reply_deadline and today > self.reply_deadline and not self.late_replies)


class NoticeAttachment(models.Model):
    ORG_PATH = "notice__publisher__path"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments", verbose_name="通知")
    file = models.FileField("文件", upload_to=_upload_to)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Receipt(models.Model):
    """One recipient org of a notice: whether someone there read it, and its reply (回执)."""

    ORG_PATH = "org__path"  # the recipient and the bodies above it

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="receipts", verbose_name="通知")
    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="notice_receipts",
                            verbose_name="接收单位")
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    read_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name="阅读人")
    replied_at = models.DateTimeField("回执时间", null=True, blank=True)
    replied_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="回执人")
    reply_text = models.TextField("回执内容", max_length=5000, blank=True)
    reply_file = models.FileField("回执附件", upload_to=_upload_to, blank=True)
    reply_file_name = models.CharField("回执附件名", max_length=200, blank=True)
    reply_content_type = models.CharField("回执附件类型", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知回执"
        verbose_name_plural = "通知回执"
        ordering = ["org__path"]
        constraints = [models.UniqueConstraint(fields=["notice", "org"], name="receipt_once_per_org")]
        indexes = [models.Index(fields=["org", "read_at"], name="receipt_org_unread")]

    def __str__(self) -> str:
        return f"{self.notice} → {self.org}"

    @property
    def state(self) -> str:
        if self.replied_at:
            return "已回执"
        return "已读" if self.read_at else "未读"


class YearEndReturn(models.Model):
    """A child body's year-end report sent back by the body above for correction: the figures as
    they were submitted are kept here with the comment, and the child may submit again."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="year_end_returns",
                            verbose_name="报送单位")
    year = models.PositiveSmallIntegerField("年度")
    figures = models.JSONField("报送时的统计数据")
    submitted_at = models.DateTimeField("报送时间")
    comment = models.CharField("退回意见", max_length=300)
    returned_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+", verbose_name="退回人")
    returned_at = models.DateTimeField("退回时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "年度统计退回记录"
        verbose_name_plural = "年度统计退回记录"
        ordering = ["-returned_at"]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年度统计（退回）"


class Decision(models.TextChoices):
    RELEASED = "released", "异议不成立，评定生效"
    WITHDRAWN = "withdrawn", "异议成立，撤回评定"


class Objection(models.Model):
    """A member of the public's objection to a star rating during its 公示 (seed 002 item 15): it
    reaches the awarding body and holds the award until the body decides."""

    ORG_PATH = "body__path"

    award = models.ForeignKey("volunteers.StarAward", on_delete=models.PROTECT, related_name="objections",
                              verbose_name="星级评定")
    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="评定机构")
    name = models.CharField("异议人", max_length=30)
    contact = models.CharField("联系方式", max_length=50)
    reason = models.TextField("异议理由", max_length=1000)
    created_at = models.DateTimeField("提出时间", default=timezone.now)
    #: the award's own 公示 days, put back when the hold ends
    notice_days = models.PositiveSmallIntegerField("原公示天数")
    decision = models.CharField("处理结果", max_length=16, choices=Decision.choices, blank=True)
    decision_note = models.CharField("处理意见", max_length=300, blank=True)
    decided_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="处理人")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.award} 的异议"

    @property
    def org(self):
        return self.body


class PaperKind(models.TextChoices):
    PLAN = "plan", "工作计划"
    SUMMARY = "summary", "工作总结"


class PaperStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报"
    RETURNED = "returned", "退回"


class WorkPaper(models.Model):
    """An org's yearly work plan or summary (seed 003: 制订计划，明确任务), uploaded for the body above;
    no row means 未报."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="work_papers",
                            verbose_name="报送单位")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=16, choices=PaperKind.choices)
    status = models.CharField("状态", max_length=16, choices=PaperStatus.choices, default=PaperStatus.SUBMITTED)
    file = models.FileField("文件", upload_to=_upload_to)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    submitted_by = models.ForeignKey("orgs.User", on_delete=models.PROTECT, related_name="+", verbose_name="报送人")
    submitted_at = models.DateTimeField("报送时间", default=timezone.now)
    return_comment = models.CharField("退回意见", max_length=300, blank=True)
    returned_by = models.ForeignKey("orgs.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="退回人")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "工作计划与总结"
        verbose_name_plural = "工作计划与总结"
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "kind"], name="one_paper_per_org_year_kind")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年{self.get_kind_display()}"
