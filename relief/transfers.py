"""调拨 (seed 004): a waybill between two warehouses. A child org's request is approved by the
sending body, shipped (the goods leave the sender's ledger and are in transit), and confirmed by
the receiving side with what actually arrived (short and damaged quantities recorded): only then
do they enter the receiver's ledger. Every state change goes through ``_move`` over ``NEXT``."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lib import audit
from orgs import scoping
from relief import stock
from relief.models import NEXT, MoveKind, Transfer, TransferEvent, TransferLine, TransferStatus

S = TransferStatus
ACTIONS = {S.REQUESTED: "relief.transfer_request", S.APPROVED: "relief.transfer_approve",
           S.IN_TRANSIT: "relief.transfer_ship", S.RECEIVED: "relief.transfer_receive",
           S.REJECTED: "relief.transfer_reject", S.CANCELLED: "relief.transfer_cancel"}


class IllegalMove(ValidationError):
    pass


@transaction.atomic
def _move(transfer: Transfer, new: str, *, by, note: str = "", **changes) -> Transfer:
    """The one mover: lock, refuse a move not in ``NEXT``, save, write the event and the audit row."""
    locked = Transfer.objects.select_for_update().get(pk=transfer.pk)
    old = locked.status
    if new not in NEXT[old]:
        raise IllegalMove(f"调拨单当前为“{S(old).label}”，不能变为“{S(new).label}”。")
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.status = new
    locked.save(update_fields=["status", *changes])
    TransferEvent.objects.create(transfer=locked, from_status=old, to_status=new, by=by, note=note[:200])
    audit.record(ACTIONS[new], user=by, obj=locked.source, transfer=locked.number, from_status=old, to_status=new)
    return locked


def _number() -> str:
    """调拨单号: year and a serial, e.g. DB2026-0007."""
    year = timezone.localdate().year
    prefix = f"DB{year}-"
    last = Transfer.objects.filter(number__startswith=prefix).aggregate(top=Max("number"))["top"]
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _lines(lines) -> list[tuple]:
    lines = [(item, stock.positive(qty)) for item, qty in lines if item is not None]
    if not lines:
        raise ValidationError("请至少填写一种物资及数量。")
    if len({item.pk for item, _ in lines}) != len(lines):
        raise ValidationError("同一种物资请只填一行。")
    return lines


@transaction.atomic
def _create(source, target, lines, *, by, status, purpose) -> Transfer:
    if source.pk == target.pk:
        raise ValidationError({"target": "调出和调入不能是同一个仓库。"})
    transfer = Transfer.objects.create(number=_number(), source=source, target=target, status=status,
                                       purpose=purpose, created_by=by)
    TransferLine.objects.bulk_create([TransferLine(transfer=transfer, item=i, quantity=q) for i, q in lines])
    TransferEvent.objects.create(transfer=transfer, to_status=status, by=by)
    audit.record(ACTIONS[status], user=by, obj=source, transfer=transfer.number)
    return transfer


@transaction.atomic
def allocate(source, target, lines, *, by, purpose: str = "") -> Transfer:
    """A body allocates goods from its warehouse to one below it: approved, so committed, at once."""
    scoping.require(by, "relief.edit", source)
    if not scoping.in_scope(by, target.org):
        raise ValidationError({"target": "只能调拨到本单位或下级单位的仓库。"})
    lines = _lines(lines)
    for item, quantity in lines:
        stock.reserve(source, item, quantity)
    return _create(source, target, lines, by=by, status=S.APPROVED, purpose=purpose)


def request(source, target, lines, *, by, purpose: str = "") -> Transfer:
    """A child org asks its parent body for goods, into its own warehouse."""
    scoping.require(by, "relief.edit", target)
    if not target.org.path.startswith(source.org.path) or source.org_id == target.org_id:
        raise ValidationError({"source": "只能向上级单位的仓库申请物资。"})
    return _create(source, target, _lines(lines), by=by, status=S.REQUESTED, purpose=purpose)


def _sender(transfer, by):
    scoping.require(by, "relief.edit", transfer.source)


@transaction.atomic
def approve(transfer: Transfer, *, by, note: str = "") -> Transfer:
    """Approving a request commits the goods: refused when they are not free in the warehouse."""
    _sender(transfer, by)
    moved = _move(transfer, S.APPROVED, by=by, note=note)
    for line in moved.lines.select_related("item"):
        stock.reserve(moved.source, line.item, line.quantity, besides=moved)
    return moved


def reject(transfer: Transfer, *, by, note: str = "") -> Transfer:
    _sender(transfer, by)
    return _move(transfer, S.REJECTED, by=by, note=note)


def cancel(transfer: Transfer, *, by, note: str = "") -> Transfer:
    _sender(transfer, by)
    return _move(transfer, S.CANCELLED, by=by, note=note)


@transaction.atomic
def ship(transfer: Transfer, *, by, on=None) -> Transfer:
    """发运: every line leaves the sender's ledger (refused as a whole when one is short)."""
    _sender(transfer, by)
    on = on or timezone.localdate()
    moved = _move(transfer, S.IN_TRANSIT, by=by, shipped_on=on)
    for line in moved.lines.select_related("item"):
        stock._take(moved.source, line.item, line.quantity, on=on, kind=MoveKind.TRANSFER_OUT, by=by,
                    transfer=moved, counterpart=moved.target.org.name)
    return moved


@transaction.atomic
def receive(transfer: Transfer, *, by, received: dict, damaged: dict | None = None, on=None,
            note: str = "") -> Transfer:
    """收货确认 by the receiving side: ``received`` and ``damaged`` map line pk → quantity. The good
    quantity (received − damaged) enters the receiver's ledger; a shortfall stays on the waybill."""
    scoping.require(by, "relief.edit", transfer.target)
    if not by.is_superuser and not scoping.in_scope(by, transfer.target.org):
        raise PermissionDenied("只有收货单位可以确认收货。")
    on = on or timezone.localdate()
    damaged = damaged or {}
    moved = _move(transfer, S.RECEIVED, by=by, received_on=on, receipt_note=note[:200])
    if moved.shipped_on and on < moved.shipped_on:
        raise ValidationError({"received_on": "收货日期不能早于发运日期。"})
    for line in moved.lines.select_related("item"):
        got = Decimal(str(received.get(line.pk, line.quantity)))
        bad = Decimal(str(damaged.get(line.pk, 0) or 0))
        if got < 0 or bad < 0 or got > line.quantity or bad > got:
            raise ValidationError(f"{line.item.name}：实收数量须在 0 到 {stock.fmt(line.quantity)} 之间，"
                                  "破损数量不能超过实收数量。")
        line.received, line.damaged = got, bad
        line.save(update_fields=["received", "damaged"])
        if got - bad > 0:
            stock.stock_in(moved.target, line.item, got - bad, by=by, kind=MoveKind.TRANSFER_IN, on=on,
                           transfer=moved, counterpart=moved.source.org.name, check=False,
                           expires_on=_expiry(moved, line))
    return moved


def _expiry(transfer, line):
    """A perishable item keeps the earliest expiry the sender's warehouse holds for it."""
    if not line.item.perishable:
        return None
    from relief.models import Move

    batch = Move.objects.filter(warehouse=transfer.source, item=line.item, expires_on__isnull=False).order_by(
        "expires_on").first()
    return batch.expires_on if batch else transfer.shipped_on


def in_transit(warehouse) -> list[TransferLine]:
    return list(TransferLine.objects.filter(transfer__target=warehouse, transfer__status=S.IN_TRANSIT)
                .select_related("item", "transfer__source__org"))
