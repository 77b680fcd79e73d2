"""The filing itself (seed 000, 附件1 «基层组织成立备案表»), its states and its number counter.

Every field of the printed form is a field here, with the form's label as ``verbose_name``.
State changes go through ``filings.workflow`` only.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from filings.limits import validators_for
from filings.models.attachment import REQUIRED_ATTACHMENTS, AttachmentKind
from orgs.models import BODY_LEVELS, Category, Organization
from orgs.querysets import ScopedQuerySet


class ScopedHistory(models.Model):
    """Base of the history tables: their rows are scoped like the rows they copy."""

    ORG_PATH = "org__path"

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
#: The form's phones: validated as phones, masked for anyone but the filing's editors.
PHONE_FIELDS = ("leader_phone", "contact1_phone", "contact2_phone", "contact3_phone")
#: Fields that must be filled in before submitting: all but the second and third contact (the
#: seed's 1-2 名专职工作人员 need one contact at least).
REQUIRED_FIELDS = tuple(f for f in FORM_FIELDS
                        if f not in ("contact2_name", "contact2_phone", "contact3_name", "contact3_phone"))


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

    # The database columns are wider than the form's limits (filings.limits), which are validators.
    name = models.CharField("基层组织名称", max_length=100, blank=True, validators=validators_for("name"))
    category = models.CharField("基层组织类别", max_length=16, choices=Category.choices, blank=True)
    host_unit = models.CharField("基层组织所在单位", max_length=100, blank=True,
                                 validators=validators_for("host_unit"))
    address = models.CharField("单位地址", max_length=200, blank=True, validators=validators_for("address"))
    unit_head = models.CharField("单位负责人", max_length=50, blank=True, validators=validators_for("unit_head"))
    headcount = models.PositiveIntegerField("所辖人数", null=True, blank=True)
    leader_name = models.CharField("基层组织负责人", max_length=50, blank=True,
                                   validators=validators_for("leader_name"))
    leader_phone = models.CharField("联系电话", max_length=20, blank=True, validators=validators_for("leader_phone"))
    founded_on = models.DateField("基层组织成立时间", null=True, blank=True)
    member_count = models.PositiveIntegerField("会员人数", null=True, blank=True)
    contact1_name = models.CharField("红十字工作联系人", max_length=50, blank=True,
                                     validators=validators_for("contact1_name"))
    contact1_phone = models.CharField("联系电话", max_length=20, blank=True,
                                      validators=validators_for("contact1_phone"))
    contact2_name = models.CharField("红十字工作联系人（二）", max_length=50, blank=True,
                                     validators=validators_for("contact2_name"))
    contact2_phone = models.CharField("联系电话", max_length=20, blank=True,
                                      validators=validators_for("contact2_phone"))
    contact3_name = models.CharField("红十字工作联系人（三）", max_length=50, blank=True,
                                     validators=validators_for("contact3_name"))
    contact3_phone = models.CharField("联系电话", max_length=20, blank=True,
                                      validators=validators_for("contact3_phone"))
    host_profile = models.TextField("基层组织所在单位概况", blank=True, validators=validators_for("host_profile"))
    host_profile_sealed_on = models.DateField("盖章日期", null=True, blank=True)
    party_opinion = models.TextField("基层组织所在单位党组织意见", blank=True,
                                     validators=validators_for("party_opinion"))
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

    def reviewing_body(self) -> Organization | None:
        """The body that reviews and stamps this filing: the nearest 县级以上红十字会 above the org
        (a body's own filing goes to the body above it)."""
        if self.org.is_body:
            return Organization.objects.get_ancestors(self.org).filter(level__in=BODY_LEVELS).last()
        return self.org.reviewing_body()

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
