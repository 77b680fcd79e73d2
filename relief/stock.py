"""The stock ledger's writes and reads (seed 004). Every write is one function that checks scope
and role, runs in a transaction and writes ``Move`` rows; every balance is a sum of those rows as
of a date. A stock-out locks the warehouse × item ``Stock`` row first, then sums, then writes: two
parallel stock-outs of the last ten 棉被 cannot both pass (PostgreSQL row lock; a test proves it).
Corrections are stocktake adjustments with a reason, which may take a balance down to zero but
never below it."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from lib import audit
from orgs import scoping
from relief.models import ADJUST_REASONS, INWARD_KINDS, Item, Move, MoveKind, Stock, Warehouse

EXPIRY_WARNING_DAYS = 30
ZERO = Decimal("0")


def fmt(quantity: Decimal) -> str:
    """A quantity as people write it: 10, 2.5 (not 10.00)."""
    return f"{quantity.normalize():f}" if quantity == quantity.to_integral() else f"{quantity:f}".rstrip("0")


def positive(quantity, field: str = "quantity") -> Decimal:
    try:
        quantity = Decimal(str(quantity))
    except ArithmeticError:
        raise ValidationError({field: "请填写数量。"}) from None
    if not quantity.is_finite() or quantity <= 0:
        raise ValidationError({field: "数量须大于零。"})
    if quantity != quantity.quantize(Decimal("0.01")):
        raise ValidationError({field: "数量最多保留两位小数。"})
    return quantity


def create_warehouse(*, by, org, name: str, address: str = "") -> Warehouse:
    scoping.require(by, "relief.edit", org)
    if Warehouse.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": "本单位已有同名仓库。"})
    return Warehouse.objects.create(org=org, name=name, address=address)


def item_named(name: str, unit: str) -> Item:
    """The catalogue's item of that name, made on first use; an existing item keeps its unit."""
    from relief.models import UNITS

    if unit not in UNITS:
        raise ValidationError({"unit": f"计量单位“{unit}”不在目录中，可选：{'、'.join(UNITS)}。"})
    item, _ = Item.objects.get_or_create(name=name.strip(), defaults={"unit": unit})
    if item.unit != unit:
        raise ValidationError({"unit": f"{item.name}在物资目录中以“{item.unit}”计量。"})
    return item


def _stock_row(warehouse: Warehouse, item: Item) -> Stock:
    """The warehouse × item row, locked until the caller's transaction ends."""
    Stock.objects.get_or_create(warehouse=warehouse, item=item)
    return Stock.objects.select_for_update().get(warehouse=warehouse, item=item)


def balance(warehouse: Warehouse, item: Item, on: date | None = None) -> Decimal:
    moves = Move.objects.filter(warehouse=warehouse, item=item)
    if on is not None:
        moves = moves.as_of(on)
    return moves.aggregate(total=Sum("quantity"))["total"] or ZERO


def balances(warehouses, on: date | None = None):
    """(warehouse, item) → balance for every item ever moved in ``warehouses``, one query."""
    moves = Move.objects.filter(warehouse__in=warehouses)
    if on is not None:
        moves = moves.as_of(on)
    return moves.values("warehouse", "warehouse__name", "item", "item__name", "item__unit").annotate(
        total=Sum("quantity")).order_by("warehouse__name", "item__name")


def _write(warehouse, item, quantity: Decimal, *, kind, by, on, **fields) -> Move:
    return Move.objects.create(warehouse=warehouse, item=item, quantity=quantity, kind=kind, by=by,
                               occurred_on=on or timezone.localdate(), **fields)


def _not_future(on):
    if on and on > timezone.localdate():
        raise ValidationError({"occurred_on": "日期不能晚于今天。"})


@transaction.atomic
def stock_in(warehouse: Warehouse, item: Item, quantity, *, by, kind=MoveKind.PURCHASE_IN, on=None,
             expires_on=None, counterpart: str = "", note: str = "", donation=None, transfer=None,
             check=True) -> Move:
    if check:
        scoping.require(by, "relief.edit", warehouse)
    if kind not in INWARD_KINDS:
        raise ValidationError({"kind": "请选择入库类型。"})
    _not_future(on)
    quantity = positive(quantity)
    if expires_on is None and item.perishable:
        raise ValidationError({"expires_on": f"{item.name}有保质期，请填写有效期。"})
    move = _write(warehouse, item, quantity, kind=kind, by=by, on=on, expires_on=expires_on,
                  counterpart=counterpart, note=note, donation=donation, transfer=transfer)
    audit.record("relief.stock_in", user=by, obj=warehouse, item=item.name, quantity=str(quantity))
    return move


def committed(warehouse, item, *, besides=None) -> Decimal:
    """Goods promised on approved waybills not yet shipped: kept for them, not free to take."""
    from relief.models import TransferLine, TransferStatus

    lines = TransferLine.objects.filter(transfer__source=warehouse, item=item,
                                        transfer__status=TransferStatus.APPROVED)
    if besides is not None:
        lines = lines.exclude(transfer=besides)
    return lines.aggregate(total=Sum("quantity"))["total"] or ZERO


def free(warehouse, item, on=None, *, besides=None) -> Decimal:
    """What may still leave the warehouse on ``on``: the lowest balance from that day on (a
    back-dated stock-out may not empty a later day), less what approved waybills keep. The caller
    holds the ``Stock`` row lock."""
    on = on or timezone.localdate()
    lowest = running = balance(warehouse, item, on)
    for later in Move.objects.filter(warehouse=warehouse, item=item, occurred_on__gt=on).order_by(
            "occurred_on", "pk").values_list("quantity", flat=True):
        running += later
        lowest = min(lowest, running)
    return lowest - committed(warehouse, item, besides=besides)


