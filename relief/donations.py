"""Donations (seeds 001, 004; 红十字会法 §13–14: donations and their use are made public).

``receive_donation`` takes the body's next receipt number under a row lock, so numbers per body and
year run without gaps; a voided receipt keeps its number and its reason, a reprint keeps its
number. Goods go into stock through the ledger. ``record_use`` locks the donation and refuses a
use that would make the uses larger than the gift. ``release_month`` publishes a month on
``/disclosure/``."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from lib import audit
from orgs import scoping
from relief import stock
from relief.models import Donation, DonationUse, MoveKind, ReceiptCounter, Release, UseKind

ZERO = Decimal("0")


def _money(value, field: str) -> Decimal:
    try:
        value = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: "请填写金额。"}) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError({field: "金额须为不小于零的数，最多两位小数。"})
    return value


def _next_serial(org, year: int) -> int:
    ReceiptCounter.objects.get_or_create(org=org, year=year)
    counter = ReceiptCounter.objects.select_for_update().get(org=org, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def receive_donation(*, by, org, received_on, donor_kind: str, donor_name: str, anonymous: bool = False,
                     kind: str, amount=0, purpose: str = "", restricted: bool = False, goods=(),
                     warehouse=None) -> Donation:
    """Money or goods received by a Red Cross body. ``goods`` is a list of (item, quantity, expiry)
    that go into ``warehouse`` as 捐赠入库."""
    scoping.require(by, "relief.edit", org)
    if not org.is_body:
        raise ValidationError({"org": "捐赠由县级以上红十字会接收并开具收据。"})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "接收日期不能晚于今天。"})
    donor_name = (donor_name or "").strip()
    if not donor_name:
        raise ValidationError({"donor_name": "请填写捐赠方名称（匿名捐赠也须登记，公示时显示为“爱心人士”）。"})
    amount = _money(amount, "amount")
    if kind == Donation.Kind.MONEY and amount <= 0:
        raise ValidationError({"amount": "资金捐赠的金额须大于零。"})
    if restricted and not purpose.strip():
        raise ValidationError({"purpose": "定向捐赠须写明捐赠意向。"})
    if kind == Donation.Kind.GOODS:
        if not goods:
            raise ValidationError({"goods": "物资捐赠请至少填写一种物资及数量。"})
        if warehouse is None or warehouse.org_id != org.pk:
            raise ValidationError({"warehouse": "请选择本单位的仓库接收捐赠物资。"})
    donation = Donation.objects.create(
        org=org, year=received_on.year, serial=_next_serial(org, received_on.year), received_on=received_on,
        donor_kind=donor_kind, donor_name=donor_name[:60], anonymous=anonymous, kind=kind, amount=amount,
        purpose=purpose.strip()[:100], restricted=restricted, by=by)
    for item, quantity, expires_on in goods:
        stock.stock_in(warehouse, item, quantity, by=by, kind=MoveKind.DONATION_IN, on=received_on,
                       expires_on=expires_on, donation=donation, counterpart=donation.public_donor)
    audit.record("relief.donation_received", user=by, obj=donation, number=donation.number, amount=str(amount))
    return donation


@transaction.atomic
def void(donation: Donation, *, by, reason: str) -> Donation:
    """作废: the receipt keeps its number (no gap, no reuse) and carries the reason."""
    scoping.require(by, "relief.edit", donation)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": "请填写作废原因（至少4个字）。"})
    locked = Donation.objects.select_for_update().get(pk=donation.pk)
    if locked.voided_at:
        raise ValidationError("该收据已作废。")
    if locked.uses.exists() or locked.moves.filter(quantity__lt=0).exists():
        raise ValidationError("该捐赠已有使用记录，不能作废。")
    locked.voided_at, locked.void_reason = timezone.now(), reason[:200]
    locked.save(update_fields=["voided_at", "void_reason"])
    audit.record("relief.donation_voided", user=by, obj=locked, number=locked.number, reason=reason[:200])
    return locked


def printed(donation: Donation, *, by) -> Donation:
    """A receipt printed (again): same number, one more print counted and logged."""
    scoping.require(by, "relief.view", donation)
    Donation.objects.filter(pk=donation.pk).update(printed=donation.printed + 1)
    audit.record("relief.receipt_printed", user=by, obj=donation, number=donation.number)
    donation.printed += 1
    return donation


def donated_goods(donation: Donation) -> dict:
    """item pk → (item, quantity) received with this donation."""
    totals = {}
    for move in donation.moves.filter(kind=MoveKind.DONATION_IN).select_related("item"):
        item, qty = totals.get(move.item_id, (move.item, ZERO))
        totals[move.item_id] = (item, qty + move.quantity)
    return totals


@transaction.atomic
def record_use(donation: Donation, *, by, used_on, kind: str, destination: str, amount=0, item=None,
               quantity=0, transfer=None) -> DonationUse:
    """One use of a restricted donation: money by amount, goods by item and quantity; the uses of a
    donation never add up to more than it gave."""
    scoping.require(by, "relief.edit", donation)
    locked = Donation.objects.select_for_update().get(pk=donation.pk)
    if locked.voided_at:
        raise ValidationError("作废的收据不能登记使用。")
    if kind not in UseKind.values:
        raise ValidationError({"kind": "请选择去向类型。"})
    if not (destination or "").strip():
        raise ValidationError({"destination": "请填写去向（不写受助人姓名）。"})
    if used_on < locked.received_on or used_on > timezone.localdate():
        raise ValidationError({"used_on": "使用日期须在接收日期之后、今天之前。"})
    if transfer is not None and transfer.source.org_id != locked.org_id:
        raise ValidationError({"transfer": "只能选择本单位发出的调拨单。"})
    amount = _money(amount or 0, "amount")
    if locked.kind == Donation.Kind.MONEY:
        if amount <= 0:
            raise ValidationError({"amount": "请填写使用金额。"})
        used = locked.uses.aggregate(total=Sum("amount"))["total"] or ZERO
        if used + amount > locked.amount:
            raise ValidationError({"amount": f"使用金额超过捐赠余额：捐赠 {locked.amount:.2f} 元，"
                                             f"已使用 {used:.2f} 元，"
                                             f"剩余 {locked.amount - used:.2f} 元。"})
        item, quantity = None, ZERO
    else:
        goods = donated_goods(locked)
        if item is None or item.pk not in goods:
            raise ValidationError({"item": "请选择该捐赠中的物资。"})
        quantity = stock.positive(quantity)
        given = goods[item.pk][1]
        used = locked.uses.filter(item=item).aggregate(total=Sum("quantity"))["total"] or ZERO
        if used + quantity > given:
            raise ValidationError({"quantity": f"使用数量超过捐赠数量：捐赠{item.name} {stock.fmt(given)}{item.unit}，"
                                               f"已使用 {stock.fmt(used)}{item.unit}。"})
    use = DonationUse.objects.create(donation=locked, used_on=used_on, kind=kind, destination=destination.strip()[:100],
                                     amount=amount, item=item, quantity=quantity, transfer=transfer, by=by)
    audit.record("relief.donation_used", user=by, obj=locked, number=locked.number, destination=use.destination)
    return use


@transaction.atomic
def release_month(org, year: int, month: int, *, by) -> Release:
    """A reviewer releases one month of the body's donations to the public page."""
    scoping.require(by, "relief.release", org)
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份须在 1 到 12 之间。"})
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValidationError({"month": "不能发布尚未到来的月份。"})
    release, made = Release.objects.get_or_create(org=org, year=year, month=month, defaults={"by": by})
    if not made:
        raise ValidationError({"month": f"{year}年{month}月已发布。"})
    audit.record("relief.month_released", user=by, obj=org, year=year, month=month)
    return release
