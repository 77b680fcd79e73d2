"""Donations (seeds 001, 004; 红十字会法: donations and their use are disclosed): receipts numbered
per body per year without gaps, restricted uses that never exceed what was given, and the months a
reviewer has released to the public page."""

import secrets

from django.conf import settings
from django.db import models

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ReceiptCounter(models.Model):
    """The last receipt number a body issued in a year; locked while the next one is taken, so
    two receipts never share a number and none is skipped."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="relief_receipt_counter_once")]

    def __str__(self):
        return f"{self.org_id}-{self.year}: {self.last}"


class Donation(models.Model):
    ORG_PATH = "org__path"

    class DonorKind(models.TextChoices):
        PERSON = "person", "个人"
        ORGANISATION = "organisation", "单位"

    class Kind(models.TextChoices):
        MONEY = "money", "资金"
        GOODS = "goods", "物资"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="donations",
                            verbose_name="受赠单位")
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    received_on = models.DateField("接收日期")
    donor_kind = models.CharField("捐赠方类型", max_length=14, choices=DonorKind.choices)
    donor_name = models.CharField("捐赠方名称", max_length=60)
    anonymous = models.BooleanField("匿名捐赠", default=False)
    kind = models.CharField("捐赠形式", max_length=8, choices=Kind.choices)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)  # goods: their stated value
    purpose = models.CharField("捐赠意向", max_length=100, blank=True)
    restricted = models.BooleanField("定向捐赠", default=False)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    printed = models.PositiveIntegerField("打印次数", default=0)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name="经办人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "捐赠"
        ordering = ["-year", "-serial"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "serial"], name="relief_receipt_once")]

    def __str__(self):
        return f"收据 {self.number}"

    @property
    def number(self) -> str:
        return f"{self.year}-{self.serial:06d}"

    @property
    def public_donor(self) -> str:
        return "爱心人士" if self.anonymous else self.donor_name


class UseKind(models.TextChoices):
    ALLOCATION = "allocation", "调拨下级"
    PROJECT = "project", "项目"
    DISTRIBUTION = "distribution", "发放群众"


class DonationUse(models.Model):
    """Where (part of) a restricted donation went: money in 元, goods as a quantity of an item."""

    ORG_PATH = "donation__org__path"

    donation = models.ForeignKey(Donation, on_delete=models.PROTECT, related_name="uses", verbose_name="捐赠")
    used_on = models.DateField("使用日期")
    kind = models.CharField("去向类型", max_length=14, choices=UseKind.choices)
    destination = models.CharField("去向", max_length=100)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2, default=0)
    item = models.ForeignKey("relief.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="物资")
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, default=0)
    transfer = models.ForeignKey("relief.Transfer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="donation_uses", verbose_name="调拨单")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "捐赠使用"
        ordering = ["used_on", "pk"]

    def __str__(self):
        return f"{self.used_on} {self.destination}"

    @property
    def org(self):
        return self.donation.org


class Release(models.Model):
    """A month of a body's donations released to ``/disclosure/`` by a reviewer."""

    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name="单位")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公示发布"
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "month"], name="relief_release_once")]

    def __str__(self):
        return f"{self.year}年{self.month}月"