def reserve(warehouse, item, quantity: Decimal, *, besides=None) -> None:
    """Refuse to promise more than is free (an approval commits goods before they ship)."""
    _stock_row(warehouse, item)
    available = free(warehouse, item, besides=besides)
    if quantity > available:
        raise ValidationError({"quantity": f"{warehouse.name}的{item.name}可调拨数量只有 "
                                           f"{fmt(max(available, ZERO))}{item.unit}（已扣除已批准待发运的数量），"
                                           f"不能批准 {fmt(quantity)}{item.unit}。"})


def _take(warehouse, item, quantity: Decimal, *, on, kind, by, transfer=None, **fields) -> Move:
    """Lock, check, write: the one way stock leaves a warehouse. Refused when the balance would
    drop below zero on ``on`` or on any later day already in the ledger, or would eat into what
    other approved waybills keep."""
    _stock_row(warehouse, item)
    on = on or timezone.localdate()
    available = free(warehouse, item, on, besides=transfer)
    if quantity > available:
        raise ValidationError({"quantity": f"{warehouse.name}的{item.name}库存只有 {fmt(max(available, ZERO))}"
                                           f"{item.unit}（已扣除已批准待发运的数量），"
                                           f"不能出库 {fmt(quantity)}{item.unit}。"})
    return _write(warehouse, item, -quantity, kind=kind, by=by, on=on, transfer=transfer, **fields)


@transaction.atomic
def distribute(warehouse: Warehouse, item: Item, quantity, *, by, households: int, on=None,
               counterpart: str = "", note: str = "") -> Move:
    """发放给群众 (博爱送万家 and others): how many households, not who (no names in the ledger)."""
    scoping.require(by, "relief.edit", warehouse)
    _not_future(on)
    if not households or households < 1:
        raise ValidationError({"households": "请填写受助户数。"})
    move = _take(warehouse, item, positive(quantity), on=on, kind=MoveKind.DISTRIBUTION_OUT, by=by,
                 households=households, counterpart=counterpart, note=note)
    audit.record("relief.distribute", user=by, obj=warehouse, item=item.name, quantity=str(-move.quantity))
    return move


@transaction.atomic
def adjust(warehouse: Warehouse, item: Item, counted, *, by, reason: str, on=None, note: str = "") -> Move | None:
    """盘点: set the balance to what was counted, with a reason from the list. None when it matches."""
    scoping.require(by, "relief.edit", warehouse)
    _not_future(on)
    if reason not in ADJUST_REASONS:
        raise ValidationError({"reason": "请从列表中选择调整原因。"})
    try:
        counted = Decimal(str(counted))
    except ArithmeticError:
        raise ValidationError({"counted": "请填写实盘数量。"}) from None
    if not counted.is_finite() or counted < 0:
        raise ValidationError({"counted": "实盘数量不能为负数。"})
    _stock_row(warehouse, item)
    on = on or timezone.localdate()
    difference = counted - balance(warehouse, item, on)
    if difference == 0:
        return None
    move = _write(warehouse, item, difference, kind=MoveKind.ADJUST, by=by, on=on, reason=reason, note=note)
    audit.record("relief.adjust", user=by, obj=warehouse, item=item.name, difference=str(difference),
                 reason=reason)
    return move


@transaction.atomic
def set_minimum(warehouse: Warehouse, item: Item, minimum, *, by) -> Stock:
    scoping.require(by, "relief.edit", warehouse)
    try:
        minimum = Decimal(str(minimum))
    except ArithmeticError:
        raise ValidationError({"minimum": "请填写最低库存。"}) from None
    if not minimum.is_finite() or minimum < 0:
        raise ValidationError({"minimum": "最低库存不能为负数。"})
    stock = _stock_row(warehouse, item)
    stock.minimum = minimum
    stock.save(update_fields=["minimum"])
    return stock


def card(warehouse: Warehouse, item: Item, *, start=None, end=None) -> list[dict]:
    """The stock card (物资卡): every move of one item with the running balance after it."""
    moves = Move.objects.filter(warehouse=warehouse, item=item).select_related("by", "transfer", "donation")
    running = ZERO
    if start:
        running = balance(warehouse, item, start - timedelta(days=1))
        moves = moves.filter(occurred_on__gte=start)
    if end:
        moves = moves.as_of(end)
    rows = []
    for move in moves.order_by("occurred_on", "pk"):
        running += move.quantity
        rows.append({"move": move, "balance": running})
    return rows


def below_minimum(warehouse: Warehouse) -> list[dict]:
    stocks = Stock.objects.filter(warehouse=warehouse, minimum__gt=0).select_related("item").annotate(
        total=Sum("item__moves__quantity", filter=Q(item__moves__warehouse=warehouse)))
    return [{"item": s.item, "minimum": s.minimum, "balance": s.total or ZERO}
            for s in stocks if (s.total or ZERO) < s.minimum]


def expiring(warehouse: Warehouse, *, today=None, days: int = EXPIRY_WARNING_DAYS) -> list[Move]:
    """Batches received with an expiry date within ``days`` (or past) whose item is still in stock."""
    today = today or timezone.localdate()
    batches = Move.objects.filter(warehouse=warehouse, expires_on__isnull=False,
                                  expires_on__lte=today + timedelta(days=days), quantity__gt=0
                                  ).select_related("item").order_by("expires_on")
    in_stock = {row["item"] for row in balances([warehouse]) if row["total"] > 0}
    return [b for b in batches if b.item_id in in_stock]
