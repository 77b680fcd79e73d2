"""Relief stock (seed 004: 救灾物资的储备、调拨与发放): warehouses at orgs, a catalogue of items,
and the ledger. Every balance is a sum over ``Move`` rows; nothing stores a balance. ``Stock`` is
one row per warehouse × item that carries its minimum level and is the row a stock-out locks, so
parallel stock-outs of one item queue up instead of both reading the same balance."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from orgs.models import Organization
from orgs.querysets import ScopedQuerySet

#: the units a catalogue item may be counted in; anything else is refused by name
UNITS = ("件", "箱", "袋", "包", "床", "套", "顶", "桶", "瓶", "个", "台", "双", "条", "千克", "升")

#: why a stocktake changes a balance (the issue's list)
ADJUST_REASONS = {"lost": "丢失", "damaged": "损坏", "expired": "过期", "counted": "盘点差异"}

POSITIVE = [MinValueValidator(Decimal("0.01"), "数量须大于零。")]


class Warehouse(models.Model):
    ORG_PATH = "org__path"

    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="warehouses",
                            verbose_name="所属组织")
    name = models.CharField("仓库名称", max_length=60)
    address = models.CharField("地址", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "救灾物资仓库"
        ordering = ["org__path", "name", "pk"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """The catalogue is shared by every body: the same 棉被 counts the same everywhere."""

    name = models.CharField("物资名称", max_length=40, unique=True)
    unit = models.CharField("计量单位", max_length=8, choices=[(u, u) for u in UNITS])
    perishable = models.BooleanField("有保质期", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "物资目录"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"


class Stock(models.Model):
    ORG_PATH = "warehouse__org__path"

    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stocks", verbose_name="仓库")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name="物资")
    minimum = models.DecimalField("最低库存", max_digits=12, decimal_places=2, default=0,
                                  validators=[MinValueValidator(0, "最低库存不能为负数。")])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "库存物资"
        constraints = [models.UniqueConstraint(fields=["warehouse", "item"], name="relief_stock_once")]

    def __str__(self):
        return f"{self.warehouse_id}/{self.item_id}"


class MoveKind(models.TextChoices):
    DONATION_IN = "donation_in", "捐赠入库"
    PURCHASE_IN = "purchase_in", "采购入库"
    ALLOCATION_IN = "allocation_in", "上级调拨入库"
    DISTRIBUTION_OUT = "distribution_out", "发放给群众"
    TRANSFER_OUT = "transfer_out", "调出（在途）"
    TRANSFER_IN = "transfer_in", "调入（收货确认）"
    ADJUST = "adjust", "盘点调整"


INWARD_KINDS = {MoveKind.DONATION_IN, MoveKind.PURCHASE_IN, MoveKind.ALLOCATION_IN, MoveKind.TRANSFER_IN}


class MoveQuerySet(ScopedQuerySet):
    def as_of(self, day):
        """The ledger up to and including ``day``: the one definition every balance uses."""
        return self.filter(occurred_on__lte=day)


class Move(models.Model):
    """One line of the ledger: a signed quantity of one item in one warehouse on one day."""

    ORG_PATH = "warehouse__org__path"

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="moves", verbose_name="仓库")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="moves", verbose_name="物资")
    kind = models.CharField("类型", max_length=20, choices=MoveKind.choices)
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2)  # + in, − out
    occurred_on = models.DateField("日期")
    expires_on = models.DateField("有效期至", null=True, blank=True)
    reason = models.CharField("调整原因", max_length=12, blank=True, choices=list(ADJUST_REASONS.items()))
    households = models.PositiveIntegerField("受助户数", null=True, blank=True)
    counterpart = models.CharField("来源/去向", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    donation = models.ForeignKey("relief.Donation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="moves", verbose_name="捐赠")
    transfer = models.ForeignKey("relief.Transfer", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="moves", verbose_name="调拨单")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name="经办人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = MoveQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "出入库台账"
        ordering = ["occurred_on", "pk"]
        indexes = [models.Index(fields=["warehouse", "item", "occurred_on"])]

    def __str__(self):
        return f"{self.occurred_on} {self.kind} {self.quantity}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", "下级申请"
    APPROVED = "approved", "已批准待发运"
    IN_TRANSIT = "in_transit", "在途"
    RECEIVED = "received", "已收货"
    REJECTED = "rejected", "未批准"
    CANCELLED = "cancelled", "已取消"


S = TransferStatus
#: the allowed moves of a transfer (the waybill): a child's request is approved by the sender,
#: shipped (the goods leave the sender's ledger), and received by the receiving side.
NEXT = {
    S.REQUESTED: {S.APPROVED, S.REJECTED},
    S.APPROVED: {S.IN_TRANSIT, S.CANCELLED},
    S.IN_TRANSIT: {S.RECEIVED},
    S.RECEIVED: set(),
    S.REJECTED: set(),
    S.CANCELLED: set(),
}


class Transfer(models.Model):
    """调拨单 between two warehouses, usually from a body to a child org. Scoped by the sender;
    the receiving side reaches its incoming transfers through ``relief.selectors``."""

    ORG_PATH = "source__org__path"

    number = models.CharField("调拨单号", max_length=20, unique=True)
    source = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="outgoing", verbose_name="调出仓库")
    target = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="incoming", verbose_name="调入仓库")
    status = models.CharField("状态", max_length=12, choices=TransferStatus.choices)
    purpose = models.CharField("用途", max_length=100, blank=True)
    shipped_on = models.DateField("发运日期", null=True, blank=True)
    received_on = models.DateField("收货日期", null=True, blank=True)
    receipt_note = models.CharField("收货说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="经办人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "调拨单"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.number

    @property
    def org(self):  # scoping.require reads ``obj.org``: a transfer belongs to its sender
        return self.source.org


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines", verbose_name="调拨单")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name="物资")
    quantity = models.DecimalField("数量", max_digits=12, decimal_places=2, validators=POSITIVE)
    received = models.DecimalField("实收数量", max_digits=12, decimal_places=2, null=True, blank=True)
    damaged = models.DecimalField("破损数量", max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "调拨明细"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.item_id} × {self.quantity}"


class TransferEvent(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, blank=True, choices=TransferStatus.choices)
    to_status = models.CharField(max_length=12, choices=TransferStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"
