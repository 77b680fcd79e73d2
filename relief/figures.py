"""The yearly figures of the relief registers for any org's subtree as of any date (issue: stock
in and out by item, households helped, donations received and used). Each figure is one aggregate
query over the subtree's rows up to the date; nothing is counted in a Python loop."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from orgs.models import Organization
from relief.models import Distribution, Donation, DonationUse, Move, MoveKind, Project

#: what enters the subtree's stock from outside it: a transfer between two warehouses of the same
#: subtree is not new stock, a transfer from a body above it is
INTAKE = (MoveKind.DONATION_IN, MoveKind.PURCHASE_IN, MoveKind.ALLOCATION_IN)


def yearly(root: Organization, year: int, on: date) -> dict:
    start, end = date(year, 1, 1), min(date(year, 12, 31), on)
    moves = Move.objects.filter(warehouse__org__path__startswith=root.path, occurred_on__range=(start, end))
    by_item = moves.values("item__name", "item__unit").annotate(
        received=Sum("quantity", filter=Q(kind__in=INTAKE) | (
            Q(kind=MoveKind.TRANSFER_IN) & ~Q(transfer__source__org__path__startswith=root.path))),
        distributed=Sum("quantity", filter=Q(kind=MoveKind.DISTRIBUTION_OUT)),
        adjusted=Sum("quantity", filter=Q(kind=MoveKind.ADJUST)),
    ).order_by("item__name")
    households = moves.filter(kind=MoveKind.DISTRIBUTION_OUT).aggregate(n=Sum("households"))["n"] or 0
    gifts = Donation.objects.filter(org__path__startswith=root.path, received_on__range=(start, end),
                                    voided_at__isnull=True).aggregate(
        count=Count("pk"), money=Sum("amount", filter=Q(kind=Donation.Kind.MONEY)),
        goods=Sum("amount", filter=Q(kind=Donation.Kind.GOODS)), restricted=Count("pk", filter=Q(restricted=True)))
    used = DonationUse.objects.filter(donation__org__path__startswith=root.path, used_on__range=(start, end),
                                      donation__voided_at__isnull=True).aggregate(
        money=Sum("amount"), count=Count("pk"))
    given = Distribution.objects.filter(org__path__startswith=root.path, held_on__range=(start, end)).aggregate(
        count=Count("pk"), households=Sum("households"), money=Sum("money"))
    plans = Project.objects.filter(org__path__startswith=root.path, starts_on__lte=end).running_in(year).aggregate(
        count=Count("pk"), boai=Count("pk", filter=Q(kind=Project.Kind.BOAI_HOME)), budget=Sum("budget"))
    zero = Decimal("0")
    return {
        "projects": plans["count"], "boai_homes": plans["boai"], "project_budget": plans["budget"] or zero,
        "distributions": given["count"], "distribution_households": given["households"] or 0,
        "distribution_money": given["money"] or zero,
        "start": start, "end": end, "households": households,
        "items": [{"name": r["item__name"], "unit": r["item__unit"], "received": r["received"] or zero,
                   "distributed": -(r["distributed"] or zero), "adjusted": r["adjusted"] or zero} for r in by_item],
        "donations": gifts["count"], "restricted": gifts["restricted"], "money": gifts["money"] or zero,
        "goods_value": gifts["goods"] or zero, "used_money": used["money"] or zero, "uses": used["count"],
    }


#: the statistics report's lines, in the order of relief's own figures page: (key, label, unit)
REPORT_LINES = [
    ("donations", "接收捐赠（不含作废）", "笔"), ("restricted", "其中定向捐赠", "笔"), ("money", "捐赠资金", "元"),
    ("goods_value", "捐赠物资折价", "元"), ("used_money", "登记使用的捐赠资金", "元"),
    ("households", "物资台账发放受助户数", "户次"), ("distributions", "发放记录", "次"),
    ("distribution_households", "发放记录受助户数", "户次"), ("distribution_money", "发放资金", "元"),
    ("projects", "项目", "个"), ("boai_homes", "其中博爱家园", "个"), ("project_budget", "项目预算", "元"),
]


def report_rows(root: Organization, on: date) -> list[tuple[str, str, object]]:
    """The year of ``on`` up to ``on`` as ``(label, unit, value)`` rows for the statistics report
    (registered in ``reports.sections`` by relief's AppConfig)."""
    result = yearly(root, on.year, on)
    rows = [(label, unit, result[key]) for key, label, unit in REPORT_LINES]
    for item in result["items"]:
        rows += [(f"{item['name']}入库", item["unit"], item["received"]),
                 (f"{item['name']}发放", item["unit"], item["distributed"]),
                 (f"{item['name']}盘点调整", item["unit"], item["adjusted"])]
    return rows
