"""备案 (seed 000, 附件1 «基层组织成立备案表»): the filing, its attachments, reviews and e-seals.

Every field of the printed form is a field here, with the form's label as ``verbose_name``.
State changes go through ``filings.workflow`` only.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from orgs.models import Category, Organization
from orgs.querysets import ScopedQuerySet


class ScopedHistory(models.Model):
    """Base of the history tables: their rows are scoped like the rows they copy."""

    ORG_PATH = "org__path"

    class Meta:
        abstract = True


class ScopedAttachmentHistory(models.Model):
    ORG_PATH = "filing__org__path"

    class Meta:
        abstract = True


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    FILED = "filed", "已备案"


#: The only moves a filing may make (workflow._move refuses anything else). Filed is final.
NEXT: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.RETURNED, Status.FILED, Status.DRAFT},  # → draft: withdrawn
    Status.RETURNED: {Status.SUBMITTED},
    Status.FILED: set(),
}

#: Fields the grassroots org fills in, in the order of the printed form.
FORM_FIELDS = (
    "name",
    "category",
    "host_unit",
    "address",
    "unit_head",
    "headcount",
    "leader_name",
    "leader_phone",
    "founded_on",
    "member_count",
    "contact1_name",
    "contact1_phone",
    "contact2_name",
    "contact2_phone",
    "contact3_name",
    "contact3_phone",
    "host_profile",
    "host_profile_sealed_on",
    "party_opinion",
    "party_opinion_sealed_on",
)
#: Fields that must be filled in before submitting.
REQUIRED_FIELDS = (
    "name",
    "category",
    "host_unit",
    "address",
    "unit_head",
    "headcount",
    "leader_name",
    "leader_phone",
    "founded_on",
    "member_count",
    "contact1_name",
    "contact1_phone",
    "host_profile",
    "host_profile_sealed_on",
    "party_opinion",
    "party_opinion_sealed_on",
)


def _stamped_upload_to(instance, filename) -> str:
    return f"filings/stamped/{secrets.token_hex(16)}.pdf"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Filing(models.Model):
    ORG_PATH = "org__path"

    org = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="filings", verbose_name="组织"
    )
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)

    name = models.CharField("基层组织名称", max_length=100, blank=True)
    category = models.CharField("基层组织类别", max_length=16, choices=Category.choices, blank=True)
    host_unit = models.CharField("基层组织所在单位", max_length=100, blank=True)
    address = models.CharField("单位地址", max_length=200, blank=True)
    unit_head = models.CharField("单位负责人", max_length=50, blank=True)
    headcount = models.PositiveIntegerField("所辖人数", null=True, blank=True)
    leader_name = models.CharField("基层组织负责人", max_length=50, blank=True)
    leader_phone = models.CharField("联系电话", max_length=20, blank=True)
    founded_on = models.DateField("基层组织成立时间", null=True, blank=True)
    member_count = models.PositiveIntegerField("会员人数", null=True, blank=True)
    contact1_name = models.CharField("红十字工作联系人", max_length=50, blank=True)
    contact1_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact2_name = models.CharField("红十字工作联系人（二）", max_length=50, blank=True)
    contact2_phone = models.CharField("联系电话", max_length=20, blank=True)
    contact3_name = models.CharField("红十字工作联系人（三）", max_length=50, blank=True)
    contact3_phone = models.CharField("联系电话", max_length=20, blank=True)
    host_profile = models.TextField("基层组织所在单位概况", blank=True)
    host_profile_sealed_on = models.DateField("盖章日期", null=True, blank=True)
    party_opinion = models.TextField("基层组织所在单位党组织意见", blank=True)
    party_opinion_sealed_on = models.DateField("盖章日期", null=True, blank=True)
    # Written only by the reviewing body, at approval (workflow.approve_filing).
    record_opinion = models.TextField("县级以上红十字会（含县级）备案情况", blank=True)
    record_sealed_on = models.DateField("盖章日期", null=True, blank=True)
    record_body = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="备案机关",
    )

    number = models.CharField("备案编号", max_length=40, blank=True)
    token = models.CharField("核验码", max_length=64, unique=True, default=new_token, editable=False)
    stamped_pdf = models.FileField("盖章PDF", upload_to=_stamped_upload_to, blank=True, editable=False)
    pdf_sha256 = models.CharField("盖章PDF SHA-256", max_length=64, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # Field-level history (who, when, old → new), shown on the filing page and the audit log.
    history = HistoricalRecords(excluded_fields=["updated_at", "token", "stamped_pdf"], bases=[ScopedHistory])

    class Meta:
        verbose_name = "基层组织成立备案表"
        verbose_name_plural = "基层组织成立备案表"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["org"], name="one_filing_per_org"),
            models.UniqueConstraint(fields=["number"], condition=~models.Q(number=""),
                                    name="filing_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.name or self.org.name}（{self.get_status_display()}）"

    @classmethod
    def prefilled_for(cls, org: Organization) -> "Filing":
        """A new draft carrying what the tree already knows about the org."""
        return cls(
            org=org,
            name=org.name,
            category=org.category,
            host_unit=org.host_unit,
            address=org.address,
            unit_head=org.unit_head,
            headcount=org.headcount,
            founded_on=org.founded_on,
        )

    @property
    def editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    def values(self) -> dict:
        """The form's values as JSON-able data (what a submission snapshot stores)."""
        out = {}
        for f in FORM_FIELDS:
            v = getattr(self, f)
            out[f] = v.isoformat() if isinstance(v, date) else v
        return out

    def missing(self) -> list[str]:
        """Labels of required fields and attachments still missing."""
        labels = [
            self._meta.get_field(f).verbose_name for f in REQUIRED_FIELDS if getattr(self, f) in (None, "")
        ]
        if self.pk:
            have = set(self.attachments.values_list("kind", flat=True))
        else:
            have = set()
        labels += [AttachmentKind(k).label for k in REQUIRED_ATTACHMENTS if k not in have]
        return labels

    def progress(self) -> int:
        total = len(REQUIRED_FIELDS) + len(REQUIRED_ATTACHMENTS)
        return round(100 * (total - len(self.missing())) / total)

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        days = settings.PORTAL["REVIEW_OVERDUE_DAYS"]
        return (
            self.status == Status.SUBMITTED
            and self.submitted_at is not None
            and (now - self.submitted_at).days >= days
        )


class FilingCounter(models.Model):
    """Last filing number a body gave in a year. ``workflow.next_filing_number`` locks the row,
    so numbers stay unique under concurrent approvals and are never reused after a deletion."""

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_filing_counter_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body_id}-{self.year}: {self.last}"


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
        Filing, on_delete=models.CASCADE, related_name="attachments", verbose_name="备案表"
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


def _seal_upload_to(instance, filename) -> str:
    return f"seals/{secrets.token_hex(16)}.png"


class Seal(models.Model):
    """The e-seal image of a reviewing body (县级以上红十字会), uploaded by that body's admin."""

    ORG_PATH = "org__path"

    org = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="seal", verbose_name="红十字会"
    )
    image = models.FileField("电子印章（PNG）", upload_to=_seal_upload_to)
    uploaded_by = models.ForeignKey(
        "orgs.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "电子印章"
        verbose_name_plural = "电子印章"

    def __str__(self) -> str:
        return f"{self.org} 电子印章"


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


def _export_upload_to(instance, filename) -> str:
    """Named by migration 0001 (the former PdfExport, now a ``jobs.Job``); kept so it still loads."""
    return f"filings/exports/{secrets.token_hex(16)}.zip"
