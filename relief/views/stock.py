"""Warehouses, the ledger, stock cards, stocktakes and transfers."""

from datetime import date
from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lib import audit
from lib.excel import write as xlsx
from lib.formpages import acted, submitted
from orgs import scoping
from relief import exports, forms, selectors, stock, tasks, transfers
from relief.models import Item, TransferStatus, Warehouse

FORM = "relief/form.html"


def _warehouse(request, pk, action="relief.view") -> Warehouse:
    warehouse = scoping.get_visible_or_404(Warehouse.objects.select_related("org"), request.user, pk=pk)
    scoping.require(request.user, action, warehouse)
    return warehouse


def _back(warehouse) -> str:
    return reverse("relief:warehouse", args=[warehouse.pk])


def _as_of(request) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return None


@login_required
@never_cache
@require_GET
def warehouse_list(request):
    scoping.require(request.user, "relief.view")
    qs = Warehouse.objects.visible_to(request.user).select_related("org")
    return render(request, "relief/warehouse_list.html", {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "can_edit": scoping.can(request.user, "relief.edit")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def warehouse_create(request):
    scoping.require(request.user, "relief.edit")
    form = forms.WarehouseForm(request.POST or None, user=request.user)
    done = submitted(request, form, partial(stock.create_warehouse, by=request.user), then=_back,
                     success="仓库已建立。")
    return done or render(request, FORM, {"form": form, "title": "新建救灾物资仓库"})


@login_required
@never_cache
@require_GET
def warehouse_detail(request, pk):
    """Balances as of any date, what is below its minimum, what expires soon, what is on its way."""
    warehouse = _warehouse(request, pk)
    on = _as_of(request)
    return render(request, "relief/warehouse_detail.html", {
        "warehouse": warehouse, "on": on, "today": timezone.localdate(),
        "balances": stock.balances([warehouse], on), "low": stock.below_minimum(warehouse),
        "expiring": stock.expiring(warehouse), "incoming": transfers.in_transit(warehouse),
        "can_edit": scoping.can(request.user, "relief.edit", warehouse),
        "can_request": scoping.can(request.user, "relief.edit", warehouse) and warehouse.org.depth > 1})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def stock_in(request, pk):
    warehouse = _warehouse(request, pk, "relief.edit")
    form = forms.StockInForm(request.POST or None)

    def service(item, quantity, kind, on, expires_on, counterpart, **_):
        return stock.stock_in(warehouse, item, quantity, by=request.user, kind=kind, on=on,
                              expires_on=expires_on, counterpart=counterpart)

    done = submitted(request, form, service, then=_back(warehouse), success="已入库。")
    return done or render(request, FORM, {"form": form, "title": f"入库：{warehouse.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def distribute(request, pk):
    warehouse = _warehouse(request, pk, "relief.edit")
    form = forms.DistributeForm(request.POST or None, warehouse=warehouse)
    done = submitted(request, form, lambda item, **data: stock.distribute(warehouse, item, by=request.user, **data),
                     then=_back(warehouse), success="已登记发放。")
    return done or render(request, FORM, {"form": form, "title": f"发放给群众：{warehouse.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def adjust(request, pk):
    warehouse = _warehouse(request, pk, "relief.edit")
    form = forms.AdjustForm(request.POST or None, warehouse=warehouse)
    done = submitted(request, form, lambda item, **data: stock.adjust(warehouse, item, by=request.user, **data),
                     then=_back(warehouse), success="已按实盘数量调整。")
    return done or render(request, FORM, {"form": form, "title": f"盘点调整：{warehouse.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def minimum(request, pk):
    warehouse = _warehouse(request, pk, "relief.edit")
    form = forms.MinimumForm(request.POST or None, warehouse=warehouse)
    done = submitted(request, form, lambda item, minimum: stock.set_minimum(warehouse, item, minimum,
                                                                           by=request.user),
                     then=_back(warehouse), success="最低库存已保存。")
    return done or render(request, FORM, {"form": form, "title": f"最低库存：{warehouse.name}"})


@login_required
@never_cache
@require_GET
def card(request, pk, item_pk):
    """物资卡: every move of one item in one warehouse with the running balance."""
    warehouse = _warehouse(request, pk)
    item = Item.objects.filter(pk=item_pk).first()
    if item is None:
        raise Http404("未找到该物资。")
    return render(request, "relief/card.html", {"warehouse": warehouse, "item": item,
                                                "rows": stock.card(warehouse, item)})


@login_required
@never_cache
@require_POST
def ledger_export(request, pk):
    """The ledger and the balances of one warehouse as a workbook (two sheets); a big ledger is
    written by a background job with a progress page."""
    warehouse = _warehouse(request, pk)
    moves = exports.ledger_moves(request.user, warehouse)
    count = moves.count()
    audit.record("relief.export", request=request, obj=warehouse, count=count)
    if tasks.is_big_export(count):
        return redirect("jobs:detail", tasks.start_ledger_export(by=request.user, warehouse=warehouse).pk)
    return xlsx.response(lambda fh: exports.write_ledger(warehouse, moves, fh), f"物资台账-{warehouse.pk}.xlsx")


@login_required
@never_cache
@require_GET
def transfer_list(request):
    scoping.require(request.user, "relief.view")
    qs = selectors.visible_transfers(request.user).select_related("source__org", "target__org")
    return render(request, "relief/transfer_list.html", {"page": Paginator(qs, 30).get_page(request.GET.get("page"))})


def _transfer_form(request, warehouse, *, upward: bool):
    others = Warehouse.objects.visible_to(request.user).exclude(pk=warehouse.pk)
    if upward:  # a request goes to a warehouse of a body above
        ancestors = [warehouse.org.path[:i] for i in range(4, len(warehouse.org.path), 4)]
        others = scoping.allow_unscoped(Warehouse.objects.filter(org__path__in=ancestors))
    items = Item.objects.all() if upward else Item.objects.filter(moves__warehouse=warehouse).distinct()
    return forms.TransferForm(request.POST or None, warehouse=warehouse, others=others.select_related("org"),
                              items=items, other_label="申请自（上级仓库）" if upward else "调入仓库")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def transfer_create(request, pk):
    """调拨: from this warehouse to one below (approved from the start)."""
    warehouse = _warehouse(request, pk, "relief.edit")
    form = _transfer_form(request, warehouse, upward=False)

    def service(other, item, quantity, purpose):
        return transfers.allocate(warehouse, other, [(item, quantity)], by=request.user, purpose=purpose)

    done = submitted(request, form, service, then=lambda t: reverse("relief:transfer", args=[t.pk]),
                     success=lambda t: f"调拨单 {t.number} 已建立，发运后对方确认收货即入库。")
    return done or render(request, FORM, {"form": form, "title": f"调拨物资：{warehouse.name}"})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def transfer_request(request, pk):
    """申请物资: this (child's) warehouse asks a body above for goods."""
    warehouse = _warehouse(request, pk, "relief.edit")
    form = _transfer_form(request, warehouse, upward=True)

    def service(other, item, quantity, purpose):
        return transfers.request(other, warehouse, [(item, quantity)], by=request.user, purpose=purpose)

    done = submitted(request, form, service, then=lambda t: reverse("relief:transfer", args=[t.pk]),
                     success=lambda t: f"申请 {t.number} 已提交，待上级批准。")
    return done or render(request, FORM, {"form": form, "title": f"向上级申请物资：{warehouse.name}"})


def _visible_transfer(request, pk):
    transfer = selectors.visible_transfers(request.user).select_related("source__org", "target__org").filter(
        pk=pk).first()
    if transfer is None:
        raise Http404("未找到该调拨单。")
    scoping.require(request.user, "relief.view")
    return transfer


@login_required
@never_cache
@require_GET
def transfer_detail(request, pk):
    transfer = _visible_transfer(request, pk)
    user = request.user
    sender = scoping.can(user, "relief.edit", transfer.source)
    receiver = scoping.can(user, "relief.edit", transfer.target)
    return render(request, "relief/transfer_detail.html", {
        "transfer": transfer, "lines": transfer.lines.select_related("item"),
        "events": transfer.events.select_related("by"), "S": TransferStatus,
        "can_send": sender, "can_receive": receiver and transfer.status == TransferStatus.IN_TRANSIT})


ACTS = {"approve": (transfers.approve, "已批准。"), "reject": (transfers.reject, "已不予批准。"),
        "cancel": (transfers.cancel, "已取消。"), "ship": (transfers.ship, "已发运，物资在途。")}


@login_required
@never_cache
@require_POST
def transfer_act(request, pk, action):
    transfer = _visible_transfer(request, pk)
    if action not in ACTS:
        raise Http404("未知操作。")
    scoping.require(request.user, "relief.edit", transfer.source)
    service, success = ACTS[action]
    return acted(request, lambda: service(transfer, by=request.user), success=success,
                 then=reverse("relief:transfer", args=[transfer.pk]))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def transfer_receive(request, pk):
    transfer = _visible_transfer(request, pk)
    scoping.require(request.user, "relief.edit", transfer.target)
    form = forms.ReceiveForm(request.POST or None, lines=transfer.lines.select_related("item"))
    done = submitted(request, form, lambda **_: transfers.receive(transfer, by=request.user, **form.service_kwargs()),
                     then=reverse("relief:transfer", args=[transfer.pk]), success="已确认收货，物资已入库。")
    return done or render(request, FORM, {"form": form, "title": f"收货确认：调拨单 {transfer.number}"})
